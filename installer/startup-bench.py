#!/usr/bin/env python3
"""Startup of the installed workbench against the dev jar, for docs/benchmarks.md ("Packages").

Needs the .deb installed (/usr/bin/sandbench) and app/target/sandbench-app.jar built. Runs each
variant's --startup-report under Xvfb in a throwaway HOME, with and without the class-data
archive (SANDBENCH_CDS=off), interleaved so that load from other work spreads over all of them.
Usage: installer/startup-bench.py [runs per variant, default 5]
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
root = tempfile.mkdtemp(prefix="sandbench-startup-", dir="/tmp")
os.chmod(root, 0o755)  # as root the engine's sandboxes must be able to enter the data directory
# One HOME per variant: CdsLauncher keeps one archive per cache directory and deletes the others.
variants = {
    "installed": ["/usr/bin/sandbench"],
    "dev jar": ["java", "-jar", os.path.join(repo, "app/target/sandbench-app.jar")],
}


def run(name, cmd, data, extra_env=None):
    """Wall ms from spawn to the report line, and the app's own window_ms / ready_ms."""
    home = f"{root}/home-{name.replace(' ', '-')}"
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home + "/.cache")
    t0 = time.monotonic()
    p = subprocess.Popen(["timeout", "120", "xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"] + cmd
                         + ["--startup-report", "--data-dir", data],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(env, **(extra_env or {})))
    wall, window, ready = None, None, None
    for line in p.stdout:
        m = re.match(r"startup-report window_ms=(\d+) ready_ms=(\d+)", line)
        if m:
            wall, window, ready = (time.monotonic() - t0) * 1000, int(m.group(1)), int(m.group(2))
    p.wait()
    if wall is None:
        sys.exit(f"no startup report from {cmd}")
    return wall, window, ready


try:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results = {}
    for name, cmd in variants.items():  # first start: fresh data directory, archive recorded
        wall, window, ready = run(name, cmd, f"{root}/first-{name.replace(' ', '-')}")
        print(f"{name}, first start: wall {wall:.0f} ms, window_ms {window}, ready_ms {ready}", flush=True)
    for _ in range(n):
        for name, cmd in variants.items():
            for cds in ("on", "off"):
                r = run(name, cmd, f"{root}/data-{name.replace(' ', '-')}", {"SANDBENCH_CDS": "off"} if cds == "off" else None)
                results.setdefault((name, cds), []).append(r)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("| variant | n | wall to ready, median (min-max) | ready_ms median | window_ms median |")
    print("|---|---:|---:|---:|---:|")
    for (name, cds), v in results.items():
        walls = [x[0] for x in v]
        print(f"| {name}, archive {cds} | {len(v)} | {statistics.median(walls):.0f} ms ({min(walls):.0f}-{max(walls):.0f}) "
              f"| {statistics.median(x[2] for x in v):.0f} ms | {statistics.median(x[1] for x in v):.0f} ms |")
finally:
    shutil.rmtree(root, ignore_errors=True)
