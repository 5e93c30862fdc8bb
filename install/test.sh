#!/usr/bin/env bash
# Runs JNAS's whole test suite (the README's second command; .ci/run calls it):
#   0. the relative links of the README, docs/, bench/ and the notebooks (install/check_doc_links.py);
#   1. unit and integration tests of both modules (mvn verify; the kernel's include real Jupyter
#      clients and jupyter_kernel_test);
#   2. the tutorial notebooks, executed headless on a kernel installed into a temporary prefix,
#      each checked on what its outputs show (notebooks/check_notebooks.py; executed copies go to
#      target/notebooks); 08-cluster runs its trials on a local Slurm cluster, which
#      check_notebooks.py starts with install/slurm-cluster.sh (as root) and stops after;
#   3. the newcomer test: install/install.sh in a fresh HOME, as the README's first command
#      (install/newcomer_test.sh);
#   4. issue 14's acceptance test: GumbelDARTS's export against the exhaustive grid of a conv
#      space on Fashion-MNIST (DartsAcceptanceTest, on demand in mvn verify: minutes of training).
#
#   install/test.sh [--no-maven] [--no-notebooks] [--no-newcomer] [--no-acceptance]
set -euo pipefail
cd "$(dirname "$0")/.."
MAVEN=1 NOTEBOOKS=1 NEWCOMER=1 ACCEPTANCE=1
for arg in "$@"; do
  case "$arg" in
    --no-maven) MAVEN=0 ;;
    --no-notebooks) NOTEBOOKS=0 ;;
    --no-newcomer) NEWCOMER=0 ;;
    --no-acceptance) ACCEPTANCE=0 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
step() { echo; echo "=== $* ($(date -u +%H:%M:%S))"; }

step "doc links"
/usr/bin/python3 install/check_doc_links.py

if [ "$MAVEN" = 1 ]; then
  step "mvn verify"
  mvn -B -ntp verify
fi

if [ "$NOTEBOOKS" = 1 ]; then
  step "tutorial notebooks"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/jnas-test.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  build=--no-build
  [ "$MAVEN" = 1 ] || build=""   # without mvn verify, install.sh builds the jars itself
  bash install/install.sh --prefix "$tmp/prefix" $build --no-report
  JUPYTER_PATH="$tmp/prefix/share/jupyter" JNAS_HOME="$tmp/home" \
    /usr/bin/python3 notebooks/check_notebooks.py --out target/notebooks
fi

if [ "$NEWCOMER" = 1 ]; then
  step "newcomer test (install/install.sh in a fresh HOME)"
  bash install/newcomer_test.sh
fi
if [ "$ACCEPTANCE" = 1 ]; then
  step "acceptance: GumbelDARTS against the exhaustive grid (docs/one-shot.md, docs/one-shot-acceptance.md)"
  mvn -B -ntp -pl nas-lib -Djnas.acceptance=true -Dtest=DartsAcceptanceTest -Dsurefire.failIfNoSpecifiedTests=false test
fi
step "all tests passed"
