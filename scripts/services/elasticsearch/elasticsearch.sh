#!/usr/bin/env bash
# A real single-node Elasticsearch (security off: plain HTTP, no auth) on loopback, without Docker.
# It comes from Maven Central through ./pom.xml: the official integ-test distribution
# org.elasticsearch.distribution.integ-test-zip:elasticsearch (the genuine server, no JDK inside),
# plus ./src (RootHandler.java and es8/RestRootPlugin.java), built into the module
# local-rest-root, which adds `GET /` and `HEAD /` (client.info() / client.ping()) that this
# distribution lacks. Version: <es.version> of pom.xml (8.19.21, on Java 17+), for the npm client
# @elastic/elasticsearch 8.x.
#
#   elasticsearch.sh install <dir>         fetch and unpack it into <dir>/home (once; a no-op when done)
#   elasticsearch.sh start <dir> <port>    start it on 127.0.0.1:<port> (transport on <port>+1) and
#                                          wait until `GET /` answers and the cluster is at least yellow
#   elasticsearch.sh stop <dir>            stop it (SIGTERM, SIGKILL after $ES_STOP_TIMEOUT seconds);
#                                          keeps the data
#   elasticsearch.sh restart <dir> <port>  stop then start, keeping the data
#   elasticsearch.sh status <dir>          exit 0 when the node of <dir> runs
# (the lifecycle is ../lib.sh's)
#
# Elasticsearch refuses to run as root. Under root the node runs as the system user $ES_USER
# (created when missing); <dir> and its parents must be traversable by it (not under /root). When
# <dir>/home is not readable by it (e.g. a symlink into /root/.cache), start copies the
# installation into <dir>/home.local (hard links when possible).
#
# Development mode (loopback only, discovery.type=single-node): the bootstrap checks
# (vm.max_map_count, file descriptors) only log warnings; no sysctl or ulimit is needed.
# Only what the distribution ships is there. Analysis: the analyzers standard, simple, whitespace,
# stop and keyword, and custom analyzers of the `standard` tokenizer with the lowercase, stop and
# shingle filters; there is no analysis-common module (no `english`/language analyzers, no keyword/
# ngram/edge_ngram/pattern tokenizers, no asciifolding, stemmer, synonym or html_strip). Also
# missing: painless scripts, _update_by_query/_delete_by_query/_reindex, ingest pipelines,
# mapper-extras types (scaled_float, search_as_you_type, …), parent-join, percolator. Core queries,
# mappings (text, keyword, numbers, date, boolean, object, nested, geo_point, dense_vector, …),
# bulk, refresh, terms/date_histogram/… aggregations, highlighting, sorting and paging all work.
#
# Layout of <dir>: home/ (the distribution; read-only), config/ (elasticsearch.yml, jvm.options,
# log4j2.properties, written on each start; elasticsearch.keystore), data/, tmp/, run/ (the pid file
# the node writes), logs/elasticsearch.log (node log of the current start; the previous one is
# logs/elasticsearch.log.prev), logs/cli.out (launcher output), elasticsearch.pid, install.log.
#
# Environment (all optional):
#   ES_JAVA_HOME        JDK/JRE home, Java 17+ (default: $JAVA_HOME, else the one of `java` on PATH)
#   ES_HEAP_OPTS        default "-Xms512m -Xmx512m"
#   ES_JVM_OPTS         extra JVM options (default "-XX:-AlwaysPreTouch -XX:TieredStopAtLevel=1": the
#                       heap is not touched up front and only the C1 JIT runs: a smaller RSS and a
#                       start in about half the time on a small machine; set it to "" for the
#                       distribution's defaults and full C2 throughput)
#   ES_TRANSPORT_PORT   node-to-node port (default <port>+1; bound on 127.0.0.1)
#   ES_EXTRA_SETTINGS   extra `key: value` lines for elasticsearch.yml, one a line, in flat form
#                       (e.g. "http.max_content_length: 200mb"); they replace the script's own lines
#                       with the same key (Elasticsearch rejects a repeated key)
#   ES_START_TIMEOUT    seconds to wait for readiness (default 180)
#   ES_STOP_TIMEOUT     seconds to wait for a clean stop before SIGKILL (default 30)
#   ES_USER             user the node runs as when this script runs as root (default elasticsearch)
#   MVN                 maven binary (default mvn)

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
WHAT="the node" LOGS=(logs/elasticsearch.log logs/cli.out) # the node log is named after cluster.name
START_TIMEOUT="${ES_START_TIMEOUT:-180}" STOP_TIMEOUT="${ES_STOP_TIMEOUT:-30}"
ES_VERSION=$(sed -n 's:.*<es.version>\(.*\)</es.version>.*:\1:p' "$POM")
LAUNCHER=""

is_root() { [ "$(id -u)" = 0 ]; }
es_user() { echo "${ES_USER:-elasticsearch}"; }
# runs a command as the node's user (as is when not root)
as_es() { if is_root; then runuser -u "$(es_user)" -- "$@"; else "$@"; fi; }

fetch() {
  local st mod srcs
  mapfile -t srcs < <(find "$HERE/src" -name '*.java' | sort)
  st=$(stamp "$POM" "${srcs[@]}")
  stale "$DIR/home" "$st" || return 0
  mvn_run "Elasticsearch $ES_VERSION" package -Dinstall.dir="$SCRATCH"
  need "$SCRATCH/elasticsearch-$ES_VERSION/lib/elasticsearch-$ES_VERSION.jar" "$SCRATCH/build/local-rest-root.jar"
  mod="$SCRATCH/elasticsearch-$ES_VERSION/modules/local-rest-root"
  mkdir -p "$mod"
  cp "$SCRATCH/build/local-rest-root.jar" "$mod/"
  cat >"$mod/plugin-descriptor.properties" <<EOF
description=GET / and HEAD / (the rest-root module that the integ-test distribution lacks)
version=1
name=local-rest-root
classname=local.services.elasticsearch.es8.RestRootPlugin
java.version=17
elasticsearch.version=$ES_VERSION
EOF
  chmod -R a+rX "$SCRATCH/elasticsearch-$ES_VERSION"
  rm -rf "$DIR/home.local"
  installed "$SCRATCH/elasticsearch-$ES_VERSION" "$DIR/home" "$st"
}

# the installation as the node's user can read it
readable_home() {
  local home="$DIR/home" copy="$DIR/home.local"
  if is_root; then chmod go+rx "$DIR"; fi
  if ! is_root || as_es test -r "$home/lib/elasticsearch-$ES_VERSION.jar"; then echo "$home"; return; fi
  if ! [ -f "$copy/.installed" ] || [ "$(cat "$copy/.installed")" != "$(cat "$home/.installed")" ]; then
    log "$(es_user) cannot read $home: copying it into $copy"
    rm -rf "$copy"
    cp -al "$(readlink -f "$home")/." "$copy.tmp" 2>/dev/null || { rm -rf "$copy.tmp"; cp -a "$(readlink -f "$home")/." "$copy.tmp"; }
    mv "$copy.tmp" "$copy"
  fi
  as_es test -r "$copy/lib/elasticsearch-$ES_VERSION.jar" ||
    die "$(es_user) cannot read $copy: <dir> must not be under a private directory such as /root"
  echo "$copy"
}

ensure_user() {
  is_root || return 0
  id -u "$(es_user)" >/dev/null 2>&1 && return 0
  log "creating system user $(es_user)"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$(es_user)"
}

write_config() {
  local home="$1" tport="$2"
  mkdir -p "$DIR/config" "$DIR/data" "$DIR/logs" "$DIR/tmp" "$DIR/run"
  # the script's settings, less those whose key ES_EXTRA_SETTINGS sets, then ES_EXTRA_SETTINGS
  awk -F: 'NR == FNR { if ($1 ~ /^[A-Za-z]/) { k = $1; gsub(/ /, "", k); extra[k] = 1 }; next }
           { k = $1; gsub(/ /, "", k); if (!(k in extra)) print }' \
    <(printf '%s\n' "${ES_EXTRA_SETTINGS:-}") - >"$DIR/config/elasticsearch.yml" <<EOF
# Written by elasticsearch.sh on each start.
cluster.name: elasticsearch
node.name: node-1
path.data: $DIR/data
path.logs: $DIR/logs
network.host: 127.0.0.1
http.port: $PORT
transport.port: $tport
discovery.type: single-node
xpack.security.enabled: false
# tests delete indices by wildcard
action.destructive_requires_name: false
# never turn indices read-only because the disk is nearly full
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  printf '%s\n' "${ES_EXTRA_SETTINGS:-}" >>"$DIR/config/elasticsearch.yml"
  # the distribution's JVM options, without GC logging to files and heap dumps
  grep -vE '^-Xlog:gc|^-XX:\+HeapDumpOnOutOfMemoryError' "$home/config/jvm.options" >"$DIR/config/jvm.options"
  cp "$home/config/log4j2.properties" "$DIR/config/log4j2.properties"
  if is_root; then
    chown -R "$(es_user):" "$DIR/config" "$DIR/data" "$DIR/logs" "$DIR/tmp" "$DIR/run"
  fi
}

launch() {
  local java jhome home tport="${ES_TRANSPORT_PORT:-$((PORT + 1))}" runner=()
  java=$(java_bin "${ES_JAVA_HOME:+$ES_JAVA_HOME/bin/java}")
  jhome=$(dirname "$(dirname "$(readlink -f "$java")")")
  port_free "$tport" "the transport port: set ES_TRANSPORT_PORT"
  ensure_user
  home=$(readable_home)
  write_config "$home" "$tport"
  rm -f "$DIR/logs/elasticsearch_server.json" "$DIR/run/elasticsearch.pid"
  # -d: the launcher starts the node, waits until it has started, then exits and leaves it running;
  # the node writes its pid to run/elasticsearch.pid (ready picks it up).
  if is_root; then runner=(runuser -u "$(es_user)" --); fi
  spawn "$DIR/logs/cli.out" "${runner[@]}" env -u JAVA_HOME ES_JAVA_HOME="$jhome" ES_PATH_CONF="$DIR/config" ES_TMPDIR="$DIR/tmp" \
    ES_JAVA_OPTS="${ES_HEAP_OPTS:--Xms512m -Xmx512m} ${ES_JVM_OPTS--XX:-AlwaysPreTouch -XX:TieredStopAtLevel=1} -Dlocal.services.dir=$DIR" \
    CLI_JAVA_OPTS="-XX:TieredStopAtLevel=1 -Djava.io.tmpdir=$DIR/tmp" \
    "$home/bin/elasticsearch" -d -p "$DIR/run/elasticsearch.pid"
  LAUNCHER=$STARTED
  ABOUT="Elasticsearch $ES_VERSION, transport 127.0.0.1:$tport"
}

ready() {
  if [ -z "$PID" ] && [ -s "$DIR/run/elasticsearch.pid" ]; then set_pid "$(cat "$DIR/run/elasticsearch.pid")"; fi
  if [ -n "$LAUNCHER" ] && ! alive "$LAUNCHER"; then
    wait "$LAUNCHER" || fail_start "the node failed to start (launcher exit code $?)"
    LAUNCHER=""
  fi
  [ -z "$LAUNCHER" ] && [ -n "$PID" ] && http_ok "$PORT" / && http_ok "$PORT" "/_cluster/health?wait_for_status=yellow&timeout=1s"
}

main "$@"
