#!/usr/bin/env bash
# Runs `shipper $SHIPPER_ARGS` in the action's step. The arguments are split like a shell would
# split words (quotes, backslashes) but never evaluated: `args:` may hold text from the event
# (a branch name), which must not become a command.
set -euo pipefail
args=()
if [ -n "${SHIPPER_ARGS:-}" ]; then
  while IFS= read -r -d '' word; do args+=("$word"); done \
    < <(printf '%s' "$SHIPPER_ARGS" | xargs printf '%s\0')
fi
exec shipper ${args[@]+"${args[@]}"}
