#!/usr/bin/env bash
# npm run bench:limits: the same setup as npm run bench, then this machine's raw limits for the same
# work on the project's own broker and database (tools/bench/limits.ts) → .run/bench/limits.json.
# Settings: LIMITS_SECONDS (per measurement, default 10), LIMITS_KAFKA_BATCH (OUTBOX_BATCH_SIZE's default),
# LIMITS_KAFKA_PRODUCERS (1,6), LIMITS_PG_CLIENTS (8), LIMITS_PG_BATCH (CONSUMER_MAX_BATCH_SIZE's default).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
trap 'stop_kafka_if_started' EXIT
cd "$REPO_ROOT"
# In the background so that a SIGTERM or Ctrl-C sent to this script alone is passed on: the benchmark
# then stops what it started before the EXIT trap runs.
node --enable-source-maps dist/tools/bench/limits.js &
bench_pid=$!
trap 'kill -INT $bench_pid 2>/dev/null; wait $bench_pid; exit 130' INT
trap 'kill -TERM $bench_pid 2>/dev/null; wait $bench_pid; exit 143' TERM
wait $bench_pid
