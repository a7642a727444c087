#!/usr/bin/env bash
# Installs what the suite needs on a fresh Debian 12 machine: PostgreSQL and RabbitMQ from
# Debian's packages (kept from starting as system services: the AppHost runs its own), and
# checks the .NET SDK. Idempotent: does nothing when everything is there.
set -euo pipefail

need=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need+=(postgresql)
# the console's browser tests drive Debian's Chromium (Playwright downloads no browser here)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Chinese text in the console's screenshots
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)

if ((${#need[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "prereqs: missing ${need[*]}; run as root (or install them) once" >&2
    exit 1
  fi
  echo "prereqs: installing ${need[*]} from Debian's packages"
  # Keep the packages' services from starting: policy-rc.d exiting 101 forbids it.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
    created_policy=1
  fi
  cleanup() { if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi; }
  trap cleanup EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  cleanup
  trap - EXIT
fi

command -v dotnet >/dev/null || { echo "prereqs: the .NET SDK is missing (see global.json for the version)" >&2; exit 1; }
command -v epmd >/dev/null || { echo "prereqs: epmd is missing (it comes with rabbitmq-server's erlang)" >&2; exit 1; }
