#!/usr/bin/env bash
# npm test: the same setup as npm start, then type-check, lint and every test against the real
# Postgres, Kafka and Redis.
set -euo pipefail
# The tests keep to their own database, Redis index and broker (its own data directory and ports), so
# that the demo city `npm start` shows never holds the tests' cases and its services never read the
# tests' events. Each can still be pointed elsewhere through the same variables.
RUN_DIR_OF_TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.run/test
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hotline_test}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/1}
export KAFKA_PORT=${KAFKA_PORT:-19092} KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
export KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-$RUN_DIR_OF_TESTS/kafka}
export DEMO_CREDENTIALS_FILE=${DEMO_CREDENTIALS_FILE:-$RUN_DIR_OF_TESTS/demo-credentials.json}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
trap 'stop_kafka_if_started' EXIT
# Exit (running the EXIT trap) on Ctrl-C or SIGTERM to the process group.
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$REPO_ROOT"
export LOG_LEVEL=${LOG_LEVEL:-warn}
# In-process services under test log only fatal errors; expected dead-letters would read as failures.
# TEST_LOG_LEVEL=warn npm test shows them. Process-based e2e services log to .run/test-logs/.
export TEST_LOG_LEVEL=${TEST_LOG_LEVEL:-fatal}

step "Type-checking (tsc --noEmit) and linting (eslint, module boundaries), side by side"
# One after the other they took 30 s and 53 s on a 2-core machine; side by side, 63 s. tsc's output is
# held back and printed after eslint's, so the two never interleave.
typecheck_output=$(mktemp)
tsc --noEmit -p tsconfig.json > "$typecheck_output" 2>&1 &
typecheck_pid=$!
# The module-boundaries rule reads Nx's project graph; compute it first.
lint_status=0
{ nx show projects >/dev/null && eslint --max-warnings=0 .; } || lint_status=$?
typecheck_status=0
wait "$typecheck_pid" || typecheck_status=$?
cat "$typecheck_output"
rm -f "$typecheck_output"
if [ "$typecheck_status" -ne 0 ] || [ "$lint_status" -ne 0 ]; then
  [ "$typecheck_status" -ne 0 ] && echo "type-check failed (tsc exited with $typecheck_status)" >&2
  [ "$lint_status" -ne 0 ] && echo "lint failed (eslint exited with $lint_status)" >&2
  exit 1
fi

step "Checking the API documents (docs/api/) against the code"
# OpenAPI per service and AsyncAPI for the topics, generated without Kafka, Postgres or Redis.
node --enable-source-maps dist/tools/contracts/generate.js --check

# @platformatic/kafka (libs/messaging) is an ES module: Node 24 requires it from CommonJS by itself, Jest's
# module runtime only with VM modules on (https://jestjs.io/docs/ecmascript-modules#require-of-esm).
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --disable-warning=ExperimentalWarning"

step "Unit tests"
jest --selectProjects unit --ci

step "Integration and end-to-end tests (real Postgres, Kafka, Redis)"
# --forceExit: a test that leaves a Kafka or Postgres client open must not hang CI; the suite's
# own afterAll hooks close what they start. The services that end-to-end files start as processes log to
# .run/test-logs/<file>/; when a file fails, its failures in short and a digest of its services' logs are printed last.
rm -rf "$REPO_ROOT/.run/test-logs"
integration_results="$REPO_ROOT/.run/test/jest-integration.json"
mkdir -p "$(dirname "$integration_results")"
rm -f "$integration_results"
integration_status=0
jest --selectProjects integration --ci --runInBand --forceExit --json --outputFile="$integration_results" || integration_status=$?
if [ "$integration_status" -ne 0 ]; then
  node dist/tools/testing/log-digest.js "$integration_results" "$REPO_ROOT/.run/test-logs" || true
  exit "$integration_status"
fi
