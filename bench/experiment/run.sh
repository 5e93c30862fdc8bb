#!/usr/bin/env bash
# JNAS against the plain-PyTorch anchor on the NNI comparison work (issue 4): the seed's quickstart
# space, 18 trials, 2 at a time, 2,000 Fashion-MNIST training images, 1 epoch, 1,000 test images.
# Runs the anchor (one Python process per trial) right before the Java benchmark on the same
# machine, then prints a side-by-side table. Results go to bench-results/experiment-<time>/.
# The Java side is org.jnas.bench.QuickstartBenchmark (bench/src), run by bench/run.sh.
#
# Variables: JNAS_SHARED (default <repo>/../shared: holds anchors/baseline_trials.py),
# FMNIST_ROOT (default ~/fmnist: torchvision layout made from FMNIST_GZ), FMNIST_GZ (default
# /usr/share/datasets/fashion-mnist), PYTHON (default /usr/bin/python3, with torch and torchvision),
# TRIALS (18), CONCURRENCY (2), SKIP_ANCHOR=1 (reuse ANCHOR_JSON instead); bench/run.sh's own
# (JAVA, JAVA_OPTS, JNAS_HOME, MVN_FLAGS) apply to the Java side.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${JNAS_SHARED:-$REPO/../shared}"
ANCHOR="$SHARED/anchors/baseline_trials.py"
FMNIST_ROOT="${FMNIST_ROOT:-$HOME/fmnist}"
FMNIST_GZ="${FMNIST_GZ:-/usr/share/datasets/fashion-mnist}"
PYTHON="${PYTHON:-/usr/bin/python3}"
TRIALS="${TRIALS:-18}"
CONCURRENCY="${CONCURRENCY:-2}"
OUT="$REPO/bench-results/experiment-$(date -u +%Y%m%dT%H%M%SZ)"

[ -f "$ANCHOR" ] || { echo "anchor not found: $ANCHOR (set JNAS_SHARED to the folder holding anchors/)" >&2; exit 1; }
"$PYTHON" -c 'import torch, torchvision' 2>/dev/null \
    || { echo "$PYTHON lacks torch/torchvision: apt-get install -y python3-torch python3-torchvision" >&2; exit 1; }
mkdir -p "$OUT"

# the anchor reads torchvision's layout: FashionMNIST/raw/<name> decompressed
RAW="$FMNIST_ROOT/FashionMNIST/raw"
mkdir -p "$RAW"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if [ ! -s "$RAW/$f" ]; then
        [ -f "$FMNIST_GZ/$f.gz" ] || { echo "missing $FMNIST_GZ/$f.gz: apt-get install -y dataset-fashion-mnist" >&2; exit 1; }
        gunzip -c "$FMNIST_GZ/$f.gz" > "$RAW/$f.tmp" && mv "$RAW/$f.tmp" "$RAW/$f"
    fi
done

# build before anything is timed
"$REPO/bench/run.sh" --build

TIME_FMT='{"elapsed_s": %e, "user_s": %U, "sys_s": %S, "max_rss_kb": %M}'
echo "nproc $(nproc)" | tee "$OUT/load.txt"
echo "before anchor: $(uptime)" | tee -a "$OUT/load.txt"
if [ "${SKIP_ANCHOR:-0}" = 1 ]; then
    cp "${ANCHOR_JSON:?SKIP_ANCHOR=1 needs ANCHOR_JSON}" "$OUT/baseline.json"
else
    /usr/bin/time -f "$TIME_FMT" -o "$OUT/baseline.time.json" \
        "$PYTHON" "$ANCHOR" --trials "$TRIALS" --concurrency "$CONCURRENCY" --data "$FMNIST_ROOT" \
        --out "$OUT/baseline.json" | tee "$OUT/baseline.txt"
fi
echo "before JNAS: $(uptime)" | tee -a "$OUT/load.txt"
BENCH_BUILD=never /usr/bin/time -f "$TIME_FMT" -o "$OUT/jnas.time.json" \
    "$REPO/bench/run.sh" QuickstartBenchmark \
    --trials "$TRIALS" --concurrency "$CONCURRENCY" --out "$OUT/jnas.json" 2>"$OUT/jnas.stderr" | tee "$OUT/jnas.txt"
echo "after JNAS: $(uptime)" | tee -a "$OUT/load.txt"

"$PYTHON" "$REPO/bench/experiment/compare.py" "$OUT" | tee "$OUT/table.txt"
echo "results in $OUT"
