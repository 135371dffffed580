#!/usr/bin/env bash
# The benchmark of issue 8, one command: ./bench/run.sh   (from the project root)
# Prints, with the machine's load next to every figure: in-process decisions/s and p50/p99 for a
# full-term helan student, and the same pipeline on an empty rule set (the floor) with the ratio;
# then, the service started from the jar with -Xmx512m against the local MariaDB: start-up to the
# first decision, single decisions from 32 clients for 60 s, 100,000 students through the batch
# endpoint, and the service's peak heap. Settings: KCBX_BENCH_DB (default kcbx_bench_batch, dropped
# and recreated), KCBX_BENCH_PORT (18089), BENCH_HTTP_SECONDS (60), BENCH_BATCH_STUDENTS (100000),
# BENCH_BATCH_PER_REQUEST (10000), BENCH_STEADY_SECONDS (60; the HTTP run again, warm; 0 skips it),
# BENCH_SKIP_INPROCESS=1, BENCH_SKIP_SINGLE=1 (leaves out the batch, the heap figure and the verify),
# BENCH_CHAINS_SECONDS (30; four county chains against one, last part), BENCH_JAVA_OPTS (JVM options of both the
# in-process run and the service; default -XX:+UseParallelGC, the collector the README recommends:
# the service allocates fast and briefly, and on two cores G1's barriers and concurrent threads cost
# about a fifth of the in-process throughput).
set -euo pipefail
JAVA_OPTS="-Xmx512m ${BENCH_JAVA_OPTS--XX:+UseParallelGC}"
cd "$(dirname "$0")/.."
DB=${KCBX_BENCH_DB:-kcbx_bench_batch}
PORT=${KCBX_BENCH_PORT:-18089}
BASE=http://127.0.0.1:$PORT
OUT=target/bench
mkdir -p "$OUT"
load() { echo "[load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores]"; }

echo "== build"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -o package -DskipTests >"$OUT/build.log" 2>&1 || ./mvnw -B package -DskipTests >"$OUT/build.log" 2>&1
  # offline first; on a fresh machine the dependency plugin itself is not downloaded yet
  ./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >>"$OUT/build.log" 2>&1 \
    || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >>"$OUT/build.log" 2>&1
fi
javac -d "$OUT/lg" bench/LoadGenerator.java
LG="java -cp $OUT/lg LoadGenerator"

if [ "${BENCH_SKIP_INPROCESS:-0}" != 1 ]; then
  echo "== in-process (one thread, java $JAVA_OPTS) $(load)"
  java $JAVA_OPTS -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
    kcbx.bench.InProcessBenchmark 2>/dev/null | grep -E '^(in-process|floor|ratio)'
fi

echo "== service: java $JAVA_OPTS -jar, MariaDB database $DB"
mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4"
# server-side prepared statements: the decision rows are sent as they are instead of escaped into
# the SQL text by the driver (measured: 100,000-student batch about 12 % faster)
export DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:3306/$DB?createDatabaseIfNotExist=true&characterEncoding=UTF-8&useServerPrepStmts=true&cachePrepStmts=true"
export DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=com.mysql.cj.jdbc.Driver
export DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
# the load generator's credential, issued as an operator would (this also applies the migrations
# to the new database, as a deployment's first run does once; the start-up below is a restart's)
KCBX_BENCH_TOKEN=$(java -cp target/kcbx-decision-0.1.0-SNAPSHOT.jar kcbx.security.CredentialsCli issue \
  --role SCHOOL_SYSTEM --school '*' --role AUDITOR --label "bench/run.sh" 2>"$OUT/credential.log")
export KCBX_BENCH_TOKEN
LAUNCH=$(date +%s%3N)
KCBX_PORT=$PORT java $JAVA_OPTS -jar target/kcbx-decision-0.1.0-SNAPSHOT.jar >"$OUT/service.log" 2>&1 &
SVC=$!
trap 'kill $SVC 2>/dev/null || true; kill $JSTAT 2>/dev/null || true' EXIT
JSTAT=
$LG startup $BASE "$LAUNCH"; load
jstat -gc $SVC 500 >"$OUT/jstat.txt" 2>/dev/null &
JSTAT=$!

echo "== HTTP: 32 clients, ${BENCH_HTTP_SECONDS:-60} s, single decisions, right after start-up (the JIT still compiling) $(load)"
$LG http $BASE 32 "${BENCH_HTTP_SECONDS:-60}"; load
if [ "${BENCH_STEADY_SECONDS:-60}" -gt 0 ]; then
  # the same again once warm: for about the first minute under load the JIT compiles some 10,000
  # methods (Drools generates many) on the same two cores (jstat -compiler: ~45 s of compile time)
  echo "== HTTP: 32 clients, ${BENCH_STEADY_SECONDS:-60} s, single decisions, warm $(load)"
  $LG http $BASE 32 "${BENCH_STEADY_SECONDS:-60}"; load
fi

if [ "${BENCH_SKIP_SINGLE:-0}" != 1 ]; then
echo "== batch: ${BENCH_BATCH_STUDENTS:-100000} students $(load)"
$LG batch $BASE "${BENCH_BATCH_STUDENTS:-100000}" "${BENCH_BATCH_PER_REQUEST:-10000}"; load

kill $JSTAT 2>/dev/null || true
# heap in use = survivor + eden + old (KB), the largest sample of the whole run
awk 'NR>1 && $3 ~ /^[0-9.]+$/ { used = $3 + $4 + $6 + $8; if (used > max) max = used }
     END { printf "peak heap in use: %.0f MB of -Xmx512m (jstat every 0.5 s)\n", max / 1024 }' "$OUT/jstat.txt"
echo "OutOfMemoryError in the service log: $(grep -c OutOfMemoryError "$OUT/service.log" || true)"
curl -s -m 300 -H "authorization: Bearer $KCBX_BENCH_TOKEN" "$BASE/v1/audit/verify" | head -c 300; echo
fi
kill $SVC; wait $SVC 2>/dev/null || true
trap - EXIT

# Four counties' decisions on four chains (one head row each) against the same four counties
# mapped to one chain (kcbx.audit.chains.<profile>=one): the service restarted between, same load.
CHAINS_SECONDS=${BENCH_CHAINS_SECONDS:-30}
for layout in "4 chains" "1 chain"; do
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4"
  KCBX_BENCH_TOKEN=$(java -cp target/kcbx-decision-0.1.0-SNAPSHOT.jar kcbx.security.CredentialsCli issue \
    --role SCHOOL_SYSTEM --school '*' --role AUDITOR --label "bench/run.sh chains" 2>>"$OUT/credential.log")
  export KCBX_BENCH_TOKEN
  MAP=""
  [ "$layout" = "1 chain" ] && MAP="-Dkcbx.audit.chains.helan=one -Dkcbx.audit.chains.baiyin=one -Dkcbx.audit.chains.boshan=one -Dkcbx.audit.chains.rongchang=one"
  # shellcheck disable=SC2086
  KCBX_PORT=$PORT java $JAVA_OPTS $MAP -jar target/kcbx-decision-0.1.0-SNAPSHOT.jar >"$OUT/service-chains.log" 2>&1 &
  SVC=$!
  trap 'kill $SVC 2>/dev/null || true' EXIT
  $LG startup $BASE "$(date +%s%3N)" >/dev/null
  # warm the JIT a little on the same path before measuring
  $LG http $BASE 32 10 helan,baiyin,boshan,rongchang >/dev/null
  echo "== chains: $layout, counties helan,baiyin,boshan,rongchang, 32 clients, $CHAINS_SECONDS s $(load)"
  $LG http $BASE 32 "$CHAINS_SECONDS" helan,baiyin,boshan,rongchang
  echo "   chains: $(mysql -h127.0.0.1 -uroot -N -B -e "SELECT GROUP_CONCAT(CONCAT(chain_name, ' ', last_seq) ORDER BY chain_name SEPARATOR ', ') FROM \`$DB\`.audit_chain_head")"
  kill $SVC; wait $SVC 2>/dev/null || true
  trap - EXIT
done
