#!/usr/bin/env bash
# With ./run.sh running: registers a center through the gateway under a trace id of our own
# choosing, then asks the Aspire dashboard's telemetry API whether that one trace holds spans
# of the gateway, registry-api, scoring-api and complaints-api. Exits 0 when it does.
#
#   STAR_GATEWAY_URL   (default http://localhost:5080)
#   STAR_DASHBOARD_URL (default http://localhost:15080)
set -euo pipefail
gateway=${STAR_GATEWAY_URL:-http://localhost:5080}
dashboard=${STAR_DASHBOARD_URL:-http://localhost:15080}
want="gateway registry-api scoring-api complaints-api"

# Registering a center is an admin's act: a Development client's token (see README).
token=$(curl -s -X POST "$gateway/connect/token" -d grant_type=client_credentials \
  -d client_id=dev-admin -d client_secret=dev-admin-secret \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

trace_id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
span_id=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
division=$((RANDOM % 900 + 100))$((RANDOM % 900 + 100))

status=$(curl -s -o /tmp/check-trace-center.json -w '%{http_code}' -X POST "$gateway/api/registry/centers" \
  -H 'content-type: application/json' -H "traceparent: 00-$trace_id-$span_id-01" -H "authorization: Bearer $token" \
  -d "{\"name\":\"链路检查中心 $division\",\"level\":\"county\",\"divisionCode\":\"$division\",\"floorAreaM2\":3000}")
if [ "$status" != 201 ]; then
  echo "check-trace: POST /api/registry/centers answered $status: $(cat /tmp/check-trace-center.json)" >&2
  exit 1
fi
echo "check-trace: center registered, trace $trace_id"

for _ in $(seq 1 60); do
  found=$(curl -s "$dashboard/api/telemetry/traces" | python3 -c '
import json, sys
trace = sys.argv[1]
data = json.load(sys.stdin).get("data", {})
services = set()
for resource in data.get("resourceSpans", []):
    name = next((a["value"].get("stringValue") for a in resource["resource"]["attributes"] if a["key"] == "service.name"), None)
    for scope in resource.get("scopeSpans", []):
        if any(span["traceId"] == trace for span in scope.get("spans", [])):
            services.add(name)
print(" ".join(sorted(services)))
' "$trace_id")
  missing=""
  for service in $want; do
    [[ " $found " == *" $service "* ]] || missing="$missing $service"
  done
  if [ -z "$missing" ]; then
    echo "check-trace: OK — trace $trace_id holds spans of: $found"
    echo "check-trace: see it at $dashboard/traces/detail/$trace_id"
    exit 0
  fi
  sleep 1
done
echo "check-trace: trace $trace_id is missing spans of:$missing (has: ${found:-nothing})" >&2
exit 1
