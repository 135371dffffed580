#!/usr/bin/env bash
# Where the machine's CPU goes under load, by process, and how much of it stands idle: a fresh
# service from the jar (-Xmx512m, ParallelGC, its own MariaDB database), warmed by HTTP load, then
# 30 s of warm HTTP load (32 clients) and a batch, each measured by the CPU ticks of the service and
# of mariadbd (/proc/PID/stat) and of the whole machine, busy and idle (/proc/stat), before and after.
# Idle CPU under load means callers wait for something other than a core (it found the group
# commit's convoy, docs/benchmarks.md, session 17). For the HTTP part it also prints the service's
# threads by name (pools summed: decide-*, chain-writer-*, the event loops, the JIT's compilers) with their CPU ticks and
# context switches a decision (/proc/PID/task/*), and MariaDB's commits, prepared statements
# executed, queries, SETs and pings (Com_admin_commands) over the part (SHOW GLOBAL STATUS, the
# whole server: run it alone), per commit: how many decisions a group holds and how many round trips it takes (session 18).
# Builds nothing: ./mvnw -B package -DskipTests.
#   ./bench/cpu-split.sh
# Settings: CPU_SPLIT_JAR (target/kcbx-decision-0.1.0-SNAPSHOT.jar), CPU_SPLIT_JAVA_OPTS (extra JVM
# options, e.g. -Dkcbx.decide.concurrency=2), CPU_SPLIT_WARM_SECONDS (90), CPU_SPLIT_SECONDS (30),
# CPU_SPLIT_STUDENTS (20000), KCBX_CPU_SPLIT_DB (kcbx_cpu_split, dropped and recreated),
# KCBX_CPU_SPLIT_PORT (18091).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${CPU_SPLIT_JAR:-target/kcbx-decision-0.1.0-SNAPSHOT.jar}
DB=${KCBX_CPU_SPLIT_DB:-kcbx_cpu_split}
PORT=${KCBX_CPU_SPLIT_PORT:-18091}
BASE=http://127.0.0.1:$PORT
OUT=target/bench/cpu-split
[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -B package -DskipTests)" >&2; exit 1; }
mkdir -p "$OUT"
javac -d "$OUT/lg" bench/LoadGenerator.java
LG="java -cp $OUT/lg LoadGenerator"
# shellcheck source=bench/fresh-service-env.sh
. bench/fresh-service-env.sh
fresh_service_env "$JAR" "$DB" "$OUT" "bench/cpu-split.sh"
LAUNCH=$(date +%s%3N)
# shellcheck disable=SC2086
KCBX_PORT=$PORT java -Xmx512m -XX:+UseParallelGC ${CPU_SPLIT_JAVA_OPTS:-} -jar "$JAR" >"$OUT/service.log" 2>&1 &
SVC=$!
trap 'kill $SVC 2>/dev/null || true' EXIT
$LG startup "$BASE" "$LAUNCH"
MDB=$(pgrep -x mariadbd | head -1)
[ -n "$MDB" ] || { echo "no mariadbd process on this machine" >&2; exit 1; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }          # user + system of one process
machine() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; } # busy, idle (+iowait)
# one measured part: split LABEL COMMAND...; prints the command's first line and the split
split() {
  local label=$1 s1 m1 b1 i1 s2 m2 b2 i2 total
  shift
  s1=$(ticks $SVC); m1=$(ticks "$MDB"); read -r b1 i1 < <(machine)
  "$@" | head -1 | tee "$OUT/last.txt"
  s2=$(ticks $SVC); m2=$(ticks "$MDB"); read -r b2 i2 < <(machine)
  total=$(( b2 - b1 + i2 - i1 ))
  awk -v l="$label" -v s=$((s2 - s1)) -v m=$((m2 - m1)) -v b=$((b2 - b1)) -v i=$((i2 - i1)) -v t=$total \
    'BEGIN { printf "%s: service %.0f %%, mariadbd %.0f %%, everything else %.0f %%, idle %.0f %% of the machine (%d ticks)\n",
             l, 100*s/t, 100*m/t, 100*(b-s-m)/t, 100*i/t, t }'
}
echo "== warming: HTTP, 32 clients, ${CPU_SPLIT_WARM_SECONDS:-90} s"
$LG http "$BASE" 32 "${CPU_SPLIT_WARM_SECONDS:-90}" | head -1
# the service's threads by name, pools summed (a trailing number dropped): name ticks context-switches
threads() {
  for t in /proc/$SVC/task/*; do
    printf '%s %s %s\n' "$(sed 's/[0-9]*$//; s/ /_/g' "$t/comm" 2>/dev/null)" "$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0)" \
      "$(awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }' "$t/status" 2>/dev/null || echo 0)"
  done | awk '{ t[$1] += $2; c[$1] += $3 } END { for (k in t) print k, t[k], c[k] }' | sort
}
mariadb() {
  mysql -h127.0.0.1 -uroot -N -e "SHOW GLOBAL STATUS WHERE variable_name IN ('Com_commit', 'Com_stmt_execute',
    'Questions', 'Com_set_option', 'Com_admin_commands')" \
    | awk '{ v[$1] = $2 } END { print v["Com_commit"], v["Com_stmt_execute"], v["Questions"], v["Com_set_option"],
                                  v["Com_admin_commands"] }'
}
echo "== measured"
threads >"$OUT/threads-before.txt"; read -r c1 e1 q1 o1 p1 < <(mariadb)
split "HTTP, 32 clients" $LG http "$BASE" 32 "${CPU_SPLIT_SECONDS:-30}"
read -r c2 e2 q2 o2 p2 < <(mariadb); threads >"$OUT/threads-after.txt"
decisions=$(sed -n 's/.* \([0-9][0-9]*\) ok.*/\1/p' "$OUT/last.txt"); decisions=${decisions:-0}
echo "HTTP, the service's threads (ticks, context switches a decision, over $decisions decisions):"
join "$OUT/threads-before.txt" "$OUT/threads-after.txt" | awk -v n="$decisions" \
  '{ t = $4 - $2; c = $5 - $3; if (t > 5 || c > n / 10) printf "  %-24s %6d ticks %6.2f switches a decision\n", $1, t, (n ? c / n : 0) }' | sort -k2 -nr
awk -v n="$decisions" -v c=$((c2 - c1)) -v e=$((e2 - e1)) -v q=$((q2 - q1)) -v o=$((o2 - o1)) -v p=$((p2 - p1)) 'BEGIN {
  if (c > 0) printf "HTTP, MariaDB: %d commits, %d prepared statements executed, %d queries: %.1f decisions, %.1f statements and %.1f other queries a commit (of them %.1f SET, e.g. autocommit), %.1f pings a commit\n",
                    c, e, q, n / c, e / c, (q - e) / c, o / c, p / c }'
split "batch" $LG batch "$BASE" "${CPU_SPLIT_STUDENTS:-20000}" 10000
