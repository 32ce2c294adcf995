#!/usr/bin/env bash
# npm start: installs what is missing, starts Kafka and every service, migrates, seeds the demo city,
# prints where everything is, and stops it all on Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
trap 'stop_kafka_if_started' EXIT
# Exit (running the EXIT trap) on Ctrl-C or SIGTERM to the process group.
trap 'exit 130' INT
trap 'exit 143' TERM
step "Starting the services"
cd "$REPO_ROOT"
node --enable-source-maps dist/deploy/local/run-stack.js
