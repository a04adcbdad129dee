#!/usr/bin/env bash
# A real single-node Elasticsearch (security off: plain HTTP, no auth) on loopback, without Docker.
# It comes from Maven Central through ./pom.xml: the official integ-test distribution
# org.elasticsearch.distribution.integ-test-zip:elasticsearch (the genuine server, no JDK inside),
# plus ./src (RootHandler.java and es<major>/RestRootPlugin.java), built into the module
# local-rest-root, which adds `GET /` and `HEAD /` (client.info() / client.ping()) that this
# distribution lacks. Version: <es.version> of pom.xml (8.19.21, on Java 17+), or $ES_VERSION
# (9.5.3 was verified too; 9.x needs Java 21+). The npm client @elastic/elasticsearch 8.x talks
# to both; 9.x only to a 9.x server.
#
#   elasticsearch.sh install <dir>         fetch and unpack it into <dir>/home (once; a no-op when done)
#   elasticsearch.sh start <dir> <port>    start it on 127.0.0.1:<port> (transport on <port>+1) and
#                                          wait until `GET /` answers and the cluster is at least yellow
#   elasticsearch.sh stop <dir>            stop it (SIGTERM, SIGKILL after $ES_STOP_TIMEOUT seconds);
#                                          keeps the data
#   elasticsearch.sh restart <dir> <port>  stop then start, keeping the data
#   elasticsearch.sh status <dir>          exit 0 when the node of <dir> runs
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
#   ES_VERSION          Elasticsearch version (default: <es.version> of pom.xml); install and start
#                       must see the same value. Going back to an older version needs a fresh data/.
#   ES_JAVA_HOME        JDK/JRE home (default: $JAVA_HOME, else the one of `java` on PATH; when that
#                       is too old for the version, the newest suitable one in /usr/lib/jvm)
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
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$HERE/pom.xml"
ES_VERSION="${ES_VERSION:-$(sed -n 's:.*<es.version>\(.*\)</es.version>.*:\1:p' "$POM")}"
ES_MAJOR="${ES_VERSION%%.*}"
case "$ES_MAJOR" in 8) MIN_JAVA=17 ;; 9) MIN_JAVA=21 ;; *) echo "elasticsearch: unsupported ES_VERSION '$ES_VERSION' (8.x or 9.x)" >&2; exit 2 ;; esac
CLUSTER=elasticsearch  # also the name of the log file

log() { echo "elasticsearch: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  echo "usage: $0 install <dir> | start <dir> <port> | stop <dir> | restart <dir> <port> | status <dir>" >&2
  exit 2
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

is_root() { [ "$(id -u)" = 0 ]; }
es_user() { echo "${ES_USER:-elasticsearch}"; }

# runs a command as the node's user (as is when not root)
as_es() {
  if is_root; then runuser -u "$(es_user)" -- "$@"; else "$@"; fi
}

java_major() {  # java_major <home>: prints the feature version of <home>/bin/java
  local ver
  ver=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  ver=${ver#1.}; echo "${ver%%.*}"
}

java_home() {
  local java home cand best="" bestv=0 v
  if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then home="$JAVA_HOME"
  elif java=$(command -v java); then java=$(readlink -f "$java"); home=$(dirname "$(dirname "$java")")
  fi
  if [ -n "${home:-}" ] && [ "$(java_major "$home")" -ge "$MIN_JAVA" ] 2>/dev/null; then echo "$home"; return; fi
  for cand in /usr/lib/jvm/*/; do
    cand=${cand%/}
    if [ ! -x "$cand/bin/java" ] || [ -L "$cand" ]; then continue; fi
    v=$(java_major "$cand")
    if [ -n "$v" ] && [ "$v" -ge "$MIN_JAVA" ] && [ "$v" -gt "$bestv" ]; then best="$cand"; bestv="$v"; fi
  done
  [ -n "$best" ] || die "no Java $MIN_JAVA+ found for Elasticsearch $ES_VERSION (set ES_JAVA_HOME)"
  echo "$best"
}

check_java() {
  local home="$1" major
  [ -x "$home/bin/java" ] || die "no $home/bin/java (set ES_JAVA_HOME to a Java $MIN_JAVA+ home)"
  major=$(java_major "$home")
  if [ -z "$major" ] || [ "$major" -lt "$MIN_JAVA" ]; then
    die "Elasticsearch $ES_VERSION needs Java $MIN_JAVA+, $home is '${major:-unknown}'"
  fi
}

stamp() { { echo "$ES_VERSION"; cat "$POM"; find "$HERE/src" -name '*.java' | sort | xargs cat; } | sha256sum | cut -d' ' -f1; }

# ---------------------------------------------------------------- install
cmd_install() {
  local dir home st tmp mod
  dir=$(abs_dir "$1"); home="$dir/home"; st=$(stamp)
  if [ -f "$home/.installed" ] && [ "$(cat "$home/.installed")" = "$st" ]; then
    return 0
  fi
  command -v "${MVN:-mvn}" >/dev/null || die "maven not found: apt-get install maven"
  log "fetching Elasticsearch $ES_VERSION from Maven Central into $home"
  tmp="$dir/install.tmp.$$"
  rm -rf "$tmp"
  if ! "${MVN:-mvn}" -q -B -f "$POM" package -Dinstall.dir="$tmp" -Des.version="$ES_VERSION" -Des.major="$ES_MAJOR" \
        >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    rm -rf "$tmp"
    die "maven could not fetch or build Elasticsearch (log above, also in $dir/install.log)"
  fi
  [ -f "$tmp/elasticsearch-$ES_VERSION/lib/elasticsearch-$ES_VERSION.jar" ] || { rm -rf "$tmp"; die "no elasticsearch-$ES_VERSION was unpacked"; }
  [ -f "$tmp/build/local-rest-root.jar" ] || { rm -rf "$tmp"; die "local-rest-root.jar was not built"; }
  mod="$tmp/elasticsearch-$ES_VERSION/modules/local-rest-root"
  mkdir -p "$mod"
  cp "$tmp/build/local-rest-root.jar" "$mod/"
  cat >"$mod/plugin-descriptor.properties" <<EOF
description=GET / and HEAD / (the rest-root module that the integ-test distribution lacks)
version=1
name=local-rest-root
classname=local.services.elasticsearch.es$ES_MAJOR.RestRootPlugin
java.version=$MIN_JAVA
elasticsearch.version=$ES_VERSION
EOF
  chmod -R a+rX "$tmp/elasticsearch-$ES_VERSION"
  echo "$st" >"$tmp/elasticsearch-$ES_VERSION/.installed"
  rm -rf "$home" "$dir/home.local"
  mv "$tmp/elasticsearch-$ES_VERSION" "$home"
  rm -rf "$tmp"
  log "installed Elasticsearch $ES_VERSION in $home"
}

# ---------------------------------------------------------------- helpers
pid_of() {  # prints the pid of the running node of <dir>, or fails
  local dir="$1" pid
  [ -f "$dir/elasticsearch.pid" ] || return 1
  pid=$(cat "$dir/elasticsearch.pid")
  [ -n "$pid" ] && alive "$pid" || return 1
  # guard against a recycled pid: it must be a node started for this <dir>
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dlocal.services.dir=$dir " || return 1
  echo "$pid"
}

# alive: the process exists and is not a zombie
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_get <port> <path>: prints the status code and the body of a GET (bash only, no curl needed)
http_get() {
  # shellcheck disable=SC2016
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$1" >&3
    cat <&3' "$1" "$2" 2>/dev/null | tr -d '\r' | awk 'NR==1 {print $2; next} body {print} /^$/ {body=1}'
}

# the installation as the node's user can read it
readable_home() {
  local dir="$1" home
  home="$dir/home"
  [ -f "$home/lib/elasticsearch-$ES_VERSION.jar" ] || die "not installed in $home: run $0 install $dir"
  if is_root; then chmod go+rx "$dir"; fi
  if ! is_root || as_es test -r "$home/lib/elasticsearch-$ES_VERSION.jar"; then echo "$home"; return; fi
  local copy="$dir/home.local"
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
  local dir="$1" home="$2" port="$3" tport="$4"
  mkdir -p "$dir/config" "$dir/data" "$dir/logs" "$dir/tmp" "$dir/run"
  # the script's settings, less those whose key ES_EXTRA_SETTINGS sets, then ES_EXTRA_SETTINGS
  awk -F: 'NR == FNR { if ($1 ~ /^[A-Za-z]/) { k = $1; gsub(/ /, "", k); extra[k] = 1 }; next }
           { k = $1; gsub(/ /, "", k); if (!(k in extra)) print }' \
    <(printf '%s\n' "${ES_EXTRA_SETTINGS:-}") - >"$dir/config/elasticsearch.yml" <<EOF
# Written by elasticsearch.sh on each start.
cluster.name: $CLUSTER
node.name: node-1
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: $port
transport.port: $tport
discovery.type: single-node
xpack.security.enabled: false
# tests delete indices by wildcard
action.destructive_requires_name: false
# never turn indices read-only because the disk is nearly full
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  printf '%s\n' "${ES_EXTRA_SETTINGS:-}" >>"$dir/config/elasticsearch.yml"
  # the distribution's JVM options, without GC logging to files and heap dumps
  grep -vE '^-Xlog:gc|^-XX:\+HeapDumpOnOutOfMemoryError' "$home/config/jvm.options" >"$dir/config/jvm.options"
  cp "$home/config/log4j2.properties" "$dir/config/log4j2.properties"
  if is_root; then
    chown -R "$(es_user):" "$dir/config" "$dir/data" "$dir/logs" "$dir/tmp" "$dir/run"
  fi
}

fail_start() {
  local dir="$1" msg="$2"
  log "$msg"
  log "---- tail of $dir/logs/$CLUSTER.log"
  tail -n 40 "$dir/logs/$CLUSTER.log" >&2 2>/dev/null || true
  log "---- tail of $dir/logs/cli.out"
  tail -n 20 "$dir/logs/cli.out" >&2 2>/dev/null || true
  exit 1
}

# ---------------------------------------------------------------- start / stop
cmd_start() {
  local dir port tport jhome home pid cli timeout deadline t0 code
  dir=$(abs_dir "$1"); port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "bad port '$port'"
  tport="${ES_TRANSPORT_PORT:-$((port + 1))}"
  timeout="${ES_START_TIMEOUT:-180}"
  t0=$(date +%s.%N)

  if pid=$(pid_of "$dir"); then
    if port_open "$port"; then log "already running (pid $pid) on 127.0.0.1:$port"; return 0; fi
    die "a node of $dir already runs (pid $pid) but not on port $port: stop it first"
  fi
  cmd_install "$dir"  # a no-op when installed
  jhome=$(java_home); check_java "$jhome"
  port_open "$port" && die "127.0.0.1:$port is already in use"
  port_open "$tport" && die "transport port 127.0.0.1:$tport is already in use (set ES_TRANSPORT_PORT)"
  ensure_user
  home=$(readable_home "$dir")

  write_config "$dir" "$home" "$port" "$tport"
  if [ -f "$dir/logs/$CLUSTER.log" ]; then mv -f "$dir/logs/$CLUSTER.log" "$dir/logs/$CLUSTER.log.prev"; fi
  rm -f "$dir/logs/${CLUSTER}_server.json" "$dir/run/elasticsearch.pid" "$dir/elasticsearch.pid"

  # -d: the launcher starts the node, waits until it has started, then exits and leaves it running.
  # setsid: the launcher and the node get their own process group ($cli), away from our terminal.
  local runner=()
  if is_root; then runner=(runuser -u "$(es_user)" --); fi
  setsid "${runner[@]}" env -u JAVA_HOME ES_JAVA_HOME="$jhome" ES_PATH_CONF="$dir/config" ES_TMPDIR="$dir/tmp" \
    ES_JAVA_OPTS="${ES_HEAP_OPTS:--Xms512m -Xmx512m} ${ES_JVM_OPTS--XX:-AlwaysPreTouch -XX:TieredStopAtLevel=1} -Dlocal.services.dir=$dir" \
    CLI_JAVA_OPTS="-XX:TieredStopAtLevel=1 -Djava.io.tmpdir=$dir/tmp" \
    "$home/bin/elasticsearch" -d -p "$dir/run/elasticsearch.pid" >"$dir/logs/cli.out" 2>&1 </dev/null &
  cli=$!

  deadline=$(( $(date +%s) + timeout ))
  pid=""
  while :; do
    if [ -z "$pid" ] && [ -s "$dir/run/elasticsearch.pid" ]; then
      pid=$(cat "$dir/run/elasticsearch.pid")
      echo "$pid" >"$dir/elasticsearch.pid"
    fi
    if ! alive "$cli"; then
      wait "$cli" && code=0 || code=$?
      if [ "$code" != 0 ]; then
        rm -f "$dir/elasticsearch.pid"
        if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
        fail_start "$dir" "the node failed to start (launcher exit code $code)"
      fi
      cli=""
    fi
    if [ -n "$pid" ] && ! alive "$pid"; then
      rm -f "$dir/elasticsearch.pid"
      fail_start "$dir" "the node exited during startup"
    fi
    if [ -z "$cli" ] && [ -n "$pid" ] && [ "$(http_get "$port" / | head -n 1)" = 200 ] &&
       [ "$(http_get "$port" "/_cluster/health?wait_for_status=yellow&timeout=1s" | head -n 1)" = 200 ]; then
      break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      if [ -n "$cli" ]; then kill -KILL -- "-$cli" 2>/dev/null || true; fi  # launcher's group, node included
      if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
      rm -f "$dir/elasticsearch.pid"
      fail_start "$dir" "the node was not ready within ${timeout}s (killed it)"
    fi
    sleep 0.2
  done
  log "ready on http://127.0.0.1:$port (Elasticsearch $ES_VERSION, pid $pid, transport 127.0.0.1:$tport, $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}")s)"
}

cmd_stop() {
  local dir pid deadline
  dir=$(abs_dir "$1")
  if ! pid=$(pid_of "$dir"); then rm -f "$dir/elasticsearch.pid"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + ${ES_STOP_TIMEOUT:-30} ))
  while alive "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "node (pid $pid) did not stop within ${ES_STOP_TIMEOUT:-30}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
      break
    fi
    sleep 0.2
  done
  rm -f "$dir/elasticsearch.pid"
  log "stopped (pid $pid)"
}

case "${1:-}" in
  install) [ $# -eq 2 ] || usage; cmd_install "$2" ;;
  start) [ $# -eq 3 ] || usage; cmd_start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
  restart) [ $# -eq 3 ] || usage; cmd_stop "$2"; cmd_start "$2" "$3" ;;
  status) [ $# -eq 2 ] || usage; pid_of "$(abs_dir "$2")" >/dev/null ;;
  *) usage ;;
esac
