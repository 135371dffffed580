#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on this machine, and the service on it under load with a node
# killed (docs/galera.md). From the project root:
#   ./bench/galera.sh start      install (first time) and start nodes 1-3 (node 1 bootstraps the cluster)
#   ./bench/galera.sh status     each node: pid, cluster size, state, ready
#   ./bench/galera.sh kill N     kill -9 node N (a crash)
#   ./bench/galera.sh rejoin N   start node N again into the running cluster (IST from its recovered position)
#   ./bench/galera.sh stop       stop every node (SIGTERM), keep the data
#   ./bench/galera.sh clean      stop, and remove the data directories
#   ./bench/galera.sh load       build the jar, start the cluster if it is down, run two service instances
#                                (A on node 1, B on node 2), 32 clients for 60 s, kill node 1 at 15 s,
#                                start it again at 20 s; then check every decision answered 200 is stored exactly
#                                once on every node and every chain verifies; prints the figures
# Only the loopback interface and these ports are used; the MariaDB server on 3306 is never touched:
#   SQL 13306-13308, group communication 14567/14577/14587, IST 14568/14578/14588, SST 14444-14446,
#   service instances 8184 (A) and 8185 (B).
# Settings: GALERA_DIR (/tmp/kcbx-galera), GALERA_LOAD_SECONDS (60), GALERA_CLIENTS (32),
# GALERA_KILL_AT (15), GALERA_REJOIN_AT (20), GALERA_SKIP_BUILD=1, GALERA_FAILOVER=1 (both instances
# get a multi-host URL, so the one on the killed node fails over instead of answering 503).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${GALERA_DIR:-/tmp/kcbx-galera}
PROVIDER=/usr/lib/galera/libgalera_smm.so
DB=kcbx_galera_load
OUT=target/galera
mkdir -p "$DIR" "$OUT"

sql_port() { echo $((13305 + $1)); }
gcomm_port() { echo $((14567 + 10 * ($1 - 1))); }
ist_port() { echo $((14568 + 10 * ($1 - 1))); }
sst_port() { echo $((14443 + $1)); }
# the server writes its pid file only once a joiner has its state; until then, the pid it was launched with
node_pid() { cat "$DIR/node$1/mysqld.pid" 2>/dev/null || cat "$DIR/node$1/launch.pid" 2>/dev/null || true; }
alive() { local p; p=$(node_pid "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
q() { mysql -h127.0.0.1 -P"$(sql_port "$1")" -uroot --connect-timeout=2 -N -B -e "$2" 2>/dev/null; }
status_var() { q "$1" "SHOW GLOBAL STATUS LIKE '$2'" | cut -f2; }
now_ms() { date +%s%3N; }

install_node() {
  local d="$DIR/node$1"
  [ -d "$d/data/mysql" ] && return 0
  mkdir -p "$d"
  mariadb-install-db --no-defaults --datadir="$d/data" --user=root --auth-root-authentication-method=normal \
    --skip-test-db >"$d/install.log" 2>&1 || { echo "mariadb-install-db failed: $d/install.log" >&2; exit 1; }
}

# Nodes 2 and 3 start as copies of node 1 taken at a clean stop, so they join at node 1's position
# without a whole-database transfer (SST); after a crash a node rejoins by IST from the cluster's
# write-set cache (gcache.size=512M). Debian's rsync SST script still runs for an IST (it sends a
# marker file), and its receiving rsync daemon runs as 'nobody' when started by root: the data
# directories are left writable for it (private directories of a local test cluster).
install_cluster() {
  [ -d "$DIR/node1/data/mysql" ] && return 0
  install_node 1
  start_node 1 --wsrep-new-cluster
  wait_ready 1
  local p; p=$(node_pid 1); kill "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; rm -f "$DIR/node1/launch.pid"
  for n in 2 3; do
    rm -rf "$DIR/node$n"; mkdir -p "$DIR/node$n"
    cp -a "$DIR/node1/data" "$DIR/node$n/data"
    rm -f "$DIR/node$n/data/gvwstate.dat"
  done
  chmod 777 "$DIR"/node[123]/data
}

# the options of node n; extra options follow (--wsrep-new-cluster, --wsrep-recover, --wsrep-start-position=...)
node_args() {
  local n=$1 d="$DIR/node$1"
  echo --no-defaults --datadir="$d/data" --port="$(sql_port "$n")" --bind-address=127.0.0.1 \
    --socket="$d/mysqld.sock" --pid-file="$d/mysqld.pid" --user=root --skip-name-resolve \
    --log-error="$d/error.log" --innodb-buffer-pool-size=96M --innodb-log-file-size=64M \
    --innodb-flush-log-at-trx-commit=2 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=200 --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --wsrep-on=ON --wsrep-provider="$PROVIDER" --wsrep-cluster-name=kcbx-galera \
    --wsrep-cluster-address="gcomm://127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2),127.0.0.1:$(gcomm_port 3)" \
    --wsrep-node-name="node$n" --wsrep-node-address="127.0.0.1:$(gcomm_port "$n")" \
    --wsrep-node-incoming-address="127.0.0.1:$(sql_port "$n")" \
    "--wsrep-provider-options=base_port=$(gcomm_port "$n");gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=512M;gcache.dir=$d" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$(sst_port "$n")" --wsrep-slave-threads=2
}

wait_ready() {
  local n=$1 deadline=$(( $(date +%s) + ${2:-180} ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if ! alive "$n"; then echo "node $n exited; see $DIR/node$n/error.log" >&2; tail -20 "$DIR/node$n/error.log" >&2; return 1; fi
    [ "$(status_var "$n" wsrep_ready)" = ON ] && [ "$(status_var "$n" wsrep_local_state_comment)" = Synced ] && return 0
    sleep 0.2
  done
  echo "node $n not Synced in time; see $DIR/node$n/error.log" >&2
  return 1
}

start_node() {
  local n=$1; shift
  # shellcheck disable=SC2046
  setsid /usr/sbin/mariadbd $(node_args "$n") "$@" >>"$DIR/node$n/out.log" 2>&1 < /dev/null &
  echo $! >"$DIR/node$n/launch.pid"
}

# The position a crashed node had committed (InnoDB's wsrep XID), so it asks the cluster for the
# writesets after it (IST) instead of a whole copy (SST), as Debian's galera_recovery does.
recovered_position() {
  local n=$1 log="$DIR/node$n/recover.log"
  rm -f "$log"
  # shellcheck disable=SC2046
  /usr/sbin/mariadbd $(node_args "$n" | sed "s#--log-error=[^ ]*#--log-error=$log#") --wsrep-recover >/dev/null 2>&1 || true
  sed -n 's/.*WSREP: Recovered position: \([^ ]*\).*/\1/p' "$log" | tail -1
}

cmd_start() {
  install_cluster
  local up=0
  for n in 1 2 3; do alive "$n" && up=$((up + 1)); done
  if [ "$up" -eq 0 ]; then
    # a new cluster from node 1: it must be allowed to bootstrap (safe_to_bootstrap)
    [ -f "$DIR/node1/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$DIR/node1/data/grastate.dat"
    start_node 1 --wsrep-new-cluster
    wait_ready 1
  fi
  for n in 1 2 3; do
    alive "$n" || { start_node "$n"; wait_ready "$n"; }
  done
  cmd_status
}

cmd_status() {
  for n in 1 2 3; do
    if alive "$n"; then
      printf 'node %d: pid %s, port %d, cluster size %s, %s, ready %s, cert failures %s, bf aborts %s\n' "$n" "$(node_pid "$n")" \
        "$(sql_port "$n")" "$(status_var "$n" wsrep_cluster_size)" "$(status_var "$n" wsrep_local_state_comment)" \
        "$(status_var "$n" wsrep_ready)" "$(status_var "$n" wsrep_local_cert_failures)" "$(status_var "$n" wsrep_local_bf_aborts)"
    else
      printf 'node %d: down\n' "$n"
    fi
  done
}

cmd_kill() {
  local p; p=$(node_pid "$1")
  [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true
  while [ -n "$p" ] && kill -0 "$p" 2>/dev/null; do sleep 0.05; done
  rm -f "$DIR/node$1/mysqld.pid" "$DIR/node$1/launch.pid"
}

cmd_rejoin() {
  local n=$1 pos
  alive "$n" && { echo "node $n is up"; return 0; }
  pos=$(recovered_position "$n")
  if [ -n "$pos" ]; then start_node "$n" --wsrep-start-position="$pos"; else start_node "$n"; fi
  wait_ready "$n" 300
}

cmd_stop() {
  for n in 3 2 1; do
    local p; p=$(node_pid "$n")
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
    while [ -n "$p" ] && kill -0 "$p" 2>/dev/null; do sleep 0.2; done
    rm -f "$DIR/node$n/launch.pid"
  done
}

instance_url() {
  # wsrep_sync_wait=1: every read waits until this node has applied what the cluster committed
  # before it (the head read of an append, a GET after another instance's 200)
  local hosts=$1
  echo "jdbc:mysql://$hosts/$DB?createDatabaseIfNotExist=true&characterEncoding=UTF-8&useServerPrepStmts=true&cachePrepStmts=true&sessionVariables=wsrep_sync_wait=1"
}

cmd_load() {
  local seconds=${GALERA_LOAD_SECONDS:-60} clients=${GALERA_CLIENTS:-32}
  local kill_at=${GALERA_KILL_AT:-15} rejoin_at=${GALERA_REJOIN_AT:-20}
  if [ "${GALERA_SKIP_BUILD:-0}" != 1 ]; then
    echo "== build"; ./mvnw -B -q package -DskipTests >"$OUT/build.log" 2>&1
  fi
  local jar; jar=$(ls target/kcbx-decision-*.jar | grep -v original | head -1)
  javac -d "$OUT/lg" bench/LoadGenerator.java
  echo "== cluster"; cmd_start
  q 1 "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4"
  rm -f "$OUT"/checkpoints-*.log # signed heads of the dropped database's chains
  local a_hosts="127.0.0.1:$(sql_port 1)" b_hosts="127.0.0.1:$(sql_port 2)"
  if [ "${GALERA_FAILOVER:-0}" = 1 ]; then
    a_hosts="127.0.0.1:$(sql_port 1),127.0.0.1:$(sql_port 3)"; b_hosts="127.0.0.1:$(sql_port 2),127.0.0.1:$(sql_port 3)"
  fi
  export DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=com.mysql.cj.jdbc.Driver DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
  # the load's credential, issued as an operator would; this applies the migrations, on node 1
  KCBX_BENCH_TOKEN=$(DATASOURCES_DEFAULT_URL=$(instance_url "127.0.0.1:$(sql_port 1)") java -cp "$jar" \
    kcbx.security.CredentialsCli issue --role SCHOOL_SYSTEM --school '*' --role AUDITOR --label "bench/galera.sh" \
    2>"$OUT/credential.log")
  export KCBX_BENCH_TOKEN
  echo "tables without a primary key (Galera replicates them badly): $(q 1 "SELECT COUNT(*) FROM information_schema.tables t
    WHERE t.table_schema = '$DB' AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c
    WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY')")"
  local pids=()
  for inst in A B; do
    local port hosts
    if [ "$inst" = A ]; then port=8184; hosts=$a_hosts; else port=8185; hosts=$b_hosts; fi
    DATASOURCES_DEFAULT_URL=$(instance_url "$hosts") KCBX_PORT=$port \
      java -Xmx512m -XX:+UseParallelGC -Dkcbx.audit.checkpoint.file="$OUT/checkpoints-$inst.log" \
      -Dkcbx.audit.checkpoint.key-file="$OUT/checkpoint-key-$inst.pem" -Dmicronaut.server.port=$port \
      -Dlogger.levels.kcbx.audit.AuditLog=INFO -jar "$jar" >"$OUT/service-$inst.log" 2>&1 &
    pids+=($!)
  done
  trap 'kill ${pids[*]} 2>/dev/null || true' EXIT
  java -cp "$OUT/lg" LoadGenerator startup http://127.0.0.1:8184 "$(now_ms)" >/dev/null
  java -cp "$OUT/lg" LoadGenerator startup http://127.0.0.1:8185 "$(now_ms)" >/dev/null
  echo "== load: $clients clients over instances A (node 1) and B (node 2) for $seconds s; node 1 killed at ${kill_at} s, rejoined at ${rejoin_at} s [load: $(cut -d' ' -f1-3 /proc/loadavg)]"
  java -cp "$OUT/lg" LoadGenerator galera http://127.0.0.1:8184 http://127.0.0.1:8185 "$clients" "$seconds" \
    "$OUT/answered.txt" >"$OUT/load.txt" &
  local lg=$! t0; t0=$(now_ms)
  sleep "$kill_at"
  local killed; killed=$(now_ms); cmd_kill 1; echo "node 1 killed (kill -9) at $(( (killed - t0) / 1000 )) s"
  sleep $(( rejoin_at - kill_at ))
  local rejoin_start; rejoin_start=$(now_ms)
  cmd_rejoin 1
  local synced; synced=$(now_ms)
  echo "node 1 started at $(( (rejoin_start - t0) / 1000 )) s, Synced again after $(( (synced - rejoin_start) ))  ms ($(grep -c 'IST received' "$DIR/node1/error.log" || true) IST receipt(s) in its log, $(grep -c 'SST' "$DIR/node1/error.log" || true) SST lines)"
  wait "$lg"
  cat "$OUT/load.txt"
  local first_ok_after; first_ok_after=$(sed -n 's/^A first 200 after failures at epoch ms \([0-9]*\)$/\1/p' "$OUT/load.txt")
  [ -n "$first_ok_after" ] && echo "time to recover (instance A, kill to its first 200 again): $(( first_ok_after - killed )) ms"
  echo "== checks"
  cmd_status
  # every decision answered 200, exactly once on every node (the table is dropped and loaded on node 2; Galera copies it)
  q 2 "CREATE TABLE IF NOT EXISTS $DB.answered (decision_id VARCHAR(36) NOT NULL PRIMARY KEY)"
  q 2 "DELETE FROM $DB.answered"
  split -l 1000 "$OUT/answered.txt" "$OUT/answered.part."
  for f in "$OUT"/answered.part.*; do
    { printf 'INSERT INTO %s.answered VALUES ' "$DB"; sed "s/.*/('&')/" "$f" | paste -sd,; echo ';'; } \
      | mysql -h127.0.0.1 -P"$(sql_port 2)" -uroot
    rm -f "$f"
  done
  for n in 1 2 3; do
    echo "node $n: answered 200 $(q "$n" "SELECT COUNT(*) FROM $DB.answered"),\
 stored $(q "$n" "SELECT COUNT(*) FROM $DB.answered a JOIN $DB.decision_record d ON d.decision_id = a.decision_id"),\
 lost $(q "$n" "SELECT COUNT(*) FROM $DB.answered a LEFT JOIN $DB.decision_record d ON d.decision_id = a.decision_id WHERE d.id IS NULL"),\
 chained $(q "$n" "SELECT COUNT(*) FROM $DB.answered a JOIN $DB.audit_chain c ON c.record_type = 'decision' AND c.record_id = a.decision_id"),\
 decisions stored in all $(q "$n" "SELECT COUNT(*) FROM $DB.decision_record"), chain entries $(q "$n" "SELECT COUNT(*) FROM $DB.audit_chain")"
  done
  q 2 "DROP TABLE $DB.answered"
  echo "chains: $(q 2 "SELECT GROUP_CONCAT(CONCAT(chain_name, ' ', last_seq) ORDER BY chain_name SEPARATOR ', ') FROM $DB.audit_chain_head")"
  for inst in A:8184 B:8185; do
    echo "verify on ${inst%%:*}: $(curl -s -m 600 -H "authorization: Bearer $KCBX_BENCH_TOKEN" \
      "http://127.0.0.1:${inst##*:}/v1/audit/verify" | head -c 400)"
  done
  echo "appends done again after a certification conflict (service logs): A $(grep -o 'done again after a conflict: [0-9]*' "$OUT/service-A.log" | tail -1 | grep -o '[0-9]*$' || echo 0), B $(grep -o 'done again after a conflict: [0-9]*' "$OUT/service-B.log" | tail -1 | grep -o '[0-9]*$' || echo 0)"
  echo "5xx other than 503 storage_unavailable: see the load line above (other5xx)"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  trap - EXIT
}

case "${1:-}" in
  start) cmd_start ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  clean) cmd_stop; rm -rf "$DIR" ;;
  kill) cmd_kill "${2:?node}" ;;
  rejoin) cmd_rejoin "${2:?node}" ;;
  load) cmd_load ;;
  *) sed -n '2,20p' "$0"; exit 2 ;;
esac
