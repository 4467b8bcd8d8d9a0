#!/usr/bin/env bash
# `npm test`: everything a change must pass. First what the tests need (Chromium for the editor tests;
# Node 24 and n8n 2.41.1, installed once into a cache outside the repository); then the typecheck, the
# strict n8n lint, the build, unit and integration tests (real n8n-core engine against the simulator
# over HTTP) with coverage, the end-to-end suite in a real n8n, `npm start` included, and the queue-mode
# suite (Redis and PostgreSQL from Debian's packages, installed here when missing).
# Ends with a plain "N passed, N failed" line; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
rm -f .tmp/jest-unit.json .tmp/jest-e2e.json .tmp/jest-queue.json

echo "== what the tests need"
bash scripts/ensure-chromium.sh
bash scripts/ensure-runtime.sh >/dev/null
bash scripts/ensure-services.sh >/dev/null

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== lint (n8n-node lint, strict; the repository's boundaries)"
npm run -s lint
echo "== build"
npm run -s build

status=0
echo "== unit + integration tests"
npx jest --selectProjects unit integration --coverage --json --outputFile=.tmp/jest-unit.json || status=$?
echo "== end-to-end tests in a real n8n"
npx jest --selectProjects e2e --runInBand --json --outputFile=.tmp/jest-e2e.json || status=$?
echo "== queue mode: Redis, PostgreSQL, an n8n main and two workers"
npx jest --selectProjects queue --runInBand --json --outputFile=.tmp/jest-queue.json || status=$?

node -e '
  let passed = 0, failed = 0, skipped = 0, total = 0;
  for (const file of [".tmp/jest-unit.json", ".tmp/jest-e2e.json", ".tmp/jest-queue.json"]) {
    let r;
    try { r = require("./" + file); } catch { failed++; console.error(`no results in ${file}`); continue; }
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    skipped += r.numPendingTests; total += r.numTotalTests;
  }
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (total === 0) { console.error("no tests ran"); process.exit(1); }
  if (failed > 0) process.exit(1);
' || status=1
exit "$status"
