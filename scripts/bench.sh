#!/usr/bin/env bash
# `npm run bench`: the benchmark (not a test). Prints a table of ratios and writes bench/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build
bash scripts/ensure-runtime.sh >/dev/null
TS_NODE_TRANSPILE_ONLY=true TS_NODE_PREFER_TS_EXTS=true exec node --expose-gc --max-old-space-size=8192 -r ts-node/register bench/run.ts "$@"
