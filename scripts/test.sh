#!/usr/bin/env bash
# `npm test`: the formatting, then typecheck, lint and the builds (turbo, cached by their inputs), then every
# package's vitest suite, in lanes side by side (scripts/test-lanes.mjs).
# Each step's output is streamed and also kept; when a step fails, the run ends with a summary of what failed
# (the failing tests and their first error lines), so the end of a long log says why it is red.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
logs=$(mktemp -d "${TMPDIR:-/tmp}/mcp-portal-test.XXXXXX")

prettier --check . --log-level warn 2>&1 | tee "$logs/format.log"
format=$?
turbo run typecheck lint:oxlint build --concurrency=2 --log-order=grouped --continue 2>&1 | tee "$logs/checks.log"
checks=$?

# The suites, in the lanes scripts/test-lanes.mjs balances.
node scripts/test-lanes.mjs "$logs"
tests=$?

if [ "$format" -eq 0 ] && [ "$checks" -eq 0 ] && [ "$tests" -eq 0 ]; then
  rm -rf "$logs"
  exit 0
fi
node scripts/test-summary.mjs "$logs"
exit 1
