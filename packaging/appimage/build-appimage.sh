#!/usr/bin/env bash
# Builds HistoryLens-<version>-x86_64.AppImage into build-appimage/ (the Linux workflow's appimage job, in a Debian 12
# container, so the AppImage runs on glibc 2.36 and later). The install rules fill an AppDir under /usr; linuxdeploy
# and its Qt plugin copy the libraries and Qt plugins beside it and make the AppImage.
#
# It downloads linuxdeploy (GitHub releases), so it is a CI step, never part of the tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/build-appimage"
tools="$out/tools"
appdir="$out/AppDir"
app_id="io.github.historylens.HistoryLens"

# The build and its Debian dependencies, as for the .deb (the test suite is not needed here).
HL_PRESET="${HL_PRESET:-default}" bash "$root/packaging/debian/dev.sh" package >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl file libsecret-1-0 >/dev/null

mkdir -p "$tools"
for tool in linuxdeploy-x86_64.AppImage linuxdeploy-plugin-qt-x86_64.AppImage; do
  [ -x "$tools/$tool" ] && continue
  case "$tool" in
    linuxdeploy-x86_64.AppImage) repo=linuxdeploy/linuxdeploy ;;
    *) repo=linuxdeploy/linuxdeploy-plugin-qt ;;
  esac
  curl -fsSLo "$tools/$tool" "https://github.com/$repo/releases/download/continuous/$tool"
  chmod +x "$tools/$tool"
done

rm -rf "$appdir"
DESTDIR="$appdir" cmake --install "$root/build" --prefix /usr >/dev/null
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$root/build/CMakeCache.txt")"

# Containers have no FUSE: the tools run extracted. QtKeychain opens libsecret at run time, which linuxdeploy
# cannot see, so it is named (-l).
export APPIMAGE_EXTRACT_AND_RUN=1 PATH="$tools:$PATH"
export QMAKE="${QMAKE:-/usr/lib/qt6/bin/qmake}" LDAI_OUTPUT="$out/HistoryLens-$version-x86_64.AppImage"
cd "$out"
linuxdeploy-x86_64.AppImage --appdir "$appdir" --plugin qt --output appimage \
  --desktop-file "$appdir/usr/share/applications/$app_id.desktop" \
  --icon-file "$appdir/usr/share/icons/hicolor/256x256/apps/$app_id.png" \
  --executable "$appdir/usr/bin/historylens" --executable "$appdir/usr/bin/historylens-cli" \
  --library "$(ldconfig -p | awk '/libsecret-1.so.0 / {print $NF; exit}')"
"$LDAI_OUTPUT" --appimage-extract-and-run --version
echo "built $LDAI_OUTPUT"
