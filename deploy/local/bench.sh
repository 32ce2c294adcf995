#!/usr/bin/env bash
# npm run bench: the same setup as npm start, then the load benchmark (tools/bench/run-bench.ts, compiled).
# Settings: CASES (per step, default 2000), RATES (cases/s, comma-separated steps, default 200).
# Example: CASES=10000 RATES=200 npm run bench
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
trap 'stop_kafka_if_started' EXIT
# Exit (running the EXIT trap) on Ctrl-C or SIGTERM to the process group.
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$REPO_ROOT"
node --enable-source-maps dist/tools/bench/run-bench.js
