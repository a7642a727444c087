#!/usr/bin/env bash
# PostgreSQL in the foreground, for the AppHost's local mode.
# In:  PGPORT, STAR_PG_DATA (data folder), STAR_PG_PASSWORD (used once, by initdb),
#      STAR_PG_BIN (optional: folder with initdb/postgres; default: newest installed).
# As root it runs the server as the 'postgres' user (postgres refuses root).
# SIGTERM/SIGINT -> fast shutdown (clients are disconnected, data is safe).
set -euo pipefail
: "${PGPORT:?}" "${STAR_PG_DATA:?}" "${STAR_PG_PASSWORD:?}"

bin=${STAR_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/postgres" ] || { echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi
}

mkdir -p "$STAR_PG_DATA"
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$STAR_PG_DATA"
fi
chmod 700 "$STAR_PG_DATA"
if ! as_postgres test -w "$STAR_PG_DATA"; then
  echo "postgres.sh: the user 'postgres' cannot reach $STAR_PG_DATA; choose a state folder it can reach (STAR_STATE_DIR)" >&2
  exit 1
fi

if [ ! -s "$STAR_PG_DATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$STAR_PG_PASSWORD" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
  as_postgres "$bin/initdb" -D "$STAR_PG_DATA" -U postgres --pwfile="$pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi
# A server killed hard leaves its pid file; postgres itself checks whether that pid is alive.

server_args=(-D "$STAR_PG_DATA" -p "$PGPORT"
  -c listen_addresses=127.0.0.1
  -c unix_socket_directories="$STAR_PG_DATA"
  -c max_connections=300
  # ERROR lines are statements a client got an error for, which the client reports itself (EF's
  # first look for its migrations table fails on every new database): the server logs FATAL and PANIC
  -c log_min_error_statement=panic -c log_min_messages=fatal)
# PostgreSQL writes its whole log to stderr, which the AppHost shows as errors. Its normal lines
# (LOG, with their DETAIL/HINT) go to stdout; WARNING, ERROR, FATAL and PANIC stay on stderr.
route_log() {
  local out=1 line
  while IFS= read -r line; do
    case $line in
      # a connection attempt while the server starts (the readiness check) is routine, not a failure
      *" LOG:  "* | *" FATAL:  the database system is starting up"*) out=1 ;;
      *" DETAIL:  "* | *" HINT:  "* | *" CONTEXT:  "* | *" STATEMENT:  "*) ;;
      *) out=2 ;;
    esac
    printf '%s\n' "$line" >&"$out"
  done
}
# Started directly (not through a shell function, which would fork a subshell), so $! is the
# postmaster itself and the signal below reaches it.
if [ "$(id -u)" = 0 ]; then
  setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" "${server_args[@]}" 2> >(route_log) &
else
  "$bin/postgres" "${server_args[@]}" 2> >(route_log) &
fi
pid=$!
stopping=0
trap 'stopping=1; kill -INT "$pid" 2>/dev/null || true' TERM INT
# wait returns early when a trapped signal arrives; wait again for the server to finish.
status=0
wait "$pid" || status=$?
wait "$pid" 2>/dev/null || true
# A stop asked for ends with 0; a server that died by itself (crash, kill -9) passes its status on,
# so the AppHost restarts it.
[ "$stopping" = 1 ] && exit 0
echo "postgres.sh: the server ended by itself (status $status)" >&2
exit $((status == 0 ? 1 : status))
