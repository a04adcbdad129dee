#!/usr/bin/env bash
# Real backing services for tests and local development, on loopback, without Docker.
#
#   scripts/services.sh install [SERVICE…]   install what is missing (Debian packages, Maven jars,
#                                            and the curl and jq that README's upload test runs);
#                                            with no SERVICE also Chromium, for the browser tests
#   scripts/services.sh start [SERVICE…]     start them; prints `export VAR=…` lines for the tests
#   scripts/services.sh stop [SERVICE…]      stop them, keeping their data
#   scripts/services.sh clean [SERVICE…]     stop them and delete their data
#   scripts/services.sh restart SERVICE      stop and start one, keeping its data (tests use it)
#
# SERVICE is postgres, redis, kafka, s3 (S3Proxy, a real S3 API server) or elasticsearch; none
# means all. .ci/run uses it; contributors can run
#   eval "$(scripts/services.sh start)" && npm test
# (npm test starts whatever is not given through TEST_* variables by itself.)
# Data lives under $SHUTTER_SERVICES_DIR (default /tmp/shutter-services); what Maven downloads for
# Kafka, S3Proxy and Elasticsearch is cached in $SHUTTER_CACHE_DIR (default ~/.cache/shutter).
# docs/adr/0008-test-services-without-containers.md says why.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="${SHUTTER_SERVICES_DIR:-/tmp/shutter-services}"
CACHE="${SHUTTER_CACHE_DIR:-$HOME/.cache/shutter}"
# Below the kernel's ephemeral range (32768+), so outgoing connections never hold them.
PG_PORT="${SERVICES_POSTGRES_PORT:-25432}"
REDIS_PORT="${SERVICES_REDIS_PORT:-26379}"
KAFKA_PORT="${SERVICES_KAFKA_PORT:-29092}"
S3_PORT="${SERVICES_S3_PORT:-29000}"
ES_PORT="${SERVICES_ELASTICSEARCH_PORT:-29200}"
ALL=(postgres redis kafka s3 elasticsearch)

log() { echo "services: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---------------------------------------------------------------- postgres
pg_bin() {
  local bin
  bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [ -d "$bin" ] && echo "$bin"
}

# PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` user
# that the Debian package creates.
pg_run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

install_postgres() { pg_bin >/dev/null || { log "installing PostgreSQL"; apt_install postgresql; }; }

start_postgres() {
  local bin data="$DIR/postgres"
  bin=$(pg_bin) || { log "PostgreSQL is not installed: run $0 install postgres"; exit 1; }
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_run "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg_run "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  fi
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
  echo "export TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
}

stop_postgres() {
  local bin data="$DIR/postgres"
  bin=$(pg_bin) || return 0
  if [ -f "$data/PG_VERSION" ]; then
    pg_run "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------- redis
install_chromium() { command -v chromium >/dev/null || { log "installing Chromium"; apt_install chromium; }; }

install_redis() { command -v redis-server >/dev/null || { log "installing Redis"; apt_install redis-server; }; }

start_redis() {
  local data="$DIR/redis"
  command -v redis-server >/dev/null || { log "Redis is not installed: run $0 install redis"; exit 1; }
  mkdir -p "$data"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$data" \
      --pidfile "$data/redis.pid" --logfile "$data/redis.log" --save '' --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$REDIS_PORT" ping >/dev/null || { log "Redis did not start"; cat "$data/redis.log" >&2; exit 1; }
  fi
  log "Redis on 127.0.0.1:$REDIS_PORT"
  echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

stop_redis() {  # only the Redis of $DIR: the one on the port has the pid of $DIR/redis/redis.pid
  local pid
  pid=$(cat "$DIR/redis/redis.pid" 2>/dev/null) || return 0
  redis-cli -p "$REDIS_PORT" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$pid" || return 0
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- kafka, s3, elasticsearch
# Java services, run by scripts/services/<name>/<name>.sh. What they install is cached in
# $CACHE/<name> across runs and linked into $DIR/<name>; their data is per run.
java_sh() { "$HERE/services/$1/$1.sh" "${@:2}" >&2; }  # java_sh <name> <its arguments…>

java_install() {
  command -v java >/dev/null || { log "installing Java"; apt_install openjdk-17-jre-headless; }
  command -v mvn >/dev/null || { log "installing Maven"; apt_install maven; }
  java_sh "$1" install "$CACHE/$1"
}

java_start() {  # java_start <name> <port> <what install made: libs or home> <label>
  mkdir -p "$DIR/$1"
  ln -sfn "$CACHE/$1/$3" "$DIR/$1/$3"
  java_sh "$1" start "$DIR/$1" "$2"
  log "$4 on 127.0.0.1:$2"
}

java_stop() { if [ -d "$DIR/$1" ]; then java_sh "$1" stop "$DIR/$1" || true; fi; }

start_kafka() {
  java_start kafka "$KAFKA_PORT" libs Kafka
  echo "export TEST_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
}

start_s3() {
  java_start s3 "$S3_PORT" libs S3Proxy
  echo "export TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
  echo "export TEST_S3_ACCESS_KEY_ID=${S3PROXY_ACCESS_KEY:-shutter}"
  echo "export TEST_S3_SECRET_ACCESS_KEY=${S3PROXY_SECRET_KEY:-shutter-secret-key}"
}

start_elasticsearch() {
  java_start elasticsearch "$ES_PORT" home Elasticsearch
  echo "export TEST_ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT"
}

# ---------------------------------------------------------------- tools
# Not services, but what tests run besides node: README's upload example
# (test/e2e/readme-uploads.test.ts) runs curl and jq as a reader would.
install_tools() {
  for tool in curl jq; do
    command -v "$tool" >/dev/null || { log "installing $tool"; apt_install "$tool"; }
  done
}

# ---------------------------------------------------------------- main
command="${1:-}"
shift || true
services=("$@")
named=$#
[ ${#services[@]} -gt 0 ] || services=("${ALL[@]}")
for s in "${services[@]}"; do
  case "$s" in postgres | redis | kafka | s3 | elasticsearch) ;; *) echo "unknown service: $s" >&2; exit 2 ;; esac
done
# run <install|start|stop> <service>: its own function, else the one of the Java services
run() { if declare -F "$1_$2" >/dev/null; then "$1_$2"; else "java_$1" "$2"; fi; }

case "$command" in
  install)
    install_tools
    for s in "${services[@]}"; do run install "$s"; done
    # Not a service: the browser that test/browser drives through playwright-core (no browser download).
    [ "$named" -gt 0 ] || install_chromium
    ;;
  start)
    mkdir -p "$DIR"
    chmod 755 "$DIR"
    echo "export SHUTTER_SERVICES_DIR=$DIR"
    for s in "${services[@]}"; do run start "$s"; done
    ;;
  stop) for s in "${services[@]}"; do run stop "$s"; done ;;
  clean)
    for s in "${services[@]}"; do run stop "$s"; done
    for s in "${services[@]}"; do rm -rf "${DIR:?}/$s"; done
    ;;
  restart)
    [ ${#services[@]} -eq 1 ] || { echo "restart takes one service" >&2; exit 2; }
    run stop "${services[0]}"
    run start "${services[0]}" >/dev/null
    ;;
  *)
    echo "usage: $0 install|start|stop|clean|restart [postgres|redis|kafka|s3|elasticsearch]…" >&2
    exit 2
    ;;
esac
