#!/usr/bin/env bash
# A/B of two builds, back to back: ./bench/ab.sh [OLD_REV]   (from the project root; OLD_REV 8a4c417)
# Checks OLD_REV out as a git worktree in target/bench/ab-old (made once, then reused and moved to
# OLD_REV), builds its jar and test classes there, builds this tree's, and runs THIS tree's
# bench/run.sh against the old build and then the new one with the same settings, each into its own
# folder (target/bench/ab/old, target/bench/ab/new: the console as console.txt, the figures as
# figures.txt, the flame graph of each warm HTTP run). At the end it prints a markdown table of the
# figures: figure | old | new | new/old (also in target/bench/ab/table.md).
# Shortened by default, every setting of run.sh can be set as for it: BENCH_HTTP_SECONDS (20),
# BENCH_STEADY_SECONDS (30), BENCH_BATCH_STUDENTS (30000), BENCH_LIMIT_DECISIONS (30000),
# BENCH_CHAINS_SECONDS (0: the chains part left out), KCBX_BENCH_DB (kcbx_bench_ab), BENCH_FLAME
# (1), BENCH_JAVA_OPTS, KCBX_BENCH_PORT. BENCH_AB_ORDER="new old" runs the new build first;
# BENCH_AB_REBUILD=1 builds the old tree again even if its jar is there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OLD_REV=${1:-8a4c417}
AB=target/bench/ab
OLD_TREE=target/bench/ab-old
export BENCH_HTTP_SECONDS=${BENCH_HTTP_SECONDS:-20}
export BENCH_STEADY_SECONDS=${BENCH_STEADY_SECONDS:-30}
export BENCH_BATCH_STUDENTS=${BENCH_BATCH_STUDENTS:-30000}
export BENCH_LIMIT_DECISIONS=${BENCH_LIMIT_DECISIONS:-30000}
export BENCH_CHAINS_SECONDS=${BENCH_CHAINS_SECONDS:-0}
export KCBX_BENCH_DB=${KCBX_BENCH_DB:-kcbx_bench_ab}
mkdir -p "$AB/old" "$AB/new"

OLD_SHA=$(git rev-parse --verify "$OLD_REV^{commit}")
NEW_DESC="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml rules 2>/dev/null || echo '+changes')"
echo "== old: $OLD_REV ($(git log -1 --format='%h %cs %s' "$OLD_SHA" | cut -c1-100))"
git worktree prune
if [ ! -e "$OLD_TREE/.git" ]; then
  rm -rf "$OLD_TREE"
  git worktree add --detach "$OLD_TREE" "$OLD_SHA" >"$AB/old-worktree.log" 2>&1
elif [ "$(git -C "$OLD_TREE" rev-parse HEAD)" != "$OLD_SHA" ]; then
  git -C "$OLD_TREE" checkout -q --detach "$OLD_SHA"
fi

# build: package (which compiles the tests too) and the dependencies' class path, offline first
build() { # DIR CLASSPATH_FILE LOG
  ( cd "$1" && { ./mvnw -B -o package -DskipTests || ./mvnw -B package -DskipTests; } >"$3" 2>&1 \
    && { ./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile="$2" \
         || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$2"; } >>"$3" 2>&1 ) \
    || { echo "build failed in $1, see $3" >&2; exit 1; }
}
jar_of() { ls "$1"/target/kcbx-decision-*.jar 2>/dev/null | grep -v -e '/original-' -e '-sources' | head -1; }
if [ "${BENCH_AB_REBUILD:-0}" = 1 ] || [ -z "$(jar_of "$OLD_TREE")" ] \
    || [ "$(cat "$OLD_TREE/target/ab-rev.txt" 2>/dev/null)" != "$OLD_SHA" ]; then
  echo "== build old in $OLD_TREE"
  build "$ROOT/$OLD_TREE" "$ROOT/$AB/old-classpath.txt" "$ROOT/$AB/old-build.log"
  echo "$OLD_SHA" >"$OLD_TREE/target/ab-rev.txt"
fi
[ -s "$AB/old-classpath.txt" ] || build "$ROOT/$OLD_TREE" "$ROOT/$AB/old-classpath.txt" "$ROOT/$AB/old-build.log"
echo "== build new: this tree, $NEW_DESC"
build "$ROOT" "$ROOT/$AB/new-classpath.txt" "$ROOT/$AB/new-build.log"

# each build's jar and classes copied aside, so that a build running meanwhile cannot change them
keep() { # SIDE TREE
  rm -rf "$AB/$1-build" && mkdir -p "$AB/$1-build"
  cp -p "$(jar_of "$2")" "$AB/$1-build/"
  cp -r "$2/target/classes" "$2/target/test-classes" "$AB/$1-build/"
}
keep old "$OLD_TREE"
keep new .
run() { # SIDE
  local side=$1 b=$AB/$1-build jar
  jar=$(ls "$b"/*.jar | head -1)
  echo "== $side: ./bench/run.sh against $jar $(date -u +%H:%M:%S) [load: $(cut -d' ' -f1-3 /proc/loadavg)]"
  BENCH_SKIP_BUILD=1 BENCH_OUT="$AB/$side" BENCH_JAR="$jar" \
    BENCH_CLASSES="$b/test-classes:$b/classes" BENCH_CLASSPATH_FILE="$AB/$side-classpath.txt" \
    ./bench/run.sh 2>&1 | tee "$AB/$side/console.txt" || echo "run.sh against the $side build failed: see $AB/$side/console.txt"
}
for side in ${BENCH_AB_ORDER:-old new}; do
  run "$side"
done

# the table: figure | old | new | new/old, from the two figures.txt ("figure NAME: VALUE")
ROWS=(
  "start-up s|start-up, launch to first stored decision (s)"
  "restart s|restart with the compiled rules kept and a class data archive (s)"
  "http warm decisions/s|HTTP warm, stored decisions/s (32 clients)"
  "http warm p50 ms|HTTP warm p50 (ms)"
  "http warm p99 ms|HTTP warm p99 (ms)"
  "http warm errors|HTTP warm errors"
  "http first decisions/s|HTTP right after start-up, decisions/s"
  "http warm load generator cpu ms/request|load generator CPU a warm HTTP request (ms; same machine)"
  "batch decisions/s|batch, decisions/s"
  "batch wall s|batch, wall time (s)"
  "batch load generator cpu ms/student|load generator CPU a batch student (ms)"
  "stored bytes B/decision|stored bytes a decision (5 tables)"
  "stored bytes all tables B/decision|stored bytes a decision (every table)"
  "storage limit decisions/s|storage limit, decisions/s (plain JDBC)"
  "batch/limit|batch as a fraction of the limit"
  "http warm/limit|HTTP warm as a fraction of the limit"
  "in-process decisions/s|in-process helan, decisions/s (one thread)"
  "in-process p50 us|in-process p50 (µs)"
  "floor decisions/s|floor, decisions/s"
  "ratio x|ratio helan/floor (×)"
  "peak heap MB|peak heap in use (MB of 512)"
  "verify ok|chain verify after the batch ok (1 yes, 0 no)"
  "verify s|chain verify after the batch, time (s; 300 is curl's limit)"
  "chains 4 decisions/s|4 chains, decisions/s"
  "chains 1 decisions/s|1 chain, decisions/s"
  "flame samples|flame graph samples (warm HTTP)"
  "flame Drools innermost|warm HTTP CPU in Drools (%)"
  "flame JDBC innermost|in JDBC, com.mysql (%)"
  "flame pool innermost|in the connection pool (%)"
  "flame zstd innermost|in zstd (%)"
  "flame JSON innermost|in JSON (%)"
  "flame Netty innermost|in Netty (%)"
  "flame Micronaut innermost|in Micronaut, the rest (%)"
  "flame Reactor innermost|in Reactor (%)"
  "flame credentials innermost|in the credential check, kcbx.security (%)"
  "flame service innermost|in the service's other code, kcbx (%)"
  "flame GC innermost|in GC (%)"
  "flame JIT innermost|in the JIT (%)"
  "flame other innermost|elsewhere: JDK, JVM, kernel (%)"
)
value() { sed -nE "s|^figure $1: ([^ ]+).*|\\1|p" "$2" 2>/dev/null | head -1; }
{
  echo "A/B, $(date -u +%F), old $OLD_REV, new $NEW_DESC: BENCH_HTTP_SECONDS=$BENCH_HTTP_SECONDS BENCH_STEADY_SECONDS=$BENCH_STEADY_SECONDS BENCH_BATCH_STUDENTS=$BENCH_BATCH_STUDENTS BENCH_LIMIT_DECISIONS=$BENCH_LIMIT_DECISIONS BENCH_CHAINS_SECONDS=$BENCH_CHAINS_SECONDS"
  echo
  echo "| figure | old | new | new/old |"
  echo "|---|---:|---:|---:|"
  for row in "${ROWS[@]}"; do
    key=${row%%|*}
    label=${row#*|}
    o=$(value "$key" "$AB/old/figures.txt")
    n=$(value "$key" "$AB/new/figures.txt")
    [ -z "$o$n" ] && continue
    r=$(awk -v o="$o" -v n="$n" 'BEGIN { if (o ~ /^[0-9.]+$/ && n ~ /^[0-9.]+$/ && o + 0 > 0) printf "%.2f", n / o; else print "" }')
    echo "| $label | ${o:-—} | ${n:-—} | ${r:-—} |"
  done
} | tee "$AB/table.md"
