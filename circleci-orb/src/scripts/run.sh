#!/usr/bin/env bash
# Runs one ci-constraints command from the bundle the install step unpacked. Every input reaches
# the CLI as a CI_CONSTRAINTS_<INPUT> variable of the step (never spliced into shell text, never a
# flag), so a parameter cannot become shell code and no credential is on a command line. A
# credential parameter (env_var_name) names the project/context variable holding it: its value is
# copied into CI_CONSTRAINTS_<INPUT> with `export`, a builtin, so no process argument carries it.
set -euo pipefail
cli="${CI_CONSTRAINTS_HOME:-/tmp/ci-constraints}/dist/cli.js"
if [ ! -f "$cli" ]; then
  echo "ci-constraints: $cli is missing: run the orb's install command first" >&2
  exit 2
fi
action="$CIC_ACTION"
command="${CIC_COMMAND:-run}"
args=("$action")
report="ci-constraints-reports/$action.json"
if [ "$command" != run ]; then
  args+=("$command" --junit "test-results/ci-constraints/$action-$command.xml")
  report="ci-constraints-reports/$action-$command.json"
fi
mkdir -p ci-constraints-reports
args+=(--platform circleci --report "$report")
for name in ${CIC_SECRET_INPUTS:-}; do
  upper="$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')"
  ref_var="CIC_SECRET_$upper"
  ref="${!ref_var:-}"
  [ -n "$ref" ] || continue
  if [[ ! "$ref" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
    echo "ci-constraints: parameter $name: \"$ref\" is not an environment variable name" >&2
    exit 2
  fi
  if [ -n "${!ref:-}" ]; then
    export "CI_CONSTRAINTS_$upper=${!ref}"
  fi
done
exec node "$cli" "${args[@]}"
