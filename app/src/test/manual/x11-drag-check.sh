#!/usr/bin/env bash
# A real X11 drag-and-drop into the workbench: a second X client (DragSource) drags a local file,
# xdotool moves the pointer like a hand, and the file must arrive in the sandbox's /workspace.
# Needs xvfb, xdotool, curl, python3. Run from the repository root after
#   ./mvnw -q -pl app -am package -DskipTests && ./mvnw -q -pl app test-compile
set -euo pipefail
cd "$(dirname "$0")/../../../.."
work=$(mktemp -d)
chmod 711 "$work"   # as root, sandboxes run as their own uids and must reach the engine directory
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
sleep 1
export DISPLAY=$display
mkdir -p "$work/home/config"
printf '{"windowX":0,"windowY":0,"windowWidth":1200,"windowHeight":900}' > "$work/home/config/settings.json"
SANDBENCH_CDS=off java -jar app/target/sandbench-app.jar --data-dir "$work/home" > "$work/app.log" 2>&1 &
for _ in $(seq 60); do grep -q "Listening on" "$work/app.log" && break; sleep 0.5; done
[ -n "$(grep -o "Listening on" "$work/app.log")" ] || { echo "x11-drag-check: the workbench did not start:" >&2; cat "$work/app.log" >&2; exit 1; }
url=$(grep -o "Listening on http://[0-9.:]*" "$work/app.log" | head -1 | sed 's/Listening on //')
key=$(cat "$work/home/data/engine/admin.key")
curl -sf -X POST "$url/v1/sandboxes" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
     -d '{"name":"drop-target"}' > "$work/sbx.json"
id=$(python3 -c "import json;print(json.load(open('$work/sbx.json'))['id'])")
sleep 4
# Select the sandbox (first explorer row), so the file tree shows its /workspace.
xdotool mousemove 120 200 click 1
sleep 3
echo "dropped through X11 at $(date)" > "$work/dropped.txt"
cp_path=app/target/test-classes:$(cat app/target/bench.cp 2>/dev/null || ./mvnw -q -pl app dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
java -cp "$cp_path" 'dev.sandbench.app.manual.DragSource$Launcher' 1250 100 300 120 "$work/dropped.txt" > "$work/source.log" 2>&1 &
sleep 4
# Press on the source, move in small steps over to the file tree, release there.
xdotool mousemove 1400 160 mousedown 1
for x in $(seq 1390 -40 150); do xdotool mousemove "$x" $((160 + (1400 - x) / 3)); sleep 0.03; done
xdotool mousemove 150 700; sleep 0.5; xdotool mousemove 160 705; sleep 0.5
xdotool mouseup 1
for _ in $(seq 40); do
  if curl -sf "$url/v1/sandboxes/$id/files/content?path=/workspace/dropped.txt" -H "Authorization: Bearer $key" | grep -q "dropped through X11"; then
    echo "x11-drag-check: OK, the dropped file arrived in $id:/workspace/dropped.txt"
    exit 0
  fi
  sleep 0.5
done
echo "x11-drag-check: FAILED, the file did not arrive" >&2
cat "$work/source.log" >&2
exit 1
