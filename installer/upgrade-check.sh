#!/usr/bin/env bash
# Upgrade in place keeps a user's connections, keys and sandboxes (ADR 0011). Builds the .deb of
# this version and of a higher one, installs the first, gives a throwaway user a saved remote
# connection with its API key (through the workbench's own ConnectionStore and SecretStore) and a
# sandbox in the default engine directory, upgrades with apt-get, and checks that all of it is
# still there and the upgraded workbench passes its smoke test on that data. Run as root; removes
# the package and the user at the end. Not part of CI (it builds twice): run it before a release.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "run as root (it installs a package and adds a user)"; exit 1; }

user=sandbench-upgrade-check
home=/home/$user
old_version=${OLD_VERSION:-0.1.0}
new_version=${NEW_VERSION:-0.1.1}
work=$(mktemp -d /tmp/sandbench-upgrade-XXXXXX)
chmod 755 "$work"
engine_pid=""
apt_get() { env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
# setpriv execs (runuser would stay in between and not pass a kill on to the engine).
as_user() { setpriv --reuid="$user" --regid="$user" --init-groups env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }
cleanup() {
  status=$?
  [ -n "$engine_pid" ] && kill "$engine_pid" 2>/dev/null && wait "$engine_pid" 2>/dev/null
  if dpkg-query -W -f='${Status}' sandbench 2>/dev/null | grep -q "install ok installed"; then
    apt_get remove -y -qq --purge sandbench >/dev/null || true
  fi
  if id "$user" >/dev/null 2>&1; then
    pkill -u "$user" 2>/dev/null || true   # only this script's throwaway user
    sleep 1
    userdel -r "$user" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
id "$user" >/dev/null 2>&1 && { echo "user $user exists already; remove it first"; exit 1; }

for v in "$old_version" "$new_version"; do
  echo "== build $v"
  ./mvnw -B -q -pl installer -am package -Pinstaller -DskipTests -Dinstaller.version="$v"
  cp installer/target/packages/sandbench_"$v"-1_amd64.deb "$work/"
done

useradd -m -s /bin/bash "$user"
echo "== install $old_version"
apt_get install -y -qq --no-install-recommends "$work/sandbench_${old_version}-1_amd64.deb" >/dev/null

start_engine() {
  as_user sandbench-engine --port 0 >"$work/engine.log" 2>&1 &
  engine_pid=$!
  url=""
  for _ in $(seq 1 120); do
    url=$(sed -n 's/^Sandbench engine .* listening on \(http[^ ]*\).*/\1/p' "$work/engine.log")
    [ -n "$url" ] && return 0
    sleep 0.5
  done
  cat "$work/engine.log"; echo "engine did not start"; exit 1
}
stop_engine() { kill "$engine_pid"; wait "$engine_pid" 2>/dev/null || true; engine_pid=""; }

echo "== as $user: a saved connection with its key, and a sandbox in the default engine directory"
cat >"$work/put.jsh" <<'EOF'
import dev.sandbench.app.AppPaths;
import dev.sandbench.app.connection.*;
var paths = AppPaths.xdg().create();
var store = new ConnectionStore(paths.configDir(), SecretStore.best(paths.configDir()));
var all = new java.util.ArrayList<>(store.load());
all.add(new ConnectionProfile("upgrade-check", "Upgrade check", "https://engine.example.test:8443", "#3366cc", true));
store.save(all);
store.putKey("upgrade-check", "sk-upgrade-check-123");
System.out.println("saved in " + paths.configDir() + ", key in " + store.secrets().describe());
/exit
EOF
cat >"$work/get.jsh" <<'EOF'
import dev.sandbench.app.AppPaths;
import dev.sandbench.app.connection.*;
var paths = AppPaths.xdg();
var store = new ConnectionStore(paths.configDir(), SecretStore.best(paths.configDir()));
var found = store.load().stream().filter(p -> p.id().equals("upgrade-check")).findFirst();
System.out.println("connection " + found.map(ConnectionProfile::url).orElse("MISSING"));
System.out.println("key " + store.key("upgrade-check").orElse("MISSING"));
/exit
EOF
chmod 644 "$work"/*.jsh
as_user jshell --class-path /opt/sandbench/lib/app/sandbench-app.jar "$work/put.jsh"
start_engine
key=$(cat "$home/.local/share/sandbench/engine/admin.key")
sid=$(curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d '{"name":"upgrade-check","timeout":86400}' "$url/v1/sandboxes" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
     -d '{"command":"echo kept > /workspace/marker.txt"}' "$url/v1/sandboxes/$sid/exec" >/dev/null
echo "sandbox $sid with /workspace/marker.txt"
stop_engine
echo "== as $user: the workbench once (records its class-data archive)"
as_user timeout 120 xvfb-run -a sandbench --startup-report 2>/dev/null | grep '^startup-report'
archive_before=$(ls "$home/.cache/sandbench/")
sums_before=$(cd "$home" && sha256sum .config/sandbench/connections.json .config/sandbench/keys.json .local/share/sandbench/engine/admin.key)

echo "== upgrade to $new_version"
apt_get install -y -qq --no-install-recommends "$work/sandbench_${new_version}-1_amd64.deb" >/dev/null
installed=$(dpkg-query -W -f='${Version}' sandbench)
[ "$installed" = "${new_version}-1" ] || { echo "installed version is $installed"; exit 1; }
echo "installed $installed"

echo "== after the upgrade"
out=$(as_user jshell --class-path /opt/sandbench/lib/app/sandbench-app.jar "$work/get.jsh")
echo "$out"
grep -q '^connection https://engine.example.test:8443$' <<<"$out" || { echo "connection lost"; exit 1; }
grep -q '^key sk-upgrade-check-123$' <<<"$out" || { echo "key lost"; exit 1; }
sums_after=$(cd "$home" && sha256sum .config/sandbench/connections.json .config/sandbench/keys.json .local/share/sandbench/engine/admin.key)
[ "$sums_before" = "$sums_after" ] || { echo "files changed by the upgrade"; exit 1; }
start_engine
read -r name status < <(curl -fsS -H "Authorization: Bearer $key" "$url/v1/sandboxes/$sid" \
  | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["name"], s["status"])')
[ "$name" = "upgrade-check" ] || { echo "sandbox $sid lost"; exit 1; }
echo "sandbox $sid still there, $status (admin key unchanged)"
# A sandbox does not outlive its engine's process; it comes back stopped and starts again.
if [ "$status" != "running" ]; then
  curl -fsS -X POST -H "Authorization: Bearer $key" "$url/v1/sandboxes/$sid/start" >/dev/null
fi
marker=$(curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
         -d '{"command":"cat /workspace/marker.txt"}' "$url/v1/sandboxes/$sid/exec" \
         | python3 -c 'import json,sys; print(json.load(sys.stdin).get("stdout","").strip())')
[ "$marker" = "kept" ] || { echo "the sandbox's files are gone (got '$marker')"; exit 1; }
echo "its /workspace/marker.txt still says: $marker"
stop_engine
as_user timeout 180 xvfb-run -a sandbench --smoke-test 2>/dev/null | grep '^smoke-test'
archive_after=$(ls "$home/.cache/sandbench/")
echo "class-data archive: $archive_before -> $archive_after (rebuilt for the new jar, old one deleted)"
[ "$archive_before" != "$archive_after" ] && [ "$(wc -w <<<"$archive_after")" -eq 1 ] \
  || { echo "expected exactly one, new, archive"; exit 1; }
echo "== upgrade check passed"
