#!/usr/bin/env bash
# npm test: the same setup as npm start, then type-check, lint and every test against the real
# Postgres, Kafka and Redis.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
trap 'stop_kafka_if_started' EXIT
cd "$REPO_ROOT"
export LOG_LEVEL=${LOG_LEVEL:-warn}

step "Type-checking (tsc --noEmit)"
tsc --noEmit -p tsconfig.json

step "Linting (eslint, module boundaries)"
# The module-boundaries rule reads Nx's project graph; compute it first.
nx show projects >/dev/null
eslint --max-warnings=0 .

step "Unit tests"
jest --selectProjects unit --ci

step "Integration and end-to-end tests (real Postgres, Kafka, Redis)"
jest --selectProjects integration --ci --runInBand
