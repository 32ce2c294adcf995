#!/usr/bin/env bash
# npm run bench: the same setup as npm start, then the load benchmark (tools/bench/run-bench.ts, compiled).
# Settings (tools/bench/run/settings.ts): CASES (per step, default 2000) or DURATION (seconds per step:
# cases = rate × duration), RATES (cases/s, comma-separated steps, default 200), FLOW (full | dispatch),
# KAFKA_CLIENTS (comma-separated: each step once per client, passed to the services as KAFKA_CLIENT),
# SIMULATED_WORKERS, POST_CONNECTIONS, DRAIN_TIMEOUT_S, WARMUP_CASES, LIMITS_FILE.
# BENCH_DATABASE (default hotline_bench, on DATABASE_URL's server) is dropped and made afresh for every
# run unless BENCH_KEEP_DATABASE=true: the cases an earlier run left come due (supervision fires their
# deadline warnings, and every service consumes those) and would load the run being measured.
# Example: DURATION=300 RATES=10,20 npm run bench
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node
ensure_dependencies
ensure_postgres
DATABASE_URL=$(node -e 'const url = new URL(process.argv[1]); url.pathname = `/${process.argv[2]}`; console.log(url.toString())' "$DATABASE_URL" "${BENCH_DATABASE:-hotline_bench}")
export DATABASE_URL
# Its own demo principals too, so that the development database's credentials file stays as it is.
export DEMO_CREDENTIALS_FILE=${DEMO_CREDENTIALS_FILE:-.run/bench/demo-credentials.json}
if [[ ${BENCH_KEEP_DATABASE:-false} != true ]]; then drop_database; fi
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
