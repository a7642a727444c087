#!/usr/bin/env bash
# RabbitMQ in the foreground, for the AppHost's local mode.
# In:  RABBITMQ_NODE_PORT (AMQP), STAR_RABBIT_DIR (state folder), STAR_RABBIT_USER,
#      STAR_RABBIT_PASSWORD, ERL_EPMD_PORT, RABBITMQ_DIST_PORT.
# Runs the node directly (not /usr/sbin/rabbitmq-server, which switches user and logs to
# /var/log), on loopback only, and stops its epmd when the node stops.
set -euo pipefail
: "${RABBITMQ_NODE_PORT:?}" "${STAR_RABBIT_DIR:?}" "${STAR_RABBIT_USER:?}" "${STAR_RABBIT_PASSWORD:?}" \
  "${ERL_EPMD_PORT:?}" "${RABBITMQ_DIST_PORT:?}"

server=/usr/lib/rabbitmq/bin/rabbitmq-server
[ -x "$server" ] || { echo "rabbitmq.sh: rabbitmq-server is not installed (apt-get install rabbitmq-server)" >&2; exit 1; }

base=$STAR_RABBIT_DIR
mkdir -p "$base/home" "$base/mnesia" "$base/log"
export HOME="$base/home"
export RABBITMQ_NODENAME=star@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$base/mnesia"
export RABBITMQ_LOG_BASE="$base/log"
export RABBITMQ_LOGS=-
export RABBITMQ_PID_FILE="$base/rabbit.pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

# The node's identity for the AppHost's migrate stamps (AppHost/Infrastructure/MigrateStamps.cs):
# a new one whenever the node's database is made anew, so no stamp of an older node counts.
if [ ! -d "$base/mnesia/$RABBITMQ_NODENAME" ] || [ ! -s "$base/mnesia/star.id" ]; then
  cat /proc/sys/kernel/random/uuid > "$base/mnesia/star.id"
fi

echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
# default_user/default_pass only take effect when the node's database is created.
cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_NODE_PORT
default_user = $STAR_RABBIT_USER
default_pass = $STAR_RABBIT_PASSWORD
loopback_users = none
log.console = true
log.console.level = warning
log.file = false
CONF
chmod 600 "$RABBITMQ_CONFIG_FILE"

stop_epmd() { epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true; }

"$server" &
pid=$!
stopping=0
trap 'stopping=1; kill -TERM "$pid" 2>/dev/null || true' TERM INT
status=0
wait "$pid" || status=$?
wait "$pid" 2>/dev/null || true
# A stop asked for ends with 0 (and stops epmd); a node that died by itself (crash, kill -9 of
# beam.smp) passes its status on, so the AppHost restarts it (epmd keeps running for it).
if [ "$stopping" = 1 ]; then
  stop_epmd
  exit 0
fi
echo "rabbitmq.sh: the node ended by itself (status $status)" >&2
exit $((status == 0 ? 1 : status))
