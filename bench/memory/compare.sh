#!/usr/bin/env bash
# TrialMemoryBenchmark on this checkout and on another one (the base of a change), alternating,
# ROUNDS times each, with the same JVM options; prints each run's summary line and the median
# slope (kB of RSS per trial) of each side.
#
#   bench/memory/compare.sh <other checkout> [TrialMemoryBenchmark options]
#   e.g. bench/memory/compare.sh /tmp/base --per-search 10
#
# The other checkout needs bench/src/main/java/org/jnas/bench/TrialMemoryBenchmark.java (copy it
# there if it predates the benchmark). Variables: ROUNDS (3), MEM_OPTS (default: a pre-touched
# 512 MB heap and NMT summary), MALLOC_ARENA_MAX and the rest of bench/run.sh's.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
OTHER="$(cd "$1" && pwd)"
shift
ROUNDS="${ROUNDS:-3}"
MEM_OPTS="${MEM_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary}"

declare -A slopes
for round in $(seq 1 "$ROUNDS"); do
    for side in other this; do
        dir="$HERE"
        [ "$side" = other ] && dir="$OTHER"
        line="$(JAVA_OPTS="$MEM_OPTS ${JAVA_OPTS:-}" "$dir/bench/run.sh" TrialMemoryBenchmark "$@" 2>/dev/null \
            | grep -E '^[0-9]+ trials' || true)"
        [ -n "$line" ] || { echo "$side ($dir): the benchmark printed no summary" >&2; exit 1; }
        echo "$side round $round: $line"
        slopes[$side]+="$(sed -E 's/.*slope (-?[0-9.]+) kB\/trial.*/\1/' <<<"$line") "
    done
done
for side in other this; do
    # shellcheck disable=SC2086 # a list of numbers
    median="$(printf '%s\n' ${slopes[$side]} | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')"
    echo "median slope, $side: $median kB/trial (${slopes[$side]% })"
done
