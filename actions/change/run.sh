#!/usr/bin/env bash
# Turns the action's inputs (CHANGE_* environment variables, never interpolated into the
# script) into one `oncall-console change` command and runs it; its exit code is the step's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cli="${ONCALL_CONSOLE_CLI:-$here/../../bin/oncall-console.mjs}"

args=(change "$CHANGE_COMMAND" --workspace "$CHANGE_WORKSPACE")
add() { if [ -n "${2:-}" ]; then args+=("$1" "$2"); fi; }

case "$CHANGE_COMMAND" in
  open)
    add --service "${CHANGE_SERVICE:-}"
    add --version "${CHANGE_VERSION:-}"
    add --commit "${CHANGE_COMMIT:-}"
    add --run-url "${CHANGE_RUN_URL:-}"
    if [ -n "${CHANGE_EMERGENCY_INCIDENT:-}" ]; then
      args+=(--emergency --incident "$CHANGE_EMERGENCY_INCIDENT")
    elif [ "${CHANGE_NORMAL:-false}" = "true" ]; then
      args+=(--normal)
    else
      add --template "${CHANGE_TEMPLATE:-}"
    fi
    ;;
  gate)
    add --service "${CHANGE_SERVICE:-}"
    add --version "${CHANGE_VERSION:-}"
    add --change "${CHANGE_NUMBER:-}"
    if [ "${CHANGE_WAIT:-false}" = "true" ]; then
      args+=(--wait)
      add --timeout "${CHANGE_TIMEOUT:-}"
    fi
    ;;
  close)
    add --change "${CHANGE_NUMBER:-}"
    add --result "${CHANGE_RESULT:-}"
    add --notes "${CHANGE_NOTES:-}"
    ;;
  *)
    echo "The command input is open, gate or close (got \"$CHANGE_COMMAND\")." >&2
    exit 2
    ;;
esac

exec node "$cli" "${args[@]}"
