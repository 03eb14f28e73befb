#!/usr/bin/env bash
# Runs every test: typecheck and lint, unit, integration on PGlite and on a real PostgreSQL
# (started for the run), every benchmark in smoke mode, and the browser end-to-end suite
# (Playwright Test) against a production server it starts. Every suite runs even when one before
# it failed; the closing line counts each suite's tests, and the exit status is non-zero when any
# failed.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_debs "${TEST_DEBS[@]}"
ensure_node_modules
source scripts/suites.sh

step() { echo; echo "== $*"; }

step "typecheck and lint"
npx tsc --noEmit
npx eslint --max-warnings 0 .
step "unit tests"
suite unit vitest npx vitest run --project unit
step "integration tests on PGlite"
suite "integration on PGlite" vitest npx vitest run --project integration
step "integration tests on PostgreSQL"
suite "integration on PostgreSQL" vitest env TEST_DB=postgres npx vitest run --project integration
step "benchmarks in smoke mode"
# Every file in bench/ but its shared report.ts is a benchmark.
suite_benches=()
for bench in bench/*.ts; do [ "$bench" = bench/report.ts ] || suite_benches+=("$bench"); done
bench_suite benchmarks "${suite_benches[@]}"
step "end-to-end tests in Chromium"
# Builds when the build is stale, then starts the server: see docs/testing.md (E2E_PORT, NEXT_DIST_DIR).
suite e2e playwright npx playwright test

closing_line
exit "$status"
