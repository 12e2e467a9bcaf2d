#!/usr/bin/env bash
# CI packaging check: build the .deb with the README's command, install it as a user would
# (apt-get resolves the declared dependencies), run the installed launcher's --smoke-test under
# Xvfb, start the installed sandbench-engine, then remove the package and check that nothing of
# it is left (the desktop's files from resources/share under /usr/share included). Needs root or
# sudo, fakeroot, xvfb and xdg-utils (installed by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_get() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
installed() { dpkg-query -W -f='${Status}' sandbench 2>/dev/null | grep -q "install ok installed"; }
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - t0))"; }
t0=$SECONDS

work=$(mktemp -d /tmp/sandbench-pkgcheck-XXXXXX)
# As root the engine runs each sandbox as its own uid, which must be able to enter the data directory.
chmod 755 "$work"
engine_pid=""
cleanup() {
  status=$?
  [ -n "$engine_pid" ] && kill "$engine_pid" 2>/dev/null && wait "$engine_pid" 2>/dev/null
  if installed; then apt_get remove -y -qq --purge sandbench >/dev/null || true; fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

if installed; then
  # A package left by an interrupted run (or a developer's own, perhaps a newer version that
  # apt-get would refuse to downgrade): removed first. Data outside /opt/sandbench is never touched.
  echo "note: removing the installed sandbench $(dpkg-query -W -f='${Version}' sandbench) first"
  apt_get remove -y -qq --purge sandbench >/dev/null
fi

step "build the .deb: ./mvnw -B -q -pl installer -am package -Pinstaller -DskipTests"
rm -rf installer/target/packages
./mvnw -B -q -pl installer -am package -Pinstaller -DskipTests
debs=(installer/target/packages/sandbench_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "expected one .deb, found: ${debs[*]}"; exit 1; }
deb=${debs[0]}
echo "$deb: $(stat -c %s "$deb") bytes; app image $(du -s --block-size=1 installer/target/app-image/sandbench | cut -f1) bytes"

# The desktop's files (resources/share) go to the same paths under /usr/share; directories made
# for them must go again on removal, so note which exist now.
mapfile -t shared < <(cd resources/share && find . -type f | sed 's|^\./|/usr/share/|' | sort)
ancestors() { local d; for f in "$@"; do d=$(dirname "$f"); while [ "$d" != /usr/share ]; do echo "$d"; d=$(dirname "$d"); done; done | sort -u; }
declare -A existed=()
while read -r d; do if [ -d "$d" ]; then existed[$d]=1; fi; done < <(ancestors "${shared[@]}")
mime=application/vnd.sandbench.session+json

step "install with apt-get"
apt_get install -y -qq --no-install-recommends "./$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }
installed || { echo "sandbench is not installed after apt-get install"; exit 1; }
for f in /opt/sandbench/bin/sandbench /opt/sandbench/bin/sandbench-engine /usr/bin/sandbench /usr/bin/sandbench-engine \
         /opt/sandbench/lib/runtime/lib/server/classes.jsa; do
  [ -e "$f" ] || { echo "missing after install: $f"; exit 1; }
done
for f in "${shared[@]}"; do
  cmp -s "resources/share/${f#/usr/share/}" "$f" || { echo "missing or different after install: $f"; exit 1; }
done
echo "${#shared[@]} files in /usr/share: menu entry, metainfo, MIME type, icons"
# The caches postinst updates: the MIME database (shared-mime-info comes with GTK), and the icon
# cache and desktop database where their tools are installed.
grep -qx "$mime" /usr/share/mime/types || { echo "the MIME database does not know $mime"; exit 1; }
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  grep -qa "application-vnd.sandbench.session+json" /usr/share/icons/hicolor/icon-theme.cache \
    || { echo "the hicolor icon cache lacks the session icon"; exit 1; }
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  grep -q "^$mime=.*sandbench.desktop" /usr/share/applications/mimeinfo.cache \
    || { echo "the desktop database does not open $mime with sandbench.desktop"; exit 1; }
fi
# The freedesktop validators, where installed (desktop-file-utils, appstream).
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate /usr/share/applications/sandbench.desktop || { echo "desktop-file-validate failed"; exit 1; }
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net /usr/share/metainfo/dev.sandbench.Sandbench.metainfo.xml >"$work/appstream.log" 2>&1 \
    || { cat "$work/appstream.log"; echo "appstreamcli validate failed"; exit 1; }
fi

step "installed launcher: sandbench --smoke-test under xvfb-run"
# A fresh HOME: the smoke test then uses a throwaway data directory, and the class-data archive
# the launcher records on this first run lands in $work, not in the real home.
export HOME="$work/home" XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME"
timeout 180 xvfb-run -a -s "-screen 0 1600x1000x24" sandbench --smoke-test >"$work/smoke.log" 2>&1 \
  || { cat "$work/smoke.log"; echo "smoke test failed"; exit 1; }
grep '^smoke-test' "$work/smoke.log"
ls "$XDG_CACHE_HOME"/sandbench/app-*.jsa >/dev/null 2>&1 \
  || { echo "the installed launcher recorded no class-data archive (CDS relaunch not working)"; exit 1; }

step "installed launcher with its class-data archive: sandbench --startup-report"
# timeout: --startup-report waits for a ready workbench, which never comes if the engine fails.
timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" sandbench --startup-report --data-dir "$work/data" >"$work/report.log" 2>&1 \
  || { cat "$work/report.log"; echo "startup report failed"; exit 1; }
grep '^startup-report' "$work/report.log"

step "second launcher: sandbench-engine"
sandbench-engine --port 0 --data-dir "$work/engine" >"$work/engine.log" 2>&1 &
engine_pid=$!
url=""
for _ in $(seq 1 120); do
  url=$(sed -n 's/^Sandbench engine .* listening on \(http[^ ]*\).*/\1/p' "$work/engine.log")
  [ -n "$url" ] && break
  kill -0 "$engine_pid" 2>/dev/null || break
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/engine.log"; echo "sandbench-engine did not start"; exit 1; }
curl -fsS "$url/v1/health" >/dev/null || { cat "$work/engine.log"; echo "sandbench-engine does not answer at $url"; exit 1; }
echo "sandbench-engine answered at $url"
kill "$engine_pid"; wait "$engine_pid" 2>/dev/null || true; engine_pid=""

step "remove"
apt_get remove -y -qq --purge sandbench >/dev/null
left=()
for f in /opt/sandbench /usr/bin/sandbench /usr/bin/sandbench-engine "${shared[@]}" "/usr/share/mime/$mime.xml"; do
  if [ -e "$f" ] || [ -L "$f" ]; then left+=("$f"); fi
done
while read -r d; do
  if [ -d "$d" ] && [ -z "${existed[$d]:-}" ]; then left+=("$d/"); fi
done < <(ancestors "${shared[@]}")
for cache in /usr/share/mime/types /usr/share/icons/hicolor/icon-theme.cache /usr/share/applications/mimeinfo.cache; do
  if grep -qa "sandbench" "$cache" 2>/dev/null; then left+=("sandbench in $cache"); fi
done
[ ${#left[@]} -eq 0 ] || { echo "left behind after removal: ${left[*]}"; exit 1; }
if dpkg-query -W sandbench >/dev/null 2>&1; then echo "dpkg still lists sandbench"; exit 1; fi

step "package check passed"
# Any failure above exits non-zero; this plain summary is the run's closing line for CI.
echo "package-check: 6 passed, 0 failed"
