# shellcheck shell=bash
# The lifecycle shared by scripts/services/<name>/<name>.sh (Java services fetched from Maven Central
# through ./<name>/pom.xml). A service script sources this file, sets
#   WHAT           what runs, for messages ("the broker")
#   LOGS           logs under <dir> to tail when a start fails; the first is moved to .prev on each start
#   PIDFILE        under <dir>, holding "<pid> <port>" (default <name>.pid)
#   START_TIMEOUT  seconds to wait for readiness;  STOP_TIMEOUT  seconds to wait for SIGTERM before SIGKILL
# defines
#   fetch    install into <dir> unless done (stale, mvn_run, need, installed below)
#   launch   write the config and spawn the process (spawn, set_pid); may set ABOUT for the ready line
#   ready    the readiness probe, polled until it succeeds (port_open, http_ok)
# and ends with `main "$@"`, which gives it this command line:
#   <name>.sh install <dir> | start <dir> <port> | stop <dir> | restart <dir> <port> | status <dir>
# The process's command line must name a path in <dir>: that tells it from a process that got a
# recycled pid. MVN: maven binary.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
NAME="$(basename "${BASH_SOURCE[1]}" .sh)"
POM="$HERE/pom.xml"
WHAT="$NAME" PIDFILE="$NAME.pid" PID="" STARTED="" ABOUT=""

log() { echo "$NAME: $*" >&2; }
die() { log "$*"; exit 1; }
abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

# ---------------------------------------------------------------- install
stamp() { cat "$@" | sha256sum | cut -d' ' -f1; }

# stale <dest> <stamp>: true when <dest> is not installed with <stamp>; then $SCRATCH is a fresh folder
stale() {
  if [ -f "$1/.installed" ] && [ "$(cat "$1/.installed")" = "$2" ]; then return 1; fi
  command -v "${MVN:-mvn}" >/dev/null || die "maven not found: apt-get install maven"
  SCRATCH="$1.tmp.$$"
  rm -rf "$SCRATCH"
}

# mvn_run <what> <maven args…>: runs maven on $POM, its log in <dir>/install.log
mvn_run() {
  local what="$1"; shift
  log "fetching $what from Maven Central into ${SCRATCH%.tmp.*}"
  "${MVN:-mvn}" -q -B -f "$POM" "$@" >"$DIR/install.log" 2>&1 && return 0
  cat "$DIR/install.log" >&2
  rm -rf "$SCRATCH"
  die "maven could not fetch $what (log above, also in $DIR/install.log)"
}

# need <glob…>: fails the install unless each glob matches a file; $NEEDED is the first one's file
need() {
  local glob
  for glob; do compgen -G "$glob" >/dev/null || { rm -rf "$SCRATCH"; die "maven did not produce $glob"; }; done
  NEEDED=$(compgen -G "$1" | head -n 1)
}

# installed <from> <dest> <stamp>: marks <from> as installed with <stamp> and moves it to <dest>
installed() {
  echo "$3" >"$1/.installed"
  rm -rf "$2"
  mv "$1" "$2"
  rm -rf "$SCRATCH"
  log "installed $(basename "$NEEDED") in $2"
}

# ---------------------------------------------------------------- processes
# alive <pid>: the process exists and is not a zombie (one that died during `start` is our unreaped
# child, and kill -0 still succeeds on it)
alive() { local state; { read -r _ _ state _ <"/proc/$1/stat"; } 2>/dev/null && [ "$state" != Z ]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free() { ! port_open "$1" || die "127.0.0.1:$1 is already in use${2:+ ($2)}"; }

# http_ok <port> <path>: GET answers 200 (bash only, no curl needed)
http_ok() {
  # shellcheck disable=SC2016
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$1" >&3
    head -n 1 <&3' "$1" "$2" 2>/dev/null | grep -q '^HTTP/1\.[01] 200 '
}

# java_bin [java]: the java to use (the argument, else $JAVA_HOME/bin/java, else java on PATH); Java 17+
java_bin() {
  local java="${1:-}" ver
  if [ -z "$java" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
  if [ -z "$java" ]; then
    java=$(command -v java) || die "no java found (need Java 17+): apt-get install openjdk-17-jre-headless"
  fi
  ver=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  [ "${ver%%.*}" -ge 17 ] 2>/dev/null || die "needs Java 17+, $java is '${ver:-unknown}'"
  echo "$java"
}

# spawn <output file> <command…>: starts it in the background in its own session; $STARTED is its pid
spawn() {
  local out="$1"; shift
  setsid nohup "$@" >"$out" 2>&1 </dev/null &
  STARTED=$!
}

set_pid() { PID="$1"; echo "$PID $PORT" >"$DIR/$PIDFILE"; }

# running: the process of $PIDFILE runs; sets RUN_PID and RUN_PORT
running() {
  RUN_PID="" RUN_PORT=""
  [ -f "$DIR/$PIDFILE" ] && read -r RUN_PID RUN_PORT <"$DIR/$PIDFILE" && [ -n "$RUN_PID" ] && alive "$RUN_PID" &&
    tr '\0' ' ' <"/proc/$RUN_PID/cmdline" 2>/dev/null | grep -qF -- "$DIR/"
}

# fail_start <message>: kills what start spawned, prints the tails of $LOGS, exits
fail_start() {
  local f n=40
  kill -KILL ${STARTED:+-- "-$STARTED"} ${PID:+"$PID"} 2>/dev/null || true
  rm -f "$DIR/$PIDFILE"
  log "$1"
  for f in "${LOGS[@]}"; do
    log "---- tail of $DIR/$f"
    tail -n "$n" "$DIR/$f" >&2 2>/dev/null || true
    n=20
  done
  exit 1
}

# ---------------------------------------------------------------- commands
cmd_start() {
  local t0 deadline
  t0=$(date +%s.%N)
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "bad port '$PORT'"
  if running; then
    # (pid files of the scripts before lib.sh hold no port)
    if [ "${RUN_PORT:-$PORT}" = "$PORT" ] && port_open "$PORT"; then log "already running (pid $RUN_PID) on 127.0.0.1:$PORT"; return 0; fi
    die "$WHAT of $DIR already runs (pid $RUN_PID) but not on port $PORT: stop it first"
  fi
  fetch # a no-op when installed
  port_free "$PORT"
  mkdir -p "$DIR/logs"
  if [ -f "$DIR/${LOGS[0]}" ]; then mv -f "$DIR/${LOGS[0]}" "$DIR/${LOGS[0]}.prev"; fi
  launch
  deadline=$(($(date +%s) + START_TIMEOUT))
  until ready; do
    [ -z "$PID" ] || alive "$PID" || fail_start "$WHAT exited during startup"
    [ "$(date +%s)" -lt "$deadline" ] || fail_start "$WHAT was not ready within ${START_TIMEOUT}s (killed it)"
    sleep 0.1
  done
  log "ready on 127.0.0.1:$PORT (pid $PID${ABOUT:+, $ABOUT}, $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}")s)"
}

cmd_stop() {
  local deadline
  if running; then
    kill -TERM "$RUN_PID" 2>/dev/null || true
    deadline=$(($(date +%s) + STOP_TIMEOUT))
    while alive "$RUN_PID" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
    if alive "$RUN_PID"; then
      log "$WHAT (pid $RUN_PID) did not stop within ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$RUN_PID" 2>/dev/null || true
      while alive "$RUN_PID"; do sleep 0.1; done
    fi
    log "stopped (pid $RUN_PID)"
  fi
  rm -f "$DIR/$PIDFILE"
}

main() {
  case "${1:-}:$#" in
    install:2 | stop:2 | status:2 | start:3 | restart:3) ;;
    *) echo "usage: $0 install <dir> | start <dir> <port> | stop <dir> | restart <dir> <port> | status <dir>" >&2; exit 2 ;;
  esac
  DIR=$(abs_dir "$2") PORT="${3:-}"
  case "$1" in
    install) fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status) running ;;
  esac
}
