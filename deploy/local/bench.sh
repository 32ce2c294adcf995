#!/usr/bin/env bash
# npm run bench: the same setup as npm start, then the load benchmark (tools/bench/run-bench.ts, compiled).
# Settings (tools/bench/run/settings.ts): CASES (per step, default 2000) or DURATION (seconds per step:
# cases = rate × duration), RATES (cases/s, comma-separated steps, default 200), FLOW (full | dispatch),
# KAFKA_CLIENTS (comma-separated: each step once per client, passed to the services as KAFKA_CLIENT),
# SIMULATED_WORKERS, POST_CONNECTIONS, DRAIN_TIMEOUT_S, WARMUP_CASES, LIMITS_FILE.
# Example: DURATION=300 RATES=10,20 npm run bench
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
trap 'stop_kafka_if_started' EXIT
cd "$REPO_ROOT"
# In the background so that a SIGTERM or Ctrl-C sent to this script alone is passed on: the benchmark
# then stops what it started before the EXIT trap runs.
node --enable-source-maps dist/tools/bench/run-bench.js &
bench_pid=$!
trap 'kill -INT $bench_pid 2>/dev/null; wait $bench_pid; exit 130' INT
trap 'kill -TERM $bench_pid 2>/dev/null; wait $bench_pid; exit 143' TERM
wait $bench_pid
