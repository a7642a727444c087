#!/usr/bin/env bash
# Regenerates deploy/base from the AppHost's model: Aspire's manifest publisher, then
# tools/DeployGenerator. Run it after changing the AppHost (Deploy.Tests fails until you do).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build AppHost -c Debug -nologo -v quiet -clp:ErrorsOnly
dotnet build tools/DeployGenerator -c Debug -nologo -v quiet -clp:ErrorsOnly
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The container model (AddPostgres, AddRabbitMQ), whatever this machine has, and none of this
# machine's STAR_* settings: the base must not depend on who generated it.
env $(compgen -e | grep '^STAR_' | sed 's/^/-u /') STAR_INFRA=containers STAR_STATE_DIR="$work/state" \
  dotnet AppHost/bin/Debug/net10.0/AppHost.dll --publisher manifest --output-path "$work/manifest.json" >/dev/null
dotnet tools/DeployGenerator/bin/Debug/net10.0/DeployGenerator.dll "$work/manifest.json" deploy/base
