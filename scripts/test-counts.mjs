// Reads one suite's JSON report and prints "<name> N passed, M failed" (and skipped, flaky or
// errors outside the tests when there are any), for the closing line of scripts/test.sh.
// Usage: node scripts/test-counts.mjs <name> <vitest|playwright|tally> <report.json>
// (tally: {"passed": N, "failed": M}, what scripts/suites.sh writes for the smoke benchmarks)
import fs from "node:fs";

const [name, kind, file] = process.argv.slice(2);

function vitestCounts(report) {
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    // A file that failed before any of its tests ran (an import error, a failing hook).
    errors: (report.testResults ?? []).filter((f) => f.status === "failed" && f.assertionResults.length === 0).length,
  };
}

function playwrightCounts(report) {
  const counts = { passed: 0, failed: 0, skipped: 0, flaky: 0, errors: report.errors?.length ?? 0 };
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        // The setup project's logins are not tests of the product; they count only when they fail.
        if (test.projectName === "setup" && test.status === "expected") continue;
        if (test.status === "expected") counts.passed += 1;
        else if (test.status === "flaky") counts.flaky += 1;
        else if (test.status === "skipped") counts.skipped += 1;
        else counts.failed += 1;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return counts;
}

let report;
try {
  report = JSON.parse(fs.readFileSync(file, "utf8"));
} catch {
  console.log(`${name} did not run to the end (no report)`);
  process.exit(0);
}
const tallyCounts = (report) => ({ passed: report.passed, failed: report.failed, skipped: 0, errors: 0 });
const c = kind === "playwright" ? playwrightCounts(report) : kind === "tally" ? tallyCounts(report) : vitestCounts(report);
const extra = [c.skipped && `${c.skipped} skipped`, c.flaky && `${c.flaky} flaky`, c.errors && `${c.errors} errors outside tests`].filter(Boolean);
console.log(`${name} ${c.passed} passed, ${c.failed} failed${extra.length ? `, ${extra.join(", ")}` : ""}`);
