#!/usr/bin/env bash
# Builds the seven tags the compose file and k8s/ use, all from deploy/docker/Dockerfile:
#   hotline/<service>:<version> for the six services (SERVICE baked in) and hotline/migrate:<version>
#   (no SERVICE; runs deploy/local/prepare.ts). Every layer but the last ENV is shared.
#
# Usage: bash deploy/docker/build-images.sh [version]        (default 0.1.0)
#   REGISTRY=registry.example.com/ bash deploy/docker/build-images.sh   prefixes every tag
#   PUSH=true ...                                                         pushes them too
#
# NOT EXERCISED here (no Docker engine on the machine it was written on).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

VERSION=${1:-0.1.0}
REGISTRY=${REGISTRY:-}
SERVICES=(intake classification dispatch execution feedback audit supervision assessment)

tags=()
docker build -f deploy/docker/Dockerfile -t "${REGISTRY}hotline/migrate:${VERSION}" .
tags+=("${REGISTRY}hotline/migrate:${VERSION}")
for service in "${SERVICES[@]}"; do
  docker build -f deploy/docker/Dockerfile --build-arg "SERVICE=${service}" -t "${REGISTRY}hotline/${service}:${VERSION}" .
  tags+=("${REGISTRY}hotline/${service}:${VERSION}")
done

if [[ ${PUSH:-false} == true ]]; then
  for tag in "${tags[@]}"; do docker push "$tag"; done
fi
printf 'built %s\n' "${tags[@]}"
