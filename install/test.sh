#!/usr/bin/env bash
# Runs JNAS's whole test suite: unit and integration tests of both modules (the kernel's include
# real Jupyter clients and jupyter_kernel_test), then the tutorial notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify
