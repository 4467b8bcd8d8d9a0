#!/usr/bin/env bash
# `npm test`: everything a change must pass. Typecheck, strict n8n lint, build, then unit and
# integration tests (real n8n-core engine against the simulator over HTTP) with coverage.
# Ends with a plain "N passed, N failed" line; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== lint (n8n-node lint, strict)"
npx n8n-node lint
echo "== build"
npm run -s build
echo "== unit + integration tests"
status=0
npx jest --coverage --json --outputFile=.tmp/jest-results.json || status=$?
node -e '
  const r = require("./.tmp/jest-results.json");
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' || status=1
exit "$status"
