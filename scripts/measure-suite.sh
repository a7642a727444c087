#!/usr/bin/env bash
# Measures the suite's footprint the way issue 18 asks, so anyone can reproduce it:
#   start  seconds from launching ./run.sh to the gateway's /health answering 200
#          (warm when the state folder already holds data: the tree is built by a first run);
#   PSS    20 s after that, the sum of Pss: (/proc/<pid>/smaps_rollup) over every process the
#          start created, by group (AppHost, DCP, dashboard, each service, PostgreSQL, RabbitMQ);
#   stop   seconds from Ctrl+C (SIGINT to run.sh's process group) to no such process running.
#
# Usage: scripts/measure-suite.sh [--settle SECONDS] [--keep-log]
# Uses the same variables as ./run.sh (STAR_STATE_DIR, STAR_GATEWAY_PORT, STAR_*_PORT ...), so run it
# with your own ports and state folder on a shared machine. Prints the machine's load average
# beside the figures: figures taken on a busy machine are not the suite's own.
# The processes are: run.sh and its descendants, DCP's processes (they name the pid they watch
# with --monitor), and anything whose environment carries this run's STAR_STATE_DIR (PostgreSQL's
# backends and epmd detach from the tree).
set -euo pipefail
cd "$(dirname "$0")/.."

settle=20
keep_log=0
while (($#)); do
  case $1 in
    --settle) settle=$2; shift 2 ;;
    --keep-log) keep_log=1; shift ;;
    *) echo "usage: $0 [--settle SECONDS] [--keep-log]" >&2; exit 2 ;;
  esac
done

export STAR_STATE_DIR=${STAR_STATE_DIR:-$PWD/.state}
gateway="http://localhost:${STAR_GATEWAY_PORT:-5080}"
kind=warm
[ -s "$STAR_STATE_DIR/postgres/PG_VERSION" ] || kind=cold
log=$(mktemp /tmp/measure-suite.XXXXXX.log)

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Every process of this run: see the header.
run_processes() { # root pid
  local root=$1
  awk -v root="$root" -v self="$$" -v state="STAR_STATE_DIR=$STAR_STATE_DIR" '
    BEGIN {
      while (("ls /proc" | getline name) > 0) {
        if (name !~ /^[0-9]+$/) continue
        stat = ""
        if ((getline stat < ("/proc/" name "/stat")) <= 0) continue
        close("/proc/" name "/stat")
        sub(/^.*\) /, "", stat); split(stat, f, " ")
        if (f[1] == "Z") continue
        parent[name] = f[2]
        cmd = ""
        RS = "\0"; while ((getline part < ("/proc/" name "/cmdline")) > 0) cmd = cmd " " part; close("/proc/" name "/cmdline")
        env = ""
        while ((getline part < ("/proc/" name "/environ")) > 0) if (part == state) env = 1; close("/proc/" name "/environ")
        RS = "\n"
        cmdline[name] = cmd; ours[name] = (env == 1 || name == root)
      }
      # This script and whoever started it carry the same STAR_STATE_DIR: not the suite.
      # So is what it runs besides run.sh (the subshell and awk reading this table).
      for (p = self; p in parent && p > 1; p = parent[p]) { ours[p] = 0; mine[p] = 1 }
      for (p in parent) if (p != root && parent[p] == self) { ours[p] = 0; mine[p] = 1 }
      do { changed = 0; for (p in parent) if (!mine[p] && mine[parent[p]] && parent[p] != self) { ours[p] = 0; mine[p] = 1; changed = 1 } } while (changed)
      do {
        changed = 0
        for (p in parent) {
          if (ours[p] || mine[p]) continue
          if (ours[parent[p]]) { ours[p] = 1; changed = 1; continue }
          if (match(cmdline[p], /--monitor [0-9]+/)) {
            watched = substr(cmdline[p], RSTART + 10, RLENGTH - 10)
            if (ours[watched]) { ours[p] = 1; changed = 1 }
          }
        }
      } while (changed)
      for (p in ours) if (ours[p]) print p
    }'
}

group_of() { # pid
  local pid=$1 exe cmd service
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)
  service=$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | sed -n 's/^OTEL_SERVICE_NAME=//p' | head -n 1)
  case "$exe|$cmd" in
    *AppHost.dll*) echo AppHost ;;
    */dcp\|*) echo DCP ;;
    *Aspire.Dashboard*) echo dashboard ;;
    *"dotnet run "*) echo "dotnet run wrappers" ;;
    */postgres\|*) echo PostgreSQL ;;
    */beam.smp\|* | *erl_child_setup* | *inet_gethost* | */epmd\|* | *rabbitmq* | *rabbit_disk_monitor*) echo RabbitMQ ;;
    *)
      if [ -n "$service" ]; then echo "$service"
      elif [[ $exe == */bash || $exe == */dash || $exe == */sh ]]; then echo "shell scripts"
      else echo "other: $(basename "$exe")"; fi ;;
  esac
}

pss_of() { awk '/^Pss:/ { print $2; exit }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

echo "measure-suite: $kind start, state $STAR_STATE_DIR, gateway $gateway, load average $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(now)
# A script's background job starts with SIGINT ignored (and bash cannot trap a signal ignored on
# entry): restore it, so the Ctrl+C below reaches run.sh as it does from a terminal.
setsid env --default-signal=INT ./run.sh > "$log" 2>&1 < /dev/null &
runsh=$!
stop_run() { kill -INT -- "-$runsh" 2>/dev/null || true; }
trap 'stop_run' EXIT

healthy=""
for _ in $(seq 1 3000); do
  if ! kill -0 "$runsh" 2>/dev/null; then
    echo "measure-suite: run.sh ended before the gateway was healthy; its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "$gateway/health" || true)" = 200 ]; then
    healthy=$(now)
    break
  fi
  sleep 0.2
done
[ -n "$healthy" ] || { echo "measure-suite: the gateway was not healthy within 10 minutes" >&2; exit 1; }
echo "start: $(seconds "$started" "$healthy") s ($kind, ./run.sh to a healthy gateway)"

sleep "$settle"
declare -A pss count
total=0
pids=$(run_processes "$runsh")
for pid in $pids; do
  group=$(group_of "$pid")
  kb=$(pss_of "$pid")
  pss[$group]=$(( ${pss[$group]:-0} + kb ))
  count[$group]=$(( ${count[$group]:-0} + 1 ))
  total=$((total + kb))
done
echo "PSS ${settle} s after healthy, load average $(cut -d' ' -f1-3 /proc/loadavg):"
for group in "${!pss[@]}"; do
  printf '  %-22s %6.1f MB  (%d processes)\n' "$group" "$(awk -v k="${pss[$group]}" 'BEGIN { print k / 1024 }')" "${count[$group]}"
done | sort -k2 -n -r
printf '  %-22s %6.1f MB  (%d processes)\n' total "$(awk -v k="$total" 'BEGIN { print k / 1024 }')" "$(wc -w <<< "$pids")"

trap - EXIT
stopping=$(now)
stop_run
left=""
for _ in $(seq 1 1200); do
  left=""
  for pid in $pids $(run_processes "$runsh"); do
    [ -d "/proc/$pid" ] && [ "$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null)" != Z ] && left="$left $pid"
  done
  [ -z "$left" ] && break
  sleep 0.1
done
if [ -n "$left" ]; then
  echo "stop: processes still running after 120 s:$left" >&2
  exit 1
fi
echo "stop: $(seconds "$stopping" "$(now)") s (Ctrl+C to nothing left running)"
if [ "$keep_log" = 1 ]; then echo "run.sh's output: $log"; else rm -f "$log"; fi
