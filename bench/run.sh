#!/usr/bin/env bash
# Runs one of the Java benchmarks of bench/src (module jnas-bench), from any directory:
#
#   bench/run.sh <Benchmark> [options]   e.g. bench/run.sh StrategyBenchmark --seeds 0
#   bench/run.sh <Benchmark> --help      the benchmark's options and their defaults
#   bench/run.sh --list                  the benchmarks
#   bench/run.sh --classpath             the run-time class path (built first if needed), for scripts
#   bench/run.sh --build                 only build
#
# It first builds nas-lib and the benchmarks with the reactor (mvn -pl bench -am package, tests
# skipped, nothing installed) when a source or POM they use is newer than the last build, then runs
# org.jnas.bench.<Benchmark> with target/classes and the module's run-time class path
# (bench/target/classpath.txt), with -Dai.djl.offline=true. Relative paths given to a benchmark are
# relative to the directory it was started from.
#
# Variables: JAVA (default java), JAVA_OPTS (extra JVM options), JNAS_HOME (where experiments are
# stored; default bench/target/jnas-home, so that benchmark runs stay out of ~/.jnas),
# MVN_FLAGS (default -o: build offline from ~/.m2; set MVN_FLAGS= to let Maven download),
# BENCH_BUILD=never (run what was built last, without checking).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
CLASSES="$BENCH/target/classes"
CP_FILE="$BENCH/target/classpath.txt"
JAVA="${JAVA:-java}"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit "${1:-2}"
}

benchmarks() {
    grep -l 'public static void main' "$BENCH"/src/main/java/org/jnas/bench/*.java | xargs -n1 basename | sed 's/\.java$//'
}

is_stale() {
    [ -f "$CP_FILE" ] && [ -d "$CLASSES" ] || return 0
    # built without -am (mvn -pl bench ...): nas-lib came from ~/.m2, not from this checkout
    grep -q "$REPO/nas-lib/target/" "$CP_FILE" || return 0
    # a class path entry that is gone (after mvn clean in nas-lib, say)
    local entry
    while IFS= read -r -d ':' entry; do
        [ -e "$entry" ] || return 0
    done < <(printf '%s:' "$(cat "$CP_FILE")")
    [ -n "$(find "$REPO/pom.xml" "$BENCH/pom.xml" "$BENCH/src" "$REPO/nas-lib/pom.xml" "$REPO/nas-lib/src/main" \
        -newer "$CP_FILE" -print -quit)" ]
}

build_if_needed() {
    [ "${BENCH_BUILD:-auto}" = never ] && return 0
    is_stale || return 0
    echo "bench/run.sh: building nas-lib and jnas-bench (mvn -pl bench -am package)" >&2
    local log
    log="$(mktemp)"
    # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
    if ! (cd "$REPO" && mvn -B -q ${MVN_FLAGS--o} -pl bench -am package -Dmaven.test.skip=true) >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "bench/run.sh: the build failed" >&2
        exit 1
    fi
    rm -f "$log"
    touch "$CP_FILE"
}

[ $# -ge 1 ] || usage
case "$1" in
    -h|--help) usage 0 ;;
    --list) benchmarks; exit 0 ;;
    --build) build_if_needed; exit 0 ;;
    --classpath) build_if_needed; echo "$CLASSES:$(cat "$CP_FILE")"; exit 0 ;;
    -*) echo "bench/run.sh: unknown option $1" >&2; usage ;;
esac

NAME="${1#org.jnas.bench.}"
shift
if ! benchmarks | grep -qx "$NAME"; then
    echo "bench/run.sh: no benchmark '$NAME'; there are: $(benchmarks | tr '\n' ' ')" >&2
    exit 2
fi
build_if_needed
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$JAVA" -Dai.djl.offline=true -Djnas.home="${JNAS_HOME:-$BENCH/target/jnas-home}" ${JAVA_OPTS:-} \
    -cp "$CLASSES:$(cat "$CP_FILE")" "org.jnas.bench.$NAME" "$@"
