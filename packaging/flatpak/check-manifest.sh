#!/usr/bin/env bash
# Checks the Flatpak manifest as far as this machine can (building needs the KDE SDK from Flathub, which the Linux
# workflow's flatpak job has): flatpak-builder parses it, and it agrees with the rest of the build on the app id, the
# sandbox holes HistoryLens needs, and the Temporal API tarball's checksum.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
manifest="$here/io.github.historylens.HistoryLens.yml"
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
command -v flatpak-builder >/dev/null || fail "flatpak-builder is missing (dev.sh installs it)"

parsed="$(flatpak-builder --show-manifest "$manifest")" || fail "flatpak-builder cannot read $manifest"
python3 - "$parsed" "$root" <<'PY' || exit 1
import json, re, sys
manifest = json.loads(sys.argv[1])
root = sys.argv[2]
problems = []
cmake = open(f"{root}/CMakeLists.txt").read()
app_id = re.search(r'set\(HL_APP_ID "([^"]+)"\)', cmake).group(1)
found_id = manifest.get("id") or manifest.get("app-id")
if found_id != app_id:
    problems.append(f"the id {found_id} is not the project's {app_id}")
args = manifest.get("finish-args", [])
for needed in ("--share=network", "--talk-name=org.freedesktop.secrets", "--socket=wayland", "--socket=fallback-x11"):
    if needed not in args:
        problems.append(f"finish-args lacks {needed}")
if any(a.startswith("--filesystem=home") or a == "--filesystem=host" for a in args):
    problems.append("finish-args opens the home folder; files come through the portals")
modules = {m["name"]: m for m in manifest.get("modules", []) if isinstance(m, dict)}
app = modules.get("historylens")
if not app:
    problems.append("no historylens module")
else:
    fetch = open(f"{root}/cmake/FetchTemporalApi.cmake").read()
    version = re.search(r'set\(HL_CORE_BRIDGE_VERSION "([^"]+)"\)', fetch).group(1)
    sha512 = re.search(r'set\(HL_CORE_BRIDGE_SHA512\s+"([0-9a-f]+)"\)', fetch).group(1)
    archives = [s for s in app.get("sources", []) if s.get("type") == "archive"]
    if not any(s.get("sha512") == sha512 and s.get("url", "").endswith(f"core-bridge-{version}.tgz") for s in archives):
        problems.append(f"the Temporal API archive is not core-bridge {version} with FetchTemporalApi's SHA-512")
    if "-DHL_BUILD_TESTS=OFF" not in app.get("config-opts", []):
        problems.append("the app module builds the tests")
for name, module in modules.items():
    for source in module.get("sources", []):
        if source.get("type") == "git" and not (source.get("tag") or source.get("commit")):
            problems.append(f"module {name}: a git source without a tag or commit")
        if source.get("type") in ("archive", "file") and not (source.get("sha256") or source.get("sha512")):
            problems.append(f"module {name}: an archive without a checksum")
for p in problems:
    print("FAIL:", p)
print(f"{found_id}: {len(modules)} modules, runtime {manifest['runtime']}//{manifest['runtime-version']}")
sys.exit(1 if problems else 0)
PY
