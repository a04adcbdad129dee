#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft mode: combined broker + controller, no ZooKeeper)
# on loopback, without Docker: its jars come from Maven Central through ./pom.xml, it runs on Java 17+.
#
#   kafka.sh install <dir>         fetch the jars into <dir>/libs (once; a no-op when they are there)
#   kafka.sh start <dir> <port>    format <dir>/data if needed, start the broker on 127.0.0.1:<port>
#                                  and wait until it is ready (controller on 127.0.0.1:<port+1>)
#   kafka.sh stop <dir>            stop it (SIGTERM, SIGKILL after $KAFKA_STOP_TIMEOUT seconds); keeps data
#   kafka.sh restart <dir> <port>  stop then start, keeping the data
#   kafka.sh status <dir>          exit 0 when the broker of <dir> runs
#
# Ready means "Kafka Server started" is in the log (the broker is unfenced) and the port accepts
# connections. After an unclean stop (SIGKILL, crash) the next start takes ~10 s longer: the
# controller waits for the old broker session to expire (broker.session.timeout.ms, 9 s).
#
# Layout of <dir>: libs/ (jars), config/ (server.properties, log4j2.properties, written on each start),
# data/ (KRaft metadata and topic data), logs/server.log (broker log of the current start; the
# previous one is logs/server.log.prev), logs/kafka.out (JVM stdout/stderr), logs/format.log, kafka.pid.
#
# Environment (all optional):
#   KAFKA_JAVA             java binary (default: $JAVA_HOME/bin/java, else `java` on PATH); needs Java 17+
#   KAFKA_CONTROLLER_PORT  controller listener port (default <port>+1)
#   KAFKA_HEAP_OPTS        default "-Xmx512m -Xms128m"
#   KAFKA_JVM_OPTS         extra JVM options (default "-XX:TieredStopAtLevel=1": C1 JIT only, a quicker
#                          start and less CPU on a small machine; set it to "" for full C2 throughput)
#   KAFKA_EXTRA_PROPERTIES extra lines appended to server.properties (later keys win)
#   KAFKA_START_TIMEOUT    seconds to wait for readiness (default 90)
#   KAFKA_STOP_TIMEOUT     seconds to wait for a clean stop before SIGKILL (default 30)
#   MVN                    maven binary (default mvn)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$HERE/pom.xml"

log() { echo "kafka: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  echo "usage: $0 install <dir> | start <dir> <port> | stop <dir> | restart <dir> <port> | status <dir>" >&2
  exit 2
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

java_bin() {
  if [ -n "${KAFKA_JAVA:-}" ]; then echo "$KAFKA_JAVA"
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"
  else command -v java || die "no java found (need Java 17+): apt-get install openjdk-17-jre-headless"
  fi
}

check_java() {
  local java="$1" ver major
  ver=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  major=${ver#1.}; major=${major%%.*}
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then die "Kafka 4 needs Java 17+, $java is '${ver:-unknown}'"; fi
}

pom_stamp() { sha256sum "$POM" | cut -d' ' -f1; }

# ---------------------------------------------------------------- install
cmd_install() {
  local dir libs stamp tmp
  dir=$(abs_dir "$1"); libs="$dir/libs"; stamp=$(pom_stamp)
  if [ -f "$libs/.installed" ] && [ "$(cat "$libs/.installed")" = "$stamp" ]; then
    return 0
  fi
  command -v "${MVN:-mvn}" >/dev/null || die "maven not found: apt-get install maven"
  log "fetching Kafka jars from Maven Central into $libs"
  tmp="$dir/libs.tmp.$$"
  rm -rf "$tmp"
  if ! "${MVN:-mvn}" -q -B -f "$POM" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" -DincludeScope=runtime >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    rm -rf "$tmp"
    die "maven could not fetch the Kafka jars (log above, also in $dir/install.log)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "no kafka_2.13 jar was fetched"; }
  echo "$stamp" >"$tmp/.installed"
  rm -rf "$libs"
  mv "$tmp" "$libs"
  log "installed $(find "$libs" -name '*.jar' | wc -l) jars ($(cd "$libs" && echo kafka_2.13-*.jar))"
}

# ---------------------------------------------------------------- helpers
pid_of() {  # prints the pid of the running broker of <dir>, or fails
  local dir="$1" pid
  [ -f "$dir/kafka.pid" ] || return 1
  pid=$(cat "$dir/kafka.pid")
  [ -n "$pid" ] && alive "$pid" || return 1
  # guard against a recycled pid: it must be a kafka.Kafka started with this config
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $dir/config/server.properties" || return 1
  echo "$pid"
}

# alive: the process exists and is not a zombie (a broker that died during `start` is our
# unreaped child, and kill -0 still succeeds on it)
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  local dir="$1" port="$2" cport="$3"
  mkdir -p "$dir/config" "$dir/data" "$dir/logs"
  cat >"$dir/config/server.properties" <<EOF
# Written by kafka.sh on each start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$dir/data
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
# one partition per internal topic (default 50): quicker first group join / transactional producer and restarts
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
num.network.threads=2
num.io.threads=4
log.retention.hours=168
${KAFKA_EXTRA_PROPERTIES:-}
EOF
  cat >"$dir/config/log4j2.properties" <<EOF
# Broker log to a file; nothing to stdout. kafka.sh moves the previous log to server.log.prev on
# each start. append must stay true: log4j may re-initialise itself while the JVM shuts down, and
# with append=false that would truncate the log.
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/logs/server.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
  cat >"$dir/config/tools-log4j2.properties" <<EOF
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
}

new_cluster_id() {  # a Kafka Uuid: 16 random bytes, base64url without padding (22 chars)
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    case "$id" in -*|AAAAAAAAAAAAAAAAAAAAA*) ;; *) echo "$id"; return ;; esac
  done
}

format_storage() {
  local dir="$1" java="$2" cid
  [ -f "$dir/data/meta.properties" ] && return 0
  cid=$(new_cluster_id)
  log "formatting KRaft storage in $dir/data (cluster id $cid)"
  if ! "$java" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$dir/config/tools-log4j2.properties" \
        -cp "$dir/libs/*" kafka.tools.StorageTool format \
        --config "$dir/config/server.properties" --cluster-id "$cid" --ignore-formatted \
        >"$dir/logs/format.log" 2>&1; then
    cat "$dir/logs/format.log" >&2
    die "formatting the storage failed"
  fi
}

fail_start() {
  local dir="$1" msg="$2"
  log "$msg"
  log "---- tail of $dir/logs/server.log"
  tail -n 40 "$dir/logs/server.log" >&2 2>/dev/null || true
  log "---- tail of $dir/logs/kafka.out"
  tail -n 20 "$dir/logs/kafka.out" >&2 2>/dev/null || true
  exit 1
}

# ---------------------------------------------------------------- start / stop
cmd_start() {
  local dir port cport java pid deadline timeout t0
  dir=$(abs_dir "$1"); port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "bad port '$port'"
  cport="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
  timeout="${KAFKA_START_TIMEOUT:-90}"
  t0=$(date +%s.%N)

  if pid=$(pid_of "$dir"); then
    if port_open "$port"; then log "already running (pid $pid) on 127.0.0.1:$port"; return 0; fi
    die "a broker of $dir already runs (pid $pid) but not on port $port: stop it first"
  fi
  cmd_install "$dir"  # a no-op when the jars are there
  java=$(java_bin); check_java "$java"
  port_open "$port" && die "127.0.0.1:$port is already in use"
  port_open "$cport" && die "controller port 127.0.0.1:$cport is already in use (set KAFKA_CONTROLLER_PORT)"

  write_config "$dir" "$port" "$cport"
  format_storage "$dir" "$java"

  if [ -f "$dir/logs/server.log" ]; then mv -f "$dir/logs/server.log" "$dir/logs/server.log.prev"; fi
  # shellcheck disable=SC2086
  setsid nohup "$java" ${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m} \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true ${KAFKA_JVM_OPTS--XX:TieredStopAtLevel=1} \
    -Dlog4j2.configurationFile="$dir/config/log4j2.properties" -Dlog4j2.shutdownHookEnabled=false \
    -Dkafka.logs.dir="$dir/logs" \
    -cp "$dir/libs/*" kafka.Kafka "$dir/config/server.properties" \
    >"$dir/logs/kafka.out" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/kafka.pid"

  deadline=$(( $(date +%s) + timeout ))
  while :; do
    if ! alive "$pid"; then
      rm -f "$dir/kafka.pid"
      fail_start "$dir" "the broker exited during startup"
    fi
    if grep -q "Kafka Server started" "$dir/logs/server.log" 2>/dev/null && port_open "$port"; then
      break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$dir/kafka.pid"
      fail_start "$dir" "the broker was not ready within ${timeout}s (killed it)"
    fi
    sleep 0.2
  done
  log "ready on 127.0.0.1:$port (pid $pid, controller 127.0.0.1:$cport, $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}")s)"
}

cmd_stop() {
  local dir pid deadline
  dir=$(abs_dir "$1")
  if ! pid=$(pid_of "$dir"); then rm -f "$dir/kafka.pid"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + ${KAFKA_STOP_TIMEOUT:-30} ))
  while alive "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "broker (pid $pid) did not stop within ${KAFKA_STOP_TIMEOUT:-30}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
      break
    fi
    sleep 0.2
  done
  rm -f "$dir/kafka.pid"
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
