#!/usr/bin/env bash
# Runs every test: typecheck and lint, unit, integration on PGlite and on a real PostgreSQL
# (started for the run), and the browser end-to-end suite (Playwright Test) against a production
# server it starts. Every suite runs even when one before it failed; the closing line counts
# each suite's tests, and the exit status is non-zero when any failed.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_debs /usr/sbin/haproxy:haproxy /usr/bin/ping:iputils-ping /usr/bin/chromium:chromium /usr/lib/postgresql/15/bin/initdb:postgresql curl:curl
ensure_node_modules

step() { echo; echo "== $*"; }

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
counts=()
status=0

# suite <name> <vitest|playwright> <command…>: runs a suite with a JSON report next to its usual
# output, and keeps its counts for the closing line.
suite() {
  local name=$1 kind=$2 report
  shift 2
  report="$reports/${#counts[@]}.json"
  if [ "$kind" = vitest ]; then
    "$@" --reporter=default --reporter=json --outputFile.json="$report" || status=1
  else
    PLAYWRIGHT_JSON_OUTPUT_FILE="$report" "$@" || status=1
  fi
  counts+=("$(node scripts/test-counts.mjs "$name" "$kind" "$report")")
}

step "typecheck and lint"
npx tsc --noEmit
npx eslint --max-warnings 0 .
step "unit tests"
suite unit vitest npx vitest run --project unit
step "integration tests on PGlite"
suite "integration on PGlite" vitest npx vitest run --project integration
step "integration tests on PostgreSQL"
suite "integration on PostgreSQL" vitest env TEST_DB=postgres npx vitest run --project integration
step "end-to-end tests in Chromium"
# Builds when the build is stale, then starts the server: see docs/testing.md (E2E_PORT, NEXT_DIST_DIR).
suite e2e playwright npx playwright test

echo
joined=$(printf '; %s' "${counts[@]}")
echo "tests: ${joined:2}"
exit "$status"
