#!/usr/bin/env bash
# A real S3 API server (S3Proxy) on loopback, without Docker: its jar comes from Maven Central
# through ./pom.xml, it runs on Java 17+, and it keeps the objects in plain files under <dir>/data.
# It checks AWS Signature V2 and V4 (headers and pre-signed query strings, including X-Amz-Expires)
# and browser-POST policies (signature, expiration, content-length-range, eq/starts-with conditions).
#
#   s3.sh install <dir>         fetch the jar into <dir>/libs (once; a no-op when it is there)
#   s3.sh start <dir> <port>    start S3Proxy on http://127.0.0.1:<port> and wait until it is ready
#   s3.sh stop <dir>            stop it (SIGTERM, SIGKILL after $S3PROXY_STOP_TIMEOUT seconds); keeps data
#   s3.sh restart <dir> <port>  stop then start, keeping the data
#   s3.sh status <dir>          exit 0 when the S3Proxy of <dir> runs
# (the lifecycle is ../lib.sh's)
#
# Clients: endpoint http://127.0.0.1:<port>, region us-east-1, path-style addressing (forcePathStyle:
# true; virtual-host style is not configured), access key / secret key as below. Buckets are
# directories of <dir>/data and objects files in them (metadata in user xattrs, so <dir> must be on a
# filesystem with user xattrs: ext4, xfs, btrfs, tmpfs); no bucket exists until a client creates one.
# With @aws-sdk/client-s3 v3 set requestChecksumCalculation: 'WHEN_REQUIRED' (and
# responseChecksumValidation: 'WHEN_REQUIRED'): with the default, PutObject of a stream body is sent
# aws-chunked, S3Proxy closes the keep-alive connection after it, and some uploads fail with EPIPE;
# pre-signed PUT URLs would also carry x-amz-checksum-crc32 of an empty body, which S3Proxy ignores
# but real S3 rejects.
# Ready means Jetty logged that its connector started and the port accepts connections.
#
# Layout of <dir>: libs/ (the jar), config/s3proxy.conf (written on each start, mode 600: it holds
# the secret key), data/ (buckets and objects), logs/s3proxy.log (JVM stdout/stderr of the current
# start; the previous one is logs/s3proxy.log.prev), install.log, s3proxy.pid.
#
# Environment (all optional):
#   S3PROXY_ACCESS_KEY       access key id clients sign with (default shutter)
#   S3PROXY_SECRET_KEY       secret access key (default shutter-secret-key)
#   S3PROXY_PROVIDER         storage: filesystem (default; files under <dir>/data) or transient (in memory)
#   S3PROXY_JAVA             java binary (default: $JAVA_HOME/bin/java, else `java` on PATH); needs Java 17+
#   S3PROXY_HEAP_OPTS        default "-Xmx256m -Xms32m"
#   S3PROXY_JVM_OPTS         extra JVM options (default "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC":
#                            a quicker start and less memory and CPU on a small machine)
#   S3PROXY_LOG_LEVEL        S3Proxy log level: info (default), debug (logs each request and why a
#                            signature or policy was refused), warn, error
#   S3PROXY_EXTRA_PROPERTIES extra lines appended to s3proxy.conf (later keys win), e.g.
#                            "s3proxy.cors-allow-all=true"
#   S3PROXY_START_TIMEOUT    seconds to wait for readiness (default 60)
#   S3PROXY_STOP_TIMEOUT     seconds to wait for a clean stop before SIGKILL (default 30)
#   MVN                      maven binary (default mvn)

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
WHAT="S3Proxy" LOGS=(logs/s3proxy.log) PIDFILE=s3proxy.pid
START_TIMEOUT="${S3PROXY_START_TIMEOUT:-60}" STOP_TIMEOUT="${S3PROXY_STOP_TIMEOUT:-30}"

fetch() {
  local st
  st=$(stamp "$POM")
  stale "$DIR/libs" "$st" || return 0
  mvn_run "the S3Proxy jar" dependency:copy -DoutputDirectory="$SCRATCH"
  need "$SCRATCH/s3proxy-*-jar-with-dependencies.jar"
  installed "$SCRATCH" "$DIR/libs" "$st"
}

write_config() {
  local provider="${S3PROXY_PROVIDER:-filesystem}"
  case "$provider" in filesystem|transient) ;; *) die "S3PROXY_PROVIDER must be filesystem or transient, not '$provider'" ;; esac
  mkdir -p "$DIR/config" "$DIR/data" "$DIR/logs"
  (
    umask 077
    cat >"$DIR/config/s3proxy.conf" <<EOF
# Written by s3.sh on each start.
s3proxy.endpoint=http://127.0.0.1:$PORT
# Clients must sign with Signature V2 or V4 (headers or pre-signed query strings).
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3PROXY_ACCESS_KEY:-shutter}
s3proxy.credential=${S3PROXY_SECRET_KEY:-shutter-secret-key}
jclouds.provider=$provider
jclouds.filesystem.basedir=$DIR/data
${S3PROXY_EXTRA_PROPERTIES:-}
EOF
  )
}

launch() {
  local java jars=("$DIR"/libs/s3proxy-*-jar-with-dependencies.jar)
  [ -f "${jars[0]}" ] || die "no s3proxy jar in $DIR/libs"
  java=$(java_bin "${S3PROXY_JAVA:-}")
  write_config
  # LOG_LEVEL is read by the logback.xml inside the jar; the status listener silences logback's own
  # start-up chatter.
  # shellcheck disable=SC2086
  spawn "$DIR/logs/s3proxy.log" "$java" ${S3PROXY_HEAP_OPTS:--Xmx256m -Xms32m} \
    -Djava.awt.headless=true ${S3PROXY_JVM_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} \
    -DLOG_LEVEL="${S3PROXY_LOG_LEVEL:-info}" \
    -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
    -jar "${jars[0]}" --properties "$DIR/config/s3proxy.conf"
  set_pid "$STARTED"
  ABOUT="${S3PROXY_PROVIDER:-filesystem} storage in $DIR/data"
}

ready() { grep -q "Started .*ServerConnector.*127\.0\.0\.1:$PORT" "$DIR/logs/s3proxy.log" 2>/dev/null && port_open "$PORT"; }

main "$@"
