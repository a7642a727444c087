#!/usr/bin/env bash
# Stops whatever local infrastructure of one state folder is still running, by the pid files
# the servers wrote there, and its epmd. Safe to run when nothing is running.
# Usage: stop.sh STATE_DIR
set -uo pipefail
state=${1:?usage: stop.sh STATE_DIR}
[ -f "$state/infra.env" ] && . "$state/infra.env"

stop_pid() { # pid signal what
  local pid=$1 sig=$2 what=$3
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  echo "stopping leftover $what (pid $pid)"
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

pgpid=$(head -n 1 "$state/postgres/postmaster.pid" 2>/dev/null || true)
stop_pid "$pgpid" INT postgres
rabbitpid=$(cat "$state/rabbitmq/rabbit.pid" 2>/dev/null || true)
stop_pid "$rabbitpid" TERM rabbitmq
if [ -n "${STAR_EPMD_PORT:-}" ] && command -v epmd >/dev/null; then
  epmd -port "$STAR_EPMD_PORT" -kill >/dev/null 2>&1 || true
fi
exit 0
