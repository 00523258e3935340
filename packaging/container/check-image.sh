#!/usr/bin/env bash
# The serve-codec container image as an organization runs it, against the real temporal CLI and dev server:
#   1. build-image.sh builds it; its configuration is checked (non-root user, exec-form HEALTHCHECK and entry point,
#      the OCI labels);
#   2. it runs with a read-only root, every capability dropped and no privilege escalation, its keys from a folder
#      laid out as kubelet mounts a Secret (..data links, mode 0440, group 10001), listening on loopback;
#   3. /readyz answers, the image's HEALTHCHECK passes, and `temporal workflow show --codec-endpoint` through it
#      leaves the payloads encrypted (the Secret lacks their key);
#   4. the Secret rotates (..data swapped to a folder with the key): within seconds the same command decodes;
#   5. SIGTERM with requests in flight: each is answered 200 and the container exits 0; its log is JSON lines.
#
#   check-image.sh BUILD_DIR TEMPORAL_FIXTURE_DIR
#
# Needs root, podman, buildah, runc and mmdebstrap; exits 77 (skipped) without them.
set -euo pipefail

build="$(cd "${1:?usage: check-image.sh BUILD_DIR TEMPORAL_FIXTURE_DIR}" && pwd)"
fixture="$(cd "${2:?usage: check-image.sh BUILD_DIR TEMPORAL_FIXTURE_DIR}" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="$here/containers.conf"
export TEMPORAL_VERSION_CHECK_DISABLED=1

step() { printf '\n== %s  (%s)\n' "$*" "$(date +%T)"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then echo "SKIP: building and running the image needs root" >&2; exit 77; fi
for tool in podman buildah runc mmdebstrap; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed" >&2; exit 77; }
done
# shellcheck disable=SC1091
. "$fixture/server.env"
[ -n "${ADDRESS:-}" ] && [ -x "${TEMPORAL:-}" ] || fail "no dev server in $fixture (the temporal fixture)"
key_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["keyId"])' "$fixture/manifest.json")"
key_text="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["keyText"])' "$fixture/manifest.json")"

version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
image="localhost/historylens-codec:$version"
name="historylens-codec-check-$$"
work="$(mktemp -d)"
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step "build the image"
bash "$here/build-image.sh" "$build" "$image" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build-image.sh failed"; }

step "its configuration"
inspect() { podman image inspect "$image" --format "$1"; }
[ "$(inspect '{{.Config.User}}')" = "10001:10001" ] || fail "the image does not run as user 10001"
[ "$(inspect '{{json .Config.Healthcheck.Test}}')" = '["CMD","/usr/bin/historylens-cli","serve-codec","--health-check"]' ] \
  || fail "HEALTHCHECK is not the exec-form health check: $(inspect '{{json .Config.Healthcheck}}')"
[ "$(inspect '{{json .Config.Entrypoint}}')" = '["/usr/bin/historylens-cli","serve-codec"]' ] || fail "unexpected entry point"
[ "$(inspect '{{index .Config.Labels "org.opencontainers.image.version"}}')" = "$version" ] || fail "no version label"
for label in source licenses revision created title; do
  [ -n "$(inspect "{{index .Config.Labels \"org.opencontainers.image.$label\"}}")" ] || fail "no org.opencontainers.image.$label label"
done
podman run --rm --entrypoint /usr/bin/id "$image" -u | grep -qx 10001 || fail "the container's user is not 10001"

step "a Secret volume without the workflows' key"
secret="$work/secret"
# kubelet's layout: the files in a timestamped folder, ..data linking to it, a link per key through ..data.
mount_secret() { # VERSION ID=TEXT...
  local version="$1"; shift
  mkdir -p "$secret/..$version"
  for pair in "$@"; do
    printf '%s' "${pair#*=}" >"$secret/..$version/${pair%%=*}"
  done
  chown -R 0:10001 "$secret/..$version"
  chown 0:10001 "$secret"
  chmod 0750 "$secret" "$secret/..$version"
  chmod 0440 "$secret/..$version"/*
  ln -sfn "..$version" "$secret/..data_tmp"
  mv -T "$secret/..data_tmp" "$secret/..data"
  for pair in "$@"; do
    ln -sfn "..data/${pair%%=*}" "$secret/${pair%%=*}"
  done
}
mkdir -p "$secret"
mount_secret 2026_12_06_08_00_00.1 "retired-key=retired-key-retired-key-retired!"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
podman run -d --name "$name" --network host --read-only --cap-drop ALL --security-opt no-new-privileges \
  -v "$secret:/keys:ro" -e HISTORYLENS_SERVE_KEY_DIR=/keys -e HISTORYLENS_SERVE_LISTEN="127.0.0.1:$port" \
  -e HISTORYLENS_SERVE_WATCH_KEYS=1 -e HISTORYLENS_SERVE_DRAIN_TIMEOUT=20 "$image" >/dev/null
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fs "$url/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
[ "$(curl -fs "$url/readyz")" = "ready" ] || { podman logs "$name"; fail "/readyz did not answer ready"; }
podman healthcheck run "$name" 2>/dev/null || fail "the image's HEALTHCHECK failed"

show() {
  "$TEMPORAL" workflow show --address "$ADDRESS" -w order-0042 -o json --codec-endpoint "$url"
}
# What `temporal workflow show -o json` printed: "ENCRYPTED DECODED" counts its payloads still binary/encrypted,
# and whether the workflow's result (LAMP-7) is among the decoded ones.
payloads() {
  python3 - "$1" <<'PY'
import base64, json, sys
def walk(node):
    if isinstance(node, dict):
        if "metadata" in node and "encoding" in node["metadata"]:
            yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)
found = list(walk(json.load(open(sys.argv[1]))))
encrypted = sum(base64.b64decode(p["metadata"]["encoding"]) == b"binary/encrypted" for p in found)
lamp = any(b"LAMP-7" in base64.b64decode(p.get("data", "")) for p in found)
print(encrypted, int(lamp))
PY
}
show >"$work/before.json" || fail "temporal workflow show --codec-endpoint failed"
read -r encrypted lamp < <(payloads "$work/before.json")
[ "$encrypted" -ge 3 ] && [ "$lamp" = 0 ] || fail "payloads were decoded without their key ($encrypted encrypted)"

step "rotate the Secret: the key arrives"
mount_secret 2026_12_06_08_05_00.2 "retired-key=retired-key-retired-key-retired!" "$key_id=$key_text"
rotated=0
for _ in $(seq 1 50); do
  show >"$work/after.json" 2>/dev/null && [ "$(payloads "$work/after.json")" = "0 1" ] && { rotated=1; break; }
  sleep 0.2
done
[ "$rotated" = 1 ] || { podman logs "$name"; fail "the rotated key was not used within 10 s"; }
echo "the rotated key decodes through the container"

step "SIGTERM with requests in flight"
python3 - "$port" "$name" <<'PY' || fail "a request in flight was not answered"
import json, socket, subprocess, sys, time
port, name = int(sys.argv[1]), sys.argv[2]
body = json.dumps({"payloads": [{"metadata": {"encoding": "anNvbi9wbGFpbg=="}, "data": "IjEi"}]}).encode()
head = (f"POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
sockets = []
for _ in range(8):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(head + body[:5])  # the request is being read when the signal comes
    sockets.append(s)
time.sleep(0.5)
subprocess.run(["podman", "kill", "--signal", "TERM", name], check=True, capture_output=True)
time.sleep(1)
answered = 0
for s in sockets:
    s.sendall(body[5:])
    answer = b""
    while chunk := s.recv(65536):
        answer += chunk
    if answer.startswith(b"HTTP/1.1 200 "):
        answered += 1
    else:
        print("answer:", answer[:200], file=sys.stderr)
print(f"{answered} of {len(sockets)} requests in flight answered 200")
sys.exit(0 if answered == len(sockets) else 1)
PY
status="$(podman wait "$name")"
[ "$status" = 0 ] || { podman logs "$name"; fail "the container exited $status after SIGTERM, not 0"; }

step "its log"
podman logs "$name" >"$work/log" 2>&1
grep -q '"event":"reload".*added '"$key_id" "$work/log" || { cat "$work/log"; fail "no reload line naming the key"; }
grep -q 'Requests served: .* 0 refused' "$work/log" || { cat "$work/log"; fail "no clean stop line"; }
python3 - "$work/log" <<'PY' || fail "a request's log line is not JSON"
import json, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("{")]
assert len(lines) >= 8, f"only {len(lines)} JSON lines"
for line in lines:
    json.loads(line)
PY
grep -q "$key_text" "$work/log" && fail "the key is in the log"
echo "PASS: the image serves, rotates its keys and drains"
