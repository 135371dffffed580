#!/usr/bin/env bash
# Start-up of the service, launch to the first stored decision (issue 18), for several JVM
# variants, a few times each. Builds nothing: run `./mvnw -B package -DskipTests` first.
#   ./bench/startup.sh                      every variant, 3 runs each
#   STARTUP_RUNS=5 STARTUP_VARIANTS="compile cached" ./bench/startup.sh
# Variants, each java -Xmx512m -XX:+UseParallelGC -jar as bench/run.sh starts it, and:
#   compile  the rule set compiled on every start (-Dkcbx.rules.compiled-cache=, as before the cache)
#   cached   Drools' compiled packages read from target/bench/compiled-rules (a first start, not
#            counted, writes them when the folder is empty: a restart with the same rules)
#   appcds   cached, and the classes from the class data archive target/bench/kcbx.jsa, made first
#            by a training run with -XX:ArchiveClassesAtExit when missing or older than the jar
# Each run prints the wall time the load generator sees (bench/LoadGenerator.java, mode startup)
# and the CPU seconds the service used until then (user + system, from /proc): on this shared
# 2-core machine the CPU figure moves less with the neighbours' load than the wall time.
# Settings: KCBX_STARTUP_DB (default kcbx_engine_startup, dropped and recreated once),
# KCBX_STARTUP_PORT (19020), BENCH_JAVA_OPTS (default -XX:+UseParallelGC); another build:
# STARTUP_JAR (default target/kcbx-decision-0.1.0-SNAPSHOT.jar) with STARTUP_OUT (target/bench; its
# own compiled rules and class data archive, so two builds alternate without sharing them).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${STARTUP_JAR:-target/kcbx-decision-0.1.0-SNAPSHOT.jar}
JAVA_OPTS="-Xmx512m ${BENCH_JAVA_OPTS--XX:+UseParallelGC}"
DB=${KCBX_STARTUP_DB:-kcbx_engine_startup}
PORT=${KCBX_STARTUP_PORT:-19020}
BASE=http://127.0.0.1:$PORT
RUNS=${STARTUP_RUNS:-3}
VARIANTS=${STARTUP_VARIANTS:-compile cached appcds}
OUT=${STARTUP_OUT:-target/bench}
JSA=$OUT/kcbx.jsa
CACHE=$OUT/compiled-rules
mkdir -p "$OUT"
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B package -DskipTests)" >&2; exit 1; }
load() { echo "[load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores]"; }
javac -d "$OUT/lg" bench/LoadGenerator.java
TICK=$(getconf CLK_TCK)

mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4"
export DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:3306/$DB?createDatabaseIfNotExist=true&characterEncoding=UTF-8&useServerPrepStmts=true&cachePrepStmts=true"
export DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=com.mysql.cj.jdbc.Driver
export DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
# as bench/run.sh: the credential issued as an operator would, which also migrates the new database,
# so every start measured below is a restart's
KCBX_BENCH_TOKEN=$(java -cp "$JAR" kcbx.security.CredentialsCli issue \
  --role SCHOOL_SYSTEM --school '*' --role AUDITOR --label "bench/startup.sh" 2>"$OUT/startup-credential.log")
export KCBX_BENCH_TOKEN

SVC=
trap '[ -n "$SVC" ] && kill $SVC 2>/dev/null || true' EXIT

# one start: launch, first stored decision, CPU used, stop; extra JVM options in "$@"
start_once() {
  local launch cpu line
  launch=$(date +%s%3N)
  # shellcheck disable=SC2086
  KCBX_PORT=$PORT java $JAVA_OPTS "$@" -jar "$JAR" >"$OUT/startup-service.log" 2>&1 &
  SVC=$!
  line=$(java -cp "$OUT/lg" LoadGenerator startup "$BASE" "$launch")
  cpu=$(awk -v t="$TICK" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$SVC/stat")
  kill $SVC; wait $SVC 2>/dev/null || true
  SVC=
  echo "$line; service CPU ${cpu} s $(load)"
}

# the class data archive (JVM options of the start it is for in "$@"): a training run that stops after its first stored decision; the JVM
# writes the archive at exit (Java 17: -XX:ArchiveClassesAtExit, a dynamic archive on top of the
# JDK's own)
appcds_archive() {
  if [ ! -f "$JSA" ] || [ "$JSA" -ot "$JAR" ]; then
    rm -f "$JSA"
    echo "   training run for $JSA $(load)"
    start_once "$@" -XX:ArchiveClassesAtExit="$JSA" >/dev/null
    ls -l "$JSA" | awk '{ printf "   archive: %.0f MB\n", $5 / 1e6 }'
  fi
}

compiled_cache() {
  if [ -z "$(ls -A "$CACHE" 2>/dev/null)" ]; then
    echo "   first start, writes $CACHE: $(start_once -Dkcbx.rules.compiled-cache="$CACHE")"
  fi
}

for variant in $VARIANTS; do
  case $variant in
    compile) opts=(-Dkcbx.rules.compiled-cache=) ;;
    cached) compiled_cache; opts=(-Dkcbx.rules.compiled-cache="$CACHE") ;;
    appcds) compiled_cache; opts=(-Dkcbx.rules.compiled-cache="$CACHE"); appcds_archive "${opts[@]}"
            opts+=(-XX:SharedArchiveFile="$JSA") ;;
    *) echo "unknown variant $variant (compile, cached, appcds)" >&2; exit 1 ;;
  esac
  echo "== $variant: java $JAVA_OPTS ${opts[*]} -jar $JAR"
  for ((i = 1; i <= RUNS; i++)); do
    echo "   $(start_once "${opts[@]}")"
  done
done
