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
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$HERE/pom.xml"

log() { echo "s3: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  echo "usage: $0 install <dir> | start <dir> <port> | stop <dir> | restart <dir> <port> | status <dir>" >&2
  exit 2
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

java_bin() {
  if [ -n "${S3PROXY_JAVA:-}" ]; then echo "$S3PROXY_JAVA"
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"
  else command -v java || die "no java found (need Java 17+): apt-get install openjdk-17-jre-headless"
  fi
}

check_java() {
  local java="$1" ver major
  ver=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  major=${ver#1.}; major=${major%%.*}
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then die "S3Proxy 4 needs Java 17+, $java is '${ver:-unknown}'"; fi
}

pom_stamp() { sha256sum "$POM" | cut -d' ' -f1; }

jar_of() {  # prints the S3Proxy jar in <dir>/libs, or fails
  local jars=("$1"/libs/s3proxy-*-jar-with-dependencies.jar)
  [ -f "${jars[0]}" ] || return 1
  echo "${jars[0]}"
}

# ---------------------------------------------------------------- install
cmd_install() {
  local dir libs stamp tmp
  dir=$(abs_dir "$1"); libs="$dir/libs"; stamp=$(pom_stamp)
  if [ -f "$libs/.installed" ] && [ "$(cat "$libs/.installed")" = "$stamp" ] && jar_of "$dir" >/dev/null; then
    return 0
  fi
  command -v "${MVN:-mvn}" >/dev/null || die "maven not found: apt-get install maven"
  log "fetching the S3Proxy jar from Maven Central into $libs"
  tmp="$dir/libs.tmp.$$"
  rm -rf "$tmp"
  if ! "${MVN:-mvn}" -q -B -f "$POM" dependency:copy -DoutputDirectory="$tmp" >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    rm -rf "$tmp"
    die "maven could not fetch the S3Proxy jar (log above, also in $dir/install.log)"
  fi
  ls "$tmp"/s3proxy-*-jar-with-dependencies.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "no s3proxy jar was fetched"; }
  echo "$stamp" >"$tmp/.installed"
  rm -rf "$libs"
  mv "$tmp" "$libs"
  log "installed $(cd "$libs" && echo s3proxy-*-jar-with-dependencies.jar)"
}

# ---------------------------------------------------------------- helpers
pid_of() {  # prints the pid of the running S3Proxy of <dir>, or fails
  local dir="$1" pid
  [ -f "$dir/s3proxy.pid" ] || return 1
  pid=$(cat "$dir/s3proxy.pid")
  [ -n "$pid" ] && alive "$pid" || return 1
  # guard against a recycled pid: it must be an S3Proxy started with this config
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--properties $dir/config/s3proxy.conf" || return 1
  echo "$pid"
}

# alive: the process exists and is not a zombie (a server that died during `start` is our
# unreaped child, and kill -0 still succeeds on it)
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  local dir="$1" port="$2" provider="${S3PROXY_PROVIDER:-filesystem}"
  case "$provider" in filesystem|transient) ;; *) die "S3PROXY_PROVIDER must be filesystem or transient, not '$provider'" ;; esac
  mkdir -p "$dir/config" "$dir/data" "$dir/logs"
  (
    umask 077
    cat >"$dir/config/s3proxy.conf" <<EOF
# Written by s3.sh on each start.
s3proxy.endpoint=http://127.0.0.1:$port
# Clients must sign with Signature V2 or V4 (headers or pre-signed query strings).
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3PROXY_ACCESS_KEY:-shutter}
s3proxy.credential=${S3PROXY_SECRET_KEY:-shutter-secret-key}
jclouds.provider=$provider
jclouds.filesystem.basedir=$dir/data
${S3PROXY_EXTRA_PROPERTIES:-}
EOF
  )
}

fail_start() {
  local dir="$1" msg="$2"
  log "$msg"
  log "---- tail of $dir/logs/s3proxy.log"
  tail -n 40 "$dir/logs/s3proxy.log" >&2 2>/dev/null || true
  exit 1
}

# ---------------------------------------------------------------- start / stop
cmd_start() {
  local dir port java jar pid deadline timeout t0
  dir=$(abs_dir "$1"); port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "bad port '$port'"
  timeout="${S3PROXY_START_TIMEOUT:-60}"
  t0=$(date +%s.%N)

  if pid=$(pid_of "$dir"); then
    if grep -qxF "s3proxy.endpoint=http://127.0.0.1:$port" "$dir/config/s3proxy.conf" 2>/dev/null && port_open "$port"; then
      log "already running (pid $pid) on 127.0.0.1:$port"; return 0
    fi
    die "an S3Proxy of $dir already runs (pid $pid) but not on port $port: stop it first"
  fi
  cmd_install "$dir"  # a no-op when the jar is there
  jar=$(jar_of "$dir") || die "no s3proxy jar in $dir/libs"
  java=$(java_bin); check_java "$java"
  port_open "$port" && die "127.0.0.1:$port is already in use"

  write_config "$dir" "$port"

  if [ -f "$dir/logs/s3proxy.log" ]; then mv -f "$dir/logs/s3proxy.log" "$dir/logs/s3proxy.log.prev"; fi
  # LOG_LEVEL is read by the logback.xml inside the jar; the status listener silences logback's own
  # start-up chatter.
  # shellcheck disable=SC2086
  setsid nohup "$java" ${S3PROXY_HEAP_OPTS:--Xmx256m -Xms32m} \
    -Djava.awt.headless=true ${S3PROXY_JVM_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} \
    -DLOG_LEVEL="${S3PROXY_LOG_LEVEL:-info}" \
    -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
    -jar "$jar" --properties "$dir/config/s3proxy.conf" \
    >"$dir/logs/s3proxy.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/s3proxy.pid"

  deadline=$(( $(date +%s) + timeout ))
  while :; do
    if ! alive "$pid"; then
      rm -f "$dir/s3proxy.pid"
      fail_start "$dir" "S3Proxy exited during startup"
    fi
    if grep -q "Started .*ServerConnector.*127\.0\.0\.1:$port" "$dir/logs/s3proxy.log" 2>/dev/null && port_open "$port"; then
      break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$dir/s3proxy.pid"
      fail_start "$dir" "S3Proxy was not ready within ${timeout}s (killed it)"
    fi
    sleep 0.1
  done
  log "ready on http://127.0.0.1:$port (pid $pid, ${S3PROXY_PROVIDER:-filesystem} storage in $dir/data, $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}")s)"
}

cmd_stop() {
  local dir pid deadline
  dir=$(abs_dir "$1")
  if ! pid=$(pid_of "$dir"); then rm -f "$dir/s3proxy.pid"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + ${S3PROXY_STOP_TIMEOUT:-30} ))
  while alive "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "S3Proxy (pid $pid) did not stop within ${S3PROXY_STOP_TIMEOUT:-30}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
      break
    fi
    sleep 0.1
  done
  rm -f "$dir/s3proxy.pid"
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
