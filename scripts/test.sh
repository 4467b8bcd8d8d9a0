#!/usr/bin/env bash
# `npm test`: everything a change must pass. First what the tests need (Chromium for the editor tests;
# the two tested n8n lines, n8n 2.41.1 on Node 24 and n8n 1.123.81 on Node 22, installed once into a
# cache outside the repository; Redis and PostgreSQL from Debian's packages for queue mode); then the
# typecheck, the strict n8n lint, the build, unit and integration tests (real n8n-core engine against
# the simulator over HTTP) with coverage, the end-to-end suite in a real n8n, `npm start` included, once
# on each line, and the queue-mode suite (n8n 2.41.1: a main and two workers).
# Ends with a plain "N passed, N failed" line; exits non-zero on any failure.
set -euo pipefail
# A step that stops the run says so (a script that exits without a word would leave only a status).
trap 'echo "== npm test stopped: \"$BASH_COMMAND\" failed (exit $?); nothing after it ran" >&2' ERR
cd "$(dirname "$0")/.."
mkdir -p .tmp
# The n8n versions the end-to-end suite runs on, newest line first (README: Compatibility).
E2E_VERSIONS=(2.41.1 1.123.81)
e2e_results() { printf '.tmp/jest-e2e-n8n-%s.json' "$1"; }
rm -f .tmp/jest-unit.json .tmp/jest-e2e*.json .tmp/jest-queue.json

echo "== what the tests need"
bash scripts/ensure-chromium.sh
for version in "${E2E_VERSIONS[@]}"; do IS74_N8N_VERSION="$version" bash scripts/ensure-runtime.sh >/dev/null; done
bash scripts/ensure-services.sh >/dev/null

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== lint (n8n-node lint, strict; the repository's boundaries; n8n's scanner on the sources)"
npm run -s lint
echo "== build"
npm run -s build

status=0
echo "== unit + integration tests"
npx jest --selectProjects unit integration --coverage --json --outputFile=.tmp/jest-unit.json || status=$?
results=(.tmp/jest-unit.json)
for version in "${E2E_VERSIONS[@]}"; do
	echo "== end-to-end tests in a real n8n $version"
	IS74_N8N_VERSION="$version" npx jest --selectProjects e2e --runInBand --json --outputFile="$(e2e_results "$version")" || status=$?
	results+=("$(e2e_results "$version")")
done
echo "== queue mode: Redis, PostgreSQL, an n8n 2.41.1 main and two workers"
npx jest --selectProjects queue --runInBand --json --outputFile=.tmp/jest-queue.json || status=$?
results+=(.tmp/jest-queue.json)

node -e '
  let passed = 0, failed = 0, skipped = 0, total = 0;
  for (const file of process.argv.slice(1)) {
    let r;
    try { r = require("./" + file); } catch { failed++; console.error(`no results in ${file}`); continue; }
    const line = /n8n-([\d.]+)\.json$/.exec(file);
    if (line) console.log(`n8n ${line[1]}: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed (end-to-end)`);
    if (file.endsWith("jest-queue.json")) console.log(`queue mode: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    skipped += r.numPendingTests; total += r.numTotalTests;
  }
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (total === 0) { console.error("no tests ran"); process.exit(1); }
  if (failed > 0) process.exit(1);
' "${results[@]}" || status=1
exit "$status"
