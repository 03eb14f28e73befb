# The suites of scripts/test.sh and its closing line; sourced by it. Each suite's counts are kept
# in `counts`, and `status` turns 1 when any suite failed.

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

# bench_suite <name> <benchmark…>: runs each benchmark in smoke mode (tiny counts, its table
# printed, nothing asserted on time). Each is one test: one that exits non-zero (it threw) failed.
bench_suite() {
  local name=$1 report passed=0 failed=0
  shift
  report="$reports/${#counts[@]}.json"
  for bench in "$@"; do
    echo "-- $bench --smoke"
    if BENCH_SMOKE=1 npx tsx "$bench"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done
  [ "$failed" -eq 0 ] || status=1
  printf '{"passed":%d,"failed":%d}\n' "$passed" "$failed" >"$report"
  counts+=("$(node scripts/test-counts.mjs "$name" tally "$report")")
}

# The closing line: every suite's counts.
closing_line() {
  local joined
  joined=$(printf '; %s' "${counts[@]}")
  echo
  echo "tests: ${joined:2}"
}
