#!/usr/bin/env bash
# Runs the whole suite: installs missing prerequisites, builds, and starts the AppHost
# (PostgreSQL, RabbitMQ, every service, the gateway and the Aspire dashboard) in the
# foreground. Ctrl+C or SIGTERM stops everything; data stays in the state folder.
#
#   STAR_STATE_DIR      state folder (default: .state/ here)
#   STAR_GATEWAY_PORT   gateway port (default 5080)
#   STAR_DASHBOARD_PORT dashboard port (default 15080)
#   STAR_INFRA          local | containers (default: containers only where an engine answers)
#   STAR_BUILD          always | auto (default: build only when a source file changed since the last build)
#   STAR_REPLICAS       copies per service, e.g. complaints=2,ratings=2 (default: one each; docs/operations.md)
#   STAR_MIGRATE        always | auto (default: a migrate step runs unless its service's build and the
#                       state are as its last successful run left them; docs/operations.md)
set -euo pipefail
cd "$(dirname "$0")"

scripts/prereqs.sh
# A no-op build of the solution still takes ~15 s: skip it when no source file changed since the
# last successful build (STAR_BUILD=always builds anyway).
stamp=AppHost/obj/run.sh.built
changed=$(find src ServiceDefaults AppHost Directory.Build.props Directory.Packages.props global.json StarPlatform.sln \
  -type f -newer "$stamp" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null || echo "no stamp")
if [ "${STAR_BUILD:-auto}" = always ] || [ ! -f "$stamp" ] || [ -n "$changed" ]; then
  build_started=$(date +%s)
  # No build servers: nothing the run started may outlive its stop (MSBuild nodes and the compiler
  # server would stay for minutes).
  dotnet build StarPlatform.sln -c Debug -nologo -v quiet -clp:ErrorsOnly --disable-build-servers
  touch -d "@$build_started" "$stamp"
fi

state=${STAR_STATE_DIR:-$PWD/.state}
export STAR_STATE_DIR=$state
dashboard_port=${STAR_DASHBOARD_PORT:-15080}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export DOTNET_ENVIRONMENT=$ASPNETCORE_ENVIRONMENT
export ASPNETCORE_URLS=http://localhost:$dashboard_port
export ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=${ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL:-http://localhost:$((dashboard_port + 4000))}
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=${ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL:-http://localhost:$((dashboard_port + 5000))}
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true

echo "StarPlatform: dashboard http://localhost:$dashboard_port  gateway http://localhost:${STAR_GATEWAY_PORT:-5080}  state $state"

# Run the built AppHost directly (not under 'dotnet run'), so signals reach it.
dotnet AppHost/bin/Debug/net10.0/AppHost.dll &
apphost=$!
trap 'kill -TERM "$apphost" 2>/dev/null || true' INT TERM
wait "$apphost" || true
wait "$apphost" 2>/dev/null || true
# DCP (the orchestrator the AppHost started: an API server watching the AppHost's pid, and
# controllers watching the API server) stops the resources after the AppHost has gone; wait
# for both so nothing is left running when this script ends.
dcp=$(pgrep -f -- "--monitor $apphost( |$)" || true)
for pid in $dcp; do dcp="$dcp $(pgrep -f -- "--monitor $pid( |$)" || true)"; done
for _ in $(seq 1 120); do
  alive=0
  for pid in $dcp; do kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid")" != Z ] && alive=1; done
  [ "$alive" = 0 ] && break
  sleep 0.5
done
# Anything of ours that outlived the AppHost (epmd always does) is stopped by its pid file.
AppHost/infra/stop.sh "$state"
