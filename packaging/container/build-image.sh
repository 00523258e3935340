#!/usr/bin/env bash
# Builds the serve-codec container image from a build tree:
#   1. cpack makes the project's .deb;
#   2. mmdebstrap makes a Debian 12 root file system the way debian:bookworm-slim is made (minbase, no
#      documentation or locales), with ca-certificates, the .deb and what it depends on, and a user 10001;
#   3. buildah builds packaging/container/Containerfile on it (docker format, which keeps HEALTHCHECK), labelled
#      with the version, revision and licence.
#
#   build-image.sh BUILD_DIR [IMAGE]     (IMAGE defaults to localhost/historylens-codec:VERSION)
#
# Needs root, podman/buildah, runc and mmdebstrap (packaging/debian/build-deps.txt) and Debian's package mirror.
set -euo pipefail

build="$(cd "${1:?usage: build-image.sh BUILD_DIR [IMAGE]}" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[ -n "$version" ] || { echo "build-image.sh: no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt" >&2; exit 1; }
image="${2:-localhost/historylens-codec:$version}"
export CONTAINERS_CONF="$here/containers.conf"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== the .deb" >&2
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; exit 1; }
deb="$build/packages/historylens_${version}-1_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "build-image.sh: cpack made no $deb" >&2; exit 1; }
cp "$deb" "$work/historylens.deb"

echo "== the root file system (mmdebstrap)" >&2
# debian:bookworm-slim's exclusions: documentation, manuals and locales are of no use in a service's image.
mmdebstrap --quiet --variant=minbase --mode=root \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount --include="ca-certificates,$work/historylens.deb" \
  --customize-hook='chroot "$1" groupadd --gid 10001 historylens' \
  --customize-hook='chroot "$1" useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin historylens' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  bookworm "$work/rootfs.tar" >&2

echo "== the image ($image)" >&2
cp "$here/Containerfile" "$work/Containerfile"
buildah build --quiet --format docker --layers=false -f "$work/Containerfile" \
  --build-arg VERSION="$version" \
  --build-arg REVISION="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)" \
  --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  -t "$image" "$work" >&2
echo "$image"
