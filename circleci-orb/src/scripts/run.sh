#!/usr/bin/env bash
# Runs one ci-constraints command from the bundle the install step unpacked. Values come from
# CI_CONSTRAINTS_* variables set by the orb command (never spliced into shell text), so a
# parameter cannot become shell code. Secret inputs hold the NAME of the variable with the value.
set -euo pipefail
cli="${CI_CONSTRAINTS_HOME:-/tmp/ci-constraints}/dist/cli.js"
if [ ! -f "$cli" ]; then
  echo "ci-constraints: $cli is missing: run the orb's install command first" >&2
  exit 2
fi
action="$CI_CONSTRAINTS_ACTION"
command="${CI_CONSTRAINTS_COMMAND:-run}"
args=("$action")
report="ci-constraints-reports/$action.json"
if [ "$command" != run ]; then
  args+=("$command")
  report="ci-constraints-reports/$action-$command.json"
fi
mkdir -p ci-constraints-reports
args+=(--platform circleci --report "$report")
for name in ${CI_CONSTRAINTS_INPUTS:-}; do
  var="CI_CONSTRAINTS_INPUT_$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')"
  value="${!var:-}"
  case " ${CI_CONSTRAINTS_SECRET_INPUTS:-} " in
    *" $name "*)
      if [ -n "$value" ]; then
        value="${!value:-}"
      fi
      ;;
  esac
  if [ -n "$value" ]; then
    args+=("--$name" "$value")
  fi
done
exec node "$cli" "${args[@]}"
