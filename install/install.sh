#!/usr/bin/env bash
# Builds JNAS, installs the Jupyter kernelspec "jnas" ("Java (JNAS)") and the plain-jshell launcher
# jnas-jshell, then runs the quickstart notebook headless into an HTML report and prints where it is.
#
#   install/install.sh [--user | --prefix DIR] [--java PATH] [--heap SIZE] [--djl-online]
#                      [--no-build] [--no-cds] [--name NAME] [--no-report] [--report-dir DIR]
#
#   --user          install for the current user (default): jupyter kernelspec install --user
#   --prefix DIR    install into DIR/share/jupyter/kernels (e.g. a virtualenv or conda prefix)
#   --java PATH     the java launcher to run the kernel with (default: $JAVA_HOME/bin/java, else java on PATH)
#   --heap SIZE     maximum JVM heap, e.g. 4g (default: the JVM's own default)
#   --djl-online    let DJL download engines and models (default: -Dai.djl.offline=true)
#   --no-build      install what is already built under kernel/target
#   --no-cds        skip creating the class-data-sharing archive that speeds up start-up
#   --name NAME     the kernelspec's name (default: jnas), to install several side by side
#   --no-report     do not run the quickstart notebook
#   --report-dir DIR  where the quickstart report goes (default: <data dir>/quickstart)
#   JNAS_JAVA_OPTS  extra JVM options, appended to the kernel's command line
#
# Prerequisites: a JDK 17 or later, Maven, Jupyter (jupyter-client, nbconvert, nbclient) and the
# Fashion-MNIST data. Missing ones are installed with install/prerequisites.sh when this runs as root
# on Debian or Ubuntu; otherwise the script stops and says exactly what to install.
#
# The jars go to a stable directory (~/.local/share/jnas/lib, or DIR/share/jnas/lib), so the build
# tree can be removed afterwards; the launcher to <that directory's parent>/bin/jnas-jshell (jshell
# with JNAS on the class path and its packages imported). Uses /usr/bin/jupyter when present.
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
REPORT=1
REPORT_DIR=""

log() { echo "[jnas-install] $*" >&2; }
die() { echo "[jnas-install] error: $*" >&2; exit 1; }

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --user) MODE="user" ;;
      --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; MODE="prefix"; PREFIX="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
      --java) [ $# -ge 2 ] || die "--java needs a path"; [ -x "$2" ] && [ ! -d "$2" ] || die "--java $2 is not an executable java launcher (e.g. /usr/lib/jvm/<jdk>/bin/java)"; JAVA_BIN="$2"; shift ;;
      --heap) [ $# -ge 2 ] || die "--heap needs a size such as 4g"; HEAP="$2"; shift ;;
      --djl-online) DJL_OFFLINE="false" ;;
      --no-build) BUILD=0 ;;
      --no-cds) CDS=0 ;;
      --name) [ $# -ge 2 ] || die "--name needs a kernel name"; KERNEL_NAME="$2"; shift ;;
      --no-report) REPORT=0 ;;
      --report-dir) [ $# -ge 2 ] || die "--report-dir needs a directory"; REPORT_DIR="$2"; shift ;;
      -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
  done
  if [ -n "$HEAP" ] && ! [[ "$HEAP" =~ ^[0-9]+[kKmMgG]?$ ]]; then
    die "--heap '$HEAP' is not a JVM size such as 512m or 4g"
  fi
}

is_debian_root() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1
}

# The Java feature version of a java launcher (17, 21, ...), or 0.
java_feature() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  case "$v" in 1.*) echo 0 ;; "") echo 0 ;; *) echo "$v" ;; esac
}

# What is missing, as one line per problem; empty when everything is there.
missing_prerequisites() {
  local java_bin="$JAVA_BIN"
  if [ -z "$java_bin" ]; then
    if [ -n "${JAVA_HOME:-}" ]; then java_bin="$JAVA_HOME/bin/java"; else java_bin="$(command -v java || true)"; fi
  fi
  if [ -z "$java_bin" ] || [ ! -x "$java_bin" ]; then
    echo "jdk: no java found (JNAS needs a JDK 17 or later)"
  elif [ "$(java_feature "$java_bin")" -lt 17 ]; then
    echo "jdk: $java_bin is Java $(java_feature "$java_bin"); JNAS needs 17 or later"
  elif ! "$java_bin" --list-modules 2>/dev/null | grep -q '^jdk.jshell@'; then
    echo "jdk: $java_bin has no jdk.jshell module (a JRE, not a JDK)"
  elif [ "$BUILD" = 1 ] && ! "$(dirname "$(readlink -f "$java_bin")")/javac" -version >/dev/null 2>&1; then
    echo "jdk: no javac next to $java_bin (a JRE, not a JDK)"
  fi
  if [ "$BUILD" = 1 ] && ! command -v mvn >/dev/null 2>&1; then echo "maven: mvn not found"; fi
  if [ ! -x /usr/bin/jupyter ] && ! command -v jupyter >/dev/null 2>&1; then echo "jupyter: jupyter not found"; fi
  local py=/usr/bin/python3
  [ -x "$py" ] || py="$(command -v python3 || true)"
  if [ -z "$py" ]; then
    echo "python: python3 not found"
  else
    "$py" -c 'import jupyter_client' 2>/dev/null || echo "jupyter-client: the Python module jupyter_client is missing"
    if [ "$REPORT" = 1 ]; then
      "$py" -c 'import nbconvert, nbclient' 2>/dev/null || echo "nbconvert: the Python modules nbconvert and nbclient are missing"
    fi
  fi
  if [ "$REPORT" = 1 ] && ! fashion_mnist_present; then
    echo "data: Fashion-MNIST (the quickstart's data set) is not on this machine"
  fi
}

fashion_mnist_present() {
  local d
  for d in /usr/share/datasets/fashion-mnist "${JNAS_DATA:-$HOME/.jnas/data}/fashion-mnist"; do
    if [ -e "$d/train-images-idx3-ubyte.gz" ] || [ -e "$d/train-images-idx3-ubyte" ]; then return 0; fi
  done
  return 1
}

explain_prerequisites() {
  echo "[jnas-install] missing prerequisites:" >&2
  printf '  - %s\n' "$@" >&2
  cat >&2 <<'HELP'
Install them, then run install/install.sh again:
  Debian 12 / Ubuntu 22.04 or later (as root, or run this script as root and it does it):
    sudo apt-get install -y openjdk-17-jdk-headless maven jupyter-client jupyter-nbconvert \
         python3-nbclient dataset-fashion-mnist fonts-dejavu-core fontconfig
  Elsewhere:
    a JDK 17 or later (e.g. https://adoptium.net), then export JAVA_HOME=/path/to/jdk
    Maven 3.8 or later (https://maven.apache.org/download.cgi)
    python3 -m pip install --user jupyter_client nbconvert nbclient
    Fashion-MNIST: install/install.sh --djl-online lets the quickstart download it into
    ~/.jnas/data/fashion-mnist on first use (or copy the four *-ubyte.gz files there yourself)
  Only the kernel, without running the quickstart: install/install.sh --no-report
HELP
}

ensure_prerequisites() {
  local missing
  missing="$(missing_prerequisites)"
  [ -n "$missing" ] || return 0
  if [ "$DJL_OFFLINE" = false ]; then
    # The quickstart downloads Fashion-MNIST itself when DJL may go online.
    missing="$(printf '%s\n' "$missing" | grep -v '^data:' || true)"
    [ -n "$missing" ] || return 0
  fi
  if is_debian_root; then
    log "installing missing prerequisites with install/prerequisites.sh:"
    printf '%s\n' "$missing" | sed 's/^/[jnas-install]   /' >&2
    bash "$ROOT/install/prerequisites.sh" >&2 || die "install/prerequisites.sh failed"
    missing="$(missing_prerequisites)"
    [ -n "$missing" ] || return 0
  fi
  local lines=()
  while IFS= read -r line; do lines+=("$line"); done <<< "$missing"
  explain_prerequisites "${lines[@]}"
  exit 1
}

find_tools() {
  ensure_prerequisites
  if [ -z "$JAVA_BIN" ]; then
    if [ -n "${JAVA_HOME:-}" ]; then JAVA_BIN="$JAVA_HOME/bin/java"; else JAVA_BIN="$(command -v java || true)"; fi
  fi
  [ -n "$JAVA_BIN" ] && [ -x "$JAVA_BIN" ] || die "no java found: set JAVA_HOME or pass --java PATH"
  JAVA_BIN="$(readlink -f "$JAVA_BIN")"
  local feature
  feature="$(java_feature "$JAVA_BIN")"
  [ "${feature:-0}" -ge 17 ] 2>/dev/null || die "$JAVA_BIN is Java ${feature:-?}; JNAS needs 17 or later"
  "$JAVA_BIN" --list-modules 2>/dev/null | grep -q '^jdk.jshell@' || die "$JAVA_BIN has no jdk.jshell module: install a full JDK"
  if [ -x /usr/bin/jupyter ]; then JUPYTER=/usr/bin/jupyter; else JUPYTER="$(command -v jupyter || true)"; fi
  [ -n "$JUPYTER" ] || die "jupyter not found (sudo apt-get install jupyter-client, or install/prerequisites.sh)"
}

build() {
  [ "$BUILD" = 1 ] || return 0
  log "building nas-lib and kernel (mvn package, tests skipped)"
  (cd "$ROOT" && mvn -q -B -ntp -Dstyle.color=never -DskipTests ${JNAS_MVN_OPTS:-} package -pl nas-lib,kernel -am) >&2
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
  # What the kernel itself needs (exports of javac's internals), as it says.
  "$JAVA_BIN" -cp "$lib/*" org.jnas.kernel.KernelMain --jvm-options
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
    # dumped with the kernel's JVM options and JNAS_JAVA_OPTS, as the kernel starts: an archive dumped
    # without the same module options (--add-exports, --add-opens, --enable-native-access) makes
    # JDK 25 print a CDS error at every kernel start and give up its optimised module handling
    local kernel_opts
    kernel_opts="$("$JAVA_BIN" -cp "$lib/*" org.jnas.kernel.KernelMain --jvm-options)"
    # shellcheck disable=SC2086 # one option per word
    "$JAVA_BIN" -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" -XX:SharedArchiveFile="$cds" \
      $kernel_opts ${JNAS_JAVA_OPTS:-} -cp "$lib/*" -Xlog:cds=off -Xlog:cds+dynamic=off >/dev/null 2>&1 || true
  fi
  if [ -f "$cds" ]; then log "archive written: $cds"; else log "no archive written (start-up stays correct, only slower)"; fi
  rm -rf "$tmp"
}

# jshell with JNAS: the installed jars on the class path (jshell, like javac, expands no "*"), the NAS
# API imported by a start-up file the kernel prints, the same JVM settings for the code it runs.
write_jshell_launcher() {
  local data="$1" lib="$2"
  local jshell; jshell="$(dirname "$JAVA_BIN")/jshell"
  [ -x "$jshell" ] || die "no jshell next to $JAVA_BIN (a JRE, not a JDK)"
  "$JAVA_BIN" -cp "$lib/*" org.jnas.kernel.KernelMain --jshell-startup > "$data/jnas.jsh"
  local cp; cp="$(ls "$lib"/*.jar | paste -sd: -)"
  mkdir -p "$data/bin"
  cat > "$data/bin/jnas-jshell" <<LAUNCHER
#!/usr/bin/env bash
# jshell with JNAS (written by install/install.sh): its jars on the class path, its packages
# imported. Arguments go to jshell, e.g. a script: jnas-jshell search.jsh
exec "$jshell" --class-path "$cp" -R-Dai.djl.offline=$DJL_OFFLINE -R-Djava.awt.headless=true \
  --startup DEFAULT --startup "$data/jnas.jsh" "\$@"
LAUNCHER
  chmod +x "$data/bin/jnas-jshell"
  JSHELL_LAUNCHER="$data/bin/jnas-jshell"
  log "plain jshell with JNAS: $JSHELL_LAUNCHER"
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
  if [ "$MODE" = "prefix" ]; then
    # Jupyter looks in a prefix only when it is its own (a virtualenv's) or on JUPYTER_PATH
    log "kernelspec '$KERNEL_NAME' installed ($DISPLAY_NAME); check with: JUPYTER_PATH=$PREFIX/share/jupyter $JUPYTER kernelspec list"
  else
    log "kernelspec '$KERNEL_NAME' installed ($DISPLAY_NAME); check with: $JUPYTER kernelspec list"
  fi
}

# Runs the quickstart notebook headless (nbconvert --execute) into an HTML report. It runs in a copy
# in the report directory, so the files it writes (the exported model) stay out of the source tree.
run_quickstart_report() {
  local data="$1"
  [ "$REPORT" = 1 ] || return 0
  local dir="${REPORT_DIR:-$data/quickstart}"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  cp "$ROOT/notebooks/01-quickstart.ipynb" "$dir/01-quickstart.ipynb"
  log "running the quickstart notebook (a search of 18 trials; a few minutes on 2 CPU cores)"
  local started=$SECONDS
  local jupyter_path="${JUPYTER_PATH:-}"
  if [ "$MODE" = prefix ]; then jupyter_path="$PREFIX/share/jupyter${jupyter_path:+:$jupyter_path}"; fi
  if ! (cd "$dir" && JUPYTER_PATH="$jupyter_path" "$JUPYTER" nbconvert --to html --execute \
        --ExecutePreprocessor.kernel_name="$KERNEL_NAME" --ExecutePreprocessor.timeout=1800 \
        --output 01-quickstart --output-dir "$dir" "$dir/01-quickstart.ipynb" >"$dir/nbconvert.log" 2>&1); then
    tail -n 40 "$dir/nbconvert.log" >&2
    die "the quickstart notebook failed (log: $dir/nbconvert.log)"
  fi
  log "quickstart finished in $((SECONDS - started)) s"
  REPORT_FILE="$dir/01-quickstart.html"
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
  write_jshell_launcher "$data" "$lib"
  REPORT_FILE=""
  run_quickstart_report "$data"
  if [ -n "$REPORT_FILE" ]; then
    echo "JNAS is installed (kernel '$KERNEL_NAME'). The quickstart report: $REPORT_FILE"
    echo "Open the notebooks with: $JUPYTER notebook $ROOT/notebooks   (or JupyterLab, VS Code)"
  else
    echo "JNAS is installed (kernel '$KERNEL_NAME')."
  fi
  echo "Plain jshell with JNAS: $JSHELL_LAUNCHER"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
