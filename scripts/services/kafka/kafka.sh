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
# (the lifecycle is ../lib.sh's)
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

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
WHAT="the broker" LOGS=(logs/server.log logs/kafka.out)
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}" STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

fetch() {
  local st
  st=$(stamp "$POM")
  stale "$DIR/libs" "$st" || return 0
  mvn_run "the Kafka jars" dependency:copy-dependencies -DoutputDirectory="$SCRATCH" -DincludeScope=runtime
  need "$SCRATCH/kafka_2.13-*.jar"
  installed "$SCRATCH" "$DIR/libs" "$st"
}

write_config() {
  local cport="$1"
  mkdir -p "$DIR/config" "$DIR/data" "$DIR/logs"
  cat >"$DIR/config/server.properties" <<EOF
# Written by kafka.sh on each start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$DIR/data
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
  cat >"$DIR/config/log4j2.properties" <<EOF
# Broker log to a file; nothing to stdout. kafka.sh moves the previous log to server.log.prev on
# each start. append must stay true: log4j may re-initialise itself while the JVM shuts down, and
# with append=false that would truncate the log.
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $DIR/logs/server.log
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
  cat >"$DIR/config/tools-log4j2.properties" <<EOF
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
  local java="$1" cid
  [ -f "$DIR/data/meta.properties" ] && return 0
  cid=$(new_cluster_id)
  log "formatting KRaft storage in $DIR/data (cluster id $cid)"
  if ! "$java" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$DIR/config/tools-log4j2.properties" \
        -cp "$DIR/libs/*" kafka.tools.StorageTool format \
        --config "$DIR/config/server.properties" --cluster-id "$cid" --ignore-formatted \
        >"$DIR/logs/format.log" 2>&1; then
    cat "$DIR/logs/format.log" >&2
    die "formatting the storage failed"
  fi
}

launch() {
  local java cport="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
  java=$(java_bin "${KAFKA_JAVA:-}")
  port_free "$cport" "the controller port: set KAFKA_CONTROLLER_PORT"
  write_config "$cport"
  format_storage "$java"
  # shellcheck disable=SC2086
  spawn "$DIR/logs/kafka.out" "$java" ${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m} \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true ${KAFKA_JVM_OPTS--XX:TieredStopAtLevel=1} \
    -Dlog4j2.configurationFile="$DIR/config/log4j2.properties" -Dlog4j2.shutdownHookEnabled=false \
    -Dkafka.logs.dir="$DIR/logs" \
    -cp "$DIR/libs/*" kafka.Kafka "$DIR/config/server.properties"
  set_pid "$STARTED"
  ABOUT="controller 127.0.0.1:$cport"
}

ready() { grep -q "Kafka Server started" "$DIR/logs/server.log" 2>/dev/null && port_open "$PORT"; }

main "$@"
