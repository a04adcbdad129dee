#!/usr/bin/env bash
# Real backing services for tests and local development, on loopback, without Docker.
#
#   scripts/services.sh install   install what is missing (Debian packages; needs root)
#   scripts/services.sh start     start them and print `export VAR=…` lines for the test suite
#   scripts/services.sh stop      stop them
#
# Used by .ci/run; contributors can run `eval "$(scripts/services.sh start)" && npm test`.
# Data lives under $SHUTTER_SERVICES_DIR (default /tmp/shutter-services) and is thrown away on stop.
set -euo pipefail

DIR="${SHUTTER_SERVICES_DIR:-/tmp/shutter-services}"
PG_PORT="${SERVICES_POSTGRES_PORT:-55432}"

log() { echo "services: $*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] && echo "$bin"
}

install_postgres() {
  if [ -z "$(pg_bin)" ]; then
    log "installing PostgreSQL (Debian package postgresql)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
}

# PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` system user
# the Debian package creates (or the current user when not root).
pg_run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local bin data="$DIR/postgres"
  bin=$(pg_bin) || { log "PostgreSQL is not installed: run scripts/services.sh install"; exit 1; }
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres: "$data"
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
    rm -rf "$data"
  fi
}

case "${1:-}" in
  install) install_postgres ;;
  start) start_postgres ;;
  stop) stop_postgres ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
