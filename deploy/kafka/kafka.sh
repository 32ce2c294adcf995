#!/usr/bin/env bash
# Local Apache Kafka broker without Docker: one KRaft node (broker + controller) on 127.0.0.1,
# its jars copied from Maven Central by deploy/kafka/pom.xml.
#
# Usage: bash deploy/kafka/kafka.sh {fetch|start|stop|status|reset}
#
# Environment (defaults):
#   KAFKA_HOME=<repo>/.cache/kafka       jars (libs/), reused across runs; .cache/ is git-ignored
#   KAFKA_DATA_DIR=<repo>/.run/kafka     server.properties, storage, logs, pid file
#   KAFKA_PORT=9092  KAFKA_CONTROLLER_PORT=9093
#   KAFKA_HEAP_OPTS="-Xms256m -Xmx1g"  KAFKA_JVM_OPTS=<G1 settings>  KAFKA_OPTS=<extra JVM flags>
#   KAFKA_START_TIMEOUT=90  KAFKA_STOP_TIMEOUT=60   (seconds)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../.." && pwd)

KAFKA_HOME=${KAFKA_HOME:-$REPO_ROOT/.cache/kafka}
KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-$REPO_ROOT/.run/kafka}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}
# Kafka's own defaults from kafka-run-class.sh: short G1 pauses keep consumer heartbeats on time.
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
KAFKA_OPTS=${KAFKA_OPTS:-}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-60}

POM=$HERE/pom.xml
TEMPLATE=$HERE/server.properties.template
LOG4J_CONFIG=$HERE/log4j2.properties
LIBS=$KAFKA_HOME/libs
POM_HASH_FILE=$KAFKA_HOME/pom.sha256
PROPS=$KAFKA_DATA_DIR/server.properties
STORAGE_DIR=$KAFKA_DATA_DIR/data
LOG_DIR=$KAFKA_DATA_DIR/logs
LOG_FILE=$LOG_DIR/server.log
CONSOLE_FILE=$LOG_DIR/console.out
PID_FILE=$KAFKA_DATA_DIR/kafka.pid
CLUSTER_ID_FILE=$KAFKA_DATA_DIR/cluster.id

say() { printf 'kafka: %s\n' "$*"; }
die() { printf 'kafka: error: %s\n' "$*" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not on PATH ($2)"; }

check_port_var() {
  [[ $2 =~ ^[0-9]+$ ]] && (( $2 > 0 && $2 < 65536 )) || die "$1='$2' is not a TCP port"
}

# No nc on these machines: bash's /dev/tcp is enough for "does anything accept connections".
port_open() { timeout 2 bash -c ": >/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Prints the pid from the pid file if that process is alive and still a Kafka broker
# (a stale file after a reboot may name an unrelated, reused pid).
broker_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  grep -qa 'kafka\.Kafka' "/proc/$pid/cmdline" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

# Serialises start/stop/reset (and fetch) between concurrent callers, e.g. parallel CI steps.
# The fd must not leak into the broker, or the lock would live as long as the broker does.
lock() {
  local fd=$1 file=$2
  mkdir -p "$(dirname "$file")"
  eval "exec $fd>\"\$file\""
  flock -w 300 "$fd" || die "timed out waiting for lock $file"
}

check_java() {
  need java "JDK 17 or newer"
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  [[ ${v%%.*} =~ ^[0-9]+$ ]] && (( ${v%%.*} >= 17 )) || die "Kafka 4.x needs Java 17+, 'java' on PATH is '${v:-unknown}'"
}

java_cmd() {
  local heap jvm extra
  read -ra heap <<<"$KAFKA_HEAP_OPTS"
  read -ra jvm <<<"$KAFKA_JVM_OPTS"
  read -ra extra <<<"$KAFKA_OPTS"
  JAVA_CMD=(java "${heap[@]}" "${jvm[@]}" "${extra[@]}"
    "-Dkafka.logs.dir=$LOG_DIR" "-Dlog4j2.configurationFile=$LOG4J_CONFIG"
    -cp "$LIBS/*")
}

cmd_fetch() {
  local want
  want=$(sha256sum "$POM" | cut -d' ' -f1)
  # Cached when the jars were copied from this exact pom: no Maven start-up at all (~0 s).
  if [[ -f $POM_HASH_FILE && $(<"$POM_HASH_FILE") == "$want" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  lock 8 "$KAFKA_HOME/.fetch.lock"
  if [[ -f $POM_HASH_FILE && $(<"$POM_HASH_FILE") == "$want" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; then
    exec 8>&-; return 0 # another caller fetched while we waited
  fi
  need mvn "Maven copies the broker jars"
  # KAFKA_HOME is a common name: never wipe a real Kafka installation's libs/ that a user pointed it at.
  if [[ -d $LIBS && ! -f $LIBS/.kafka-sh ]]; then
    die "$LIBS was not made by kafka.sh; point KAFKA_HOME at an empty or kafka.sh-owned folder"
  fi
  say "copying broker jars from Maven into $LIBS ..."
  # Copy into a fresh folder and swap, so a failed or interrupted copy never leaves a half classpath
  # (and jars dropped from the pom do not linger).
  local tmp=$KAFKA_HOME/libs.tmp.$$ t0=$SECONDS
  rm -rf "$tmp"
  # Maven 3.8 prints stray colour codes even with -q; keep its output for when it fails.
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$tmp" >"$KAFKA_HOME/fetch.log" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$KAFKA_HOME/fetch.log" >&2
    die "mvn dependency:copy-dependencies failed (full output: $KAFKA_HOME/fetch.log)"
  fi
  touch "$tmp/.kafka-sh"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  printf '%s\n' "$want" >"$POM_HASH_FILE"
  say "$(find "$LIBS" -name '*.jar' | wc -l) jars in $((SECONDS - t0)) s"
  if broker_pid >/dev/null; then say "note: the running broker still uses the old jars; restart it (stop, start)"; fi
  exec 8>&-
}

render_properties() {
  local t
  t=$(<"$TEMPLATE")
  # Quoted replacements: bash 5.2 would otherwise treat '&' in a path as "the matched text".
  t=${t//@@KAFKA_PORT@@/"$KAFKA_PORT"}
  t=${t//@@KAFKA_CONTROLLER_PORT@@/"$KAFKA_CONTROLLER_PORT"}
  t=${t//@@KAFKA_LOG_DIRS@@/"$STORAGE_DIR"}
  ! grep -qE '^[^#]*@@[A-Z_]+@@' <<<"$t" || die "unfilled token in $TEMPLATE"
  printf '%s\n' "$t" >"$PROPS"
}

# KRaft storage is formatted once; meta.properties marks a formatted directory.
format_storage() {
  [[ -f $STORAGE_DIR/meta.properties ]] && return 0
  local id
  if [[ -s $CLUSTER_ID_FILE ]]; then
    id=$(<"$CLUSTER_ID_FILE")
  else
    id=$("${JAVA_CMD[@]}" kafka.tools.StorageTool random-uuid 2>>"$CONSOLE_FILE" | tail -n 1) || true
    if [[ ! $id =~ ^[A-Za-z0-9_-]{22}$ ]]; then
      tail -n 15 "$CONSOLE_FILE" >&2
      die "'StorageTool random-uuid' failed (printed '$id'); check java and KAFKA_HEAP_OPTS/KAFKA_OPTS"
    fi
    printf '%s\n' "$id" >"$CLUSTER_ID_FILE"
  fi
  say "formatting storage in $STORAGE_DIR (cluster id $id)"
  # No --standalone: the template uses a static quorum (controller.quorum.voters).
  if ! "${JAVA_CMD[@]}" kafka.tools.StorageTool format -t "$id" -c "$PROPS" --ignore-formatted \
      >>"$CONSOLE_FILE" 2>&1; then
    tail -n 20 "$CONSOLE_FILE" >&2
    die "formatting KRaft storage failed"
  fi
}

startup_failed() {
  local offset=$1
  printf -- '--- tail of %s ---\n' "$LOG_FILE" >&2
  log_since "$offset" | tail -n 40 >&2 || true
  if [[ -s $CONSOLE_FILE ]]; then
    printf -- '--- tail of %s ---\n' "$CONSOLE_FILE" >&2
    tail -n 15 "$CONSOLE_FILE" >&2
  fi
  die "$2"
}

# The log keeps earlier runs' "Kafka Server started": only read what this run wrote.
log_since() {
  [[ -f $LOG_FILE ]] || return 0
  local size
  size=$(stat -c %s "$LOG_FILE")
  if (( size < $1 )); then cat "$LOG_FILE"; else tail -c "+$(($1 + 1))" "$LOG_FILE"; fi
}

cmd_start() {
  check_port_var KAFKA_PORT "$KAFKA_PORT"
  check_port_var KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
  lock 9 "$KAFKA_DATA_DIR/.lock"
  local pid
  if pid=$(broker_pid) && port_open "$KAFKA_PORT"; then
    say "already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    say "something already answers on 127.0.0.1:$KAFKA_PORT (not started from $KAFKA_DATA_DIR); not starting another broker"
    return 0
  fi
  if pid=$(broker_pid); then
    # Alive but deaf: hung or half shut down. A second broker on the same storage would fail anyway.
    die "broker pid $pid is alive but 127.0.0.1:$KAFKA_PORT does not answer; run '$0 stop' first"
  fi
  rm -f "$PID_FILE"
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "controller port 127.0.0.1:$KAFKA_CONTROLLER_PORT is taken by another process (set KAFKA_CONTROLLER_PORT)"
  fi

  check_java
  cmd_fetch
  mkdir -p "$STORAGE_DIR" "$LOG_DIR"
  render_properties
  java_cmd
  format_storage

  local offset=0 t0=$SECONDS
  [[ -f $LOG_FILE ]] && offset=$(stat -c %s "$LOG_FILE")
  printf '\n=== start %s ===\n' "$(date -Is)" >>"$CONSOLE_FILE"
  # setsid + nohup: the broker must outlive this shell and its process group (tool runners and CI
  # steps end the group when the command returns). Closing fds 8/9 releases our locks.
  setsid nohup "${JAVA_CMD[@]}" kafka.Kafka "$PROPS" </dev/null >>"$CONSOLE_FILE" 2>&1 8>&- 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"
  say "starting broker (pid $pid), log: $LOG_FILE"

  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until grep -q 'Kafka Server started' < <(log_since "$offset") && port_open "$KAFKA_PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      startup_failed "$offset" "broker exited during startup"
    fi
    if (( SECONDS >= deadline )); then
      # Do not leave a half-started broker holding the ports and the storage lock.
      kill -TERM "$pid" 2>/dev/null || true
      local i
      for i in {1..20}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      startup_failed "$offset" "broker not ready within ${KAFKA_START_TIMEOUT}s (stopped it)"
    fi
    sleep 0.5
  done
  say "ready on 127.0.0.1:$KAFKA_PORT after $((SECONDS - t0)) s (pid $pid)"
}

cmd_stop() {
  lock 9 "$KAFKA_DATA_DIR/.lock"
  local pid
  if ! pid=$(broker_pid); then
    rm -f "$PID_FILE"
    say "not running (no live broker in $PID_FILE)"
    if port_open "$KAFKA_PORT"; then say "note: something else answers on 127.0.0.1:$KAFKA_PORT; left alone"; fi
    return 0
  fi
  say "stopping broker (pid $pid)"
  # SIGTERM runs Kafka's controlled shutdown (flushes logs, clean-shutdown marker: fast next start).
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

# Exit status 0 only when the broker port answers, so scripts can use `kafka.sh status` as a check.
cmd_status() {
  local pid running answers
  if pid=$(broker_pid); then running="running (pid $pid)"; else running="not running"; fi
  if port_open "$KAFKA_PORT"; then answers="answers"; else answers="does not answer"; fi
  say "broker $running; 127.0.0.1:$KAFKA_PORT $answers; data: $KAFKA_DATA_DIR"
  [[ $answers == answers ]]
}

cmd_reset() {
  cmd_stop
  # Guard against an empty or root path before rm -rf.
  local d
  d=$(realpath -m "$KAFKA_DATA_DIR")
  [[ -n $d && $d != / && $d != "$REPO_ROOT" && $d != "$HOME" ]] || die "refusing to delete '$d'"
  rm -rf "$d"
  say "deleted $d"
}

case ${1:-} in
  fetch) cmd_fetch; say "jars ready in $LIBS" ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *) printf 'usage: %s {fetch|start|stop|status|reset}\n' "$0" >&2; exit 2 ;;
esac
