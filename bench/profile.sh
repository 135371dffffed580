#!/usr/bin/env bash
# Where one build's CPU goes in the batch or in warm HTTP, with async-profiler, short enough to
# alternate two builds within minutes (the machine's speed drifts by a third within an hour, so
# compare jars run one after the other, not runs of different hours). Builds nothing.
#   ./bench/profile.sh                                  this tree's jar, a 40,000-student batch
#   PROFILE_JAR=/tmp/old.jar PROFILE_MODE=http ./bench/profile.sh
# It starts the jar against its own MariaDB database (as bench/run.sh: -Xmx512m, ParallelGC), warms
# it with PROFILE_WARM_SECONDS (20) of HTTP load from 32 clients and a 20,000-student batch, then
# profiles (PROFILE_EVENT, default itimer, every PROFILE_INTERVAL, 5ms; alloc with 512k profiles
# allocations) either a batch of PROFILE_STUDENTS (40000) or PROFILE_SECONDS (30) of HTTP
# load, prints the load generator's line and a summary of the collapsed stacks
# (bench/FlameSummary.java), and leaves the stacks in PROFILE_OUT (target/bench/profile/PROFILE_MODE.collapsed).
# async-profiler: the jar of tools.profiler:async-profiler 4.1 from Maven Central, as bench/run.sh
# fetches it into target/bench/async-profiler.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${PROFILE_JAR:-target/kcbx-decision-0.1.0-SNAPSHOT.jar}
MODE=${PROFILE_MODE:-batch}
DB=${KCBX_PROFILE_DB:-kcbx_profile}
PORT=${KCBX_PROFILE_PORT:-18095}
BASE=http://127.0.0.1:$PORT
DIR=target/bench/profile
OUT=${PROFILE_OUT:-$DIR/$MODE.collapsed}
AP_DIR=target/bench/async-profiler
AP=$AP_DIR/4.1/linux-x64/libasyncProfiler.so
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B package -DskipTests)" >&2; exit 1; }
mkdir -p "$DIR" "$(dirname "$OUT")"
if [ ! -f "$AP" ]; then
  ./mvnw -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:4.1 -DoutputDirectory="$AP_DIR"
  (mkdir -p "$AP_DIR/4.1" && cd "$AP_DIR/4.1" && jar xf ../async-profiler-4.1.jar linux-x64/libasyncProfiler.so)
fi
AP=$(cd "$(dirname "$AP")" && pwd)/libasyncProfiler.so
javac -d "$DIR/lg" bench/LoadGenerator.java bench/FlameSummary.java
LG="java -cp $DIR/lg LoadGenerator"
# shellcheck source=bench/fresh-service-env.sh
. bench/fresh-service-env.sh
fresh_service_env "$JAR" "$DB" "$DIR" "bench/profile.sh"
LAUNCH=$(date +%s%3N)
KCBX_PORT=$PORT java -Xmx512m -XX:+UseParallelGC -jar "$JAR" >"$DIR/service.log" 2>&1 &
SVC=$!
trap 'kill $SVC 2>/dev/null || true' EXIT
$LG startup "$BASE" "$LAUNCH"
$LG http "$BASE" 32 "${PROFILE_WARM_SECONDS:-20}" | head -1
$LG batch "$BASE" 20000 10000 | head -1
# jcmd JVMTI.agent_load LIB OPTIONS; the options quoted once more, or jcmd splits them at '='
jcmd $SVC JVMTI.agent_load "$AP" "\"start,event=${PROFILE_EVENT:-itimer},interval=${PROFILE_INTERVAL:-5ms}\"" >/dev/null
if [ "$MODE" = batch ]; then
  $LG batch "$BASE" "${PROFILE_STUDENTS:-40000}" 10000 | head -1
else
  $LG http "$BASE" 32 "${PROFILE_SECONDS:-30}" | head -1
fi
jcmd $SVC JVMTI.agent_load "$AP" "\"stop,file=$PWD/$OUT,collapsed\"" >/dev/null
java -cp "$DIR/lg" FlameSummary "$OUT" 12
