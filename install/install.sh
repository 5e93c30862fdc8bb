#!/usr/bin/env bash
# Builds JNAS and installs the Jupyter kernelspec "jnas" ("Java (JNAS)").
#
#   install/install.sh [--user | --prefix DIR] [--java PATH] [--heap SIZE] [--djl-online]
#                      [--no-build] [--no-cds] [--name NAME]
#
#   --user          install for the current user (default): jupyter kernelspec install --user
#   --prefix DIR    install into DIR/share/jupyter/kernels (e.g. a virtualenv or conda prefix)
#   --java PATH     the java launcher to run the kernel with (default: $JAVA_HOME/bin/java, else java on PATH)
#   --heap SIZE     maximum JVM heap, e.g. 4g (default: the JVM's own default)
#   --djl-online    let DJL download engines and models (default: -Dai.djl.offline=true)
#   --no-build      install what is already built under kernel/target
#   --no-cds        skip creating the class-data-sharing archive that speeds up start-up
#   JNAS_JAVA_OPTS  extra JVM options, appended to the kernel's command line
#
# The jars go to a stable directory (~/.local/share/jnas/lib, or DIR/share/jnas/lib), so the build
# tree can be removed afterwards. Uses /usr/bin/jupyter when present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL_NAME="jnas"
DISPLAY_NAME="Java (JNAS)"
MODE="user"
PREFIX=""
JAVA_BIN=""
HEAP=""
DJL_OFFLINE="true"
BUILD=1
CDS=1

log() { echo "[jnas-install] $*" >&2; }
die() { echo "[jnas-install] error: $*" >&2; exit 1; }

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --user) MODE="user" ;;
      --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; MODE="prefix"; PREFIX="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
      --java) [ $# -ge 2 ] || die "--java needs a path"; JAVA_BIN="$2"; shift ;;
      --heap) [ $# -ge 2 ] || die "--heap needs a size such as 4g"; HEAP="$2"; shift ;;
      --djl-online) DJL_OFFLINE="false" ;;
      --no-build) BUILD=0 ;;
      --no-cds) CDS=0 ;;
      --name) [ $# -ge 2 ] || die "--name needs a kernel name"; KERNEL_NAME="$2"; shift ;;
      -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
  done
  if [ -n "$HEAP" ] && ! [[ "$HEAP" =~ ^[0-9]+[kKmMgG]?$ ]]; then
    die "--heap '$HEAP' is not a JVM size such as 512m or 4g"
  fi
}

find_tools() {
  if [ -z "$JAVA_BIN" ]; then
    if [ -n "${JAVA_HOME:-}" ]; then JAVA_BIN="$JAVA_HOME/bin/java"; else JAVA_BIN="$(command -v java || true)"; fi
  fi
  [ -n "$JAVA_BIN" ] && [ -x "$JAVA_BIN" ] || die "no java found: set JAVA_HOME or pass --java PATH"
  JAVA_BIN="$(readlink -f "$JAVA_BIN")"
  local feature
  feature="$("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [ "${feature:-0}" -ge 17 ] 2>/dev/null || die "$JAVA_BIN is Java ${feature:-?}; JNAS needs 17 or later"
  "$JAVA_BIN" --list-modules 2>/dev/null | grep -q '^jdk.jshell@' || die "$JAVA_BIN has no jdk.jshell module: install a full JDK"
  if [ -x /usr/bin/jupyter ]; then JUPYTER=/usr/bin/jupyter; else JUPYTER="$(command -v jupyter || true)"; fi
  [ -n "$JUPYTER" ] || die "jupyter not found (sudo apt-get install jupyter-client, or install/prerequisites.sh)"
}

build() {
  [ "$BUILD" = 1 ] || return 0
  log "building nas-lib and kernel (mvn package, tests skipped)"
  (cd "$ROOT" && mvn -q -B -DskipTests ${JNAS_MVN_OPTS:-} package -pl nas-lib,kernel -am)
}

data_dir() {
  if [ "$MODE" = prefix ]; then echo "$PREFIX/share/jnas"; else echo "${XDG_DATA_HOME:-$HOME/.local/share}/jnas"; fi
}

copy_jars() {
  local lib="$1"
  local jar
  jar="$(ls "$ROOT"/kernel/target/kernel-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -n1 || true)"
  [ -n "$jar" ] && [ -d "$ROOT/kernel/target/kernel-lib" ] || die "kernel/target has no build: run without --no-build"
  rm -rf "$lib.new"
  mkdir -p "$lib.new"
  cp "$ROOT"/kernel/target/kernel-lib/*.jar "$lib.new/"
  cp "$jar" "$lib.new/jnas-kernel.jar"
  rm -rf "$lib"
  mv "$lib.new" "$lib"
  log "jars installed in $lib"
}

# The kernel's command line, one argument per line; {connection_file} is filled in by Jupyter.
kernel_argv() {
  local lib="$1" cds="$2"
  echo "$JAVA_BIN"
  [ -n "$HEAP" ] && echo "-Xmx$HEAP"
  [ -n "$cds" ] && [ -f "$cds" ] && echo "-XX:SharedArchiveFile=$cds"
  echo "-Xshare:auto"
  echo "-XX:+UseSerialGC"
  echo "-Djava.awt.headless=true"
  echo "-Dai.djl.offline=$DJL_OFFLINE"
  for opt in ${JNAS_JAVA_OPTS:-}; do echo "$opt"; done
  echo "-cp"
  echo "$lib/*"
  echo "org.jnas.kernel.KernelMain"
  echo "{connection_file}"
}

write_kernelspec() {
  local dir="$1" lib="$2" cds="$3"
  mkdir -p "$dir"
  kernel_argv "$lib" "$cds" | /usr/bin/python3 -c '
import json, sys
argv = [line.rstrip("\n") for line in sys.stdin]
json.dump({"argv": argv, "display_name": sys.argv[1], "language": "java", "interrupt_mode": "message",
           "metadata": {"debugger": False}}, open(sys.argv[2], "w"), indent=1)
' "$DISPLAY_NAME" "$dir/kernel.json"
}

# Records the classes one kernel session loads (-XX:DumpLoadedClassList), then dumps them into a
# class-data-sharing archive that later starts map instead of loading and verifying each class.
create_cds_archive() {
  local lib="$1" cds="$2"
  [ "$CDS" = 1 ] || return 0
  log "creating the class-data-sharing archive (one kernel start)"
  local tmp; tmp="$(mktemp -d)"
  rm -f "$cds"
  write_kernelspec "$tmp/kernels/$KERNEL_NAME" "$lib" ""
  /usr/bin/python3 - "$tmp/kernels/$KERNEL_NAME/kernel.json" "$tmp/classes.lst" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["argv"].insert(1, "-XX:DumpLoadedClassList=" + sys.argv[2])
json.dump(spec, open(sys.argv[1], "w"))
PY
  if JUPYTER_PATH="$tmp" /usr/bin/python3 - "$KERNEL_NAME" <<'PY' 2>/dev/null
import sys
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=120)
kc.execute_interactive("1 + 1", timeout=120, output_hook=lambda msg: None)
kc.complete("Math.ab", 7); kc.get_shell_msg(timeout=60)
kc.stop_channels()
km.shutdown_kernel(now=False)
PY
  then
    "$JAVA_BIN" -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" -XX:SharedArchiveFile="$cds" \
      -cp "$lib/*" -Xlog:cds=off -Xlog:cds+dynamic=off >/dev/null 2>&1 || true
  fi
  if [ -f "$cds" ]; then log "archive written: $cds"; else log "no archive written (start-up stays correct, only slower)"; fi
  rm -rf "$tmp"
}

install_kernelspec() {
  local lib="$1" cds="$2"
  local tmp; tmp="$(mktemp -d)"
  write_kernelspec "$tmp/$KERNEL_NAME" "$lib" "$cds"
  if [ "$MODE" = prefix ]; then
    "$JUPYTER" kernelspec install --replace --name "$KERNEL_NAME" --prefix "$PREFIX" "$tmp/$KERNEL_NAME" >/dev/null
  else
    "$JUPYTER" kernelspec install --replace --name "$KERNEL_NAME" --user "$tmp/$KERNEL_NAME" >/dev/null
  fi
  rm -rf "$tmp"
  log "kernelspec '$KERNEL_NAME' installed ($DISPLAY_NAME); check with: $JUPYTER kernelspec list"
}

main() {
  parse_args "$@"
  find_tools
  build
  local data lib cds
  data="$(data_dir)"
  lib="$data/lib"
  cds="$data/jnas-kernel.jsa"
  copy_jars "$lib"
  create_cds_archive "$lib" "$cds"
  install_kernelspec "$lib" "$cds"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
