#!/usr/bin/env bash
# The README's first command as a newcomer runs it: a fresh copy of the source tree (the files a
# clone has, plus uncommitted edits), a fresh HOME with empty Jupyter directories, then
# install/install.sh with no options. Checks that the kernelspec is listed, the HTML report of
# the quickstart exists and shows the finished search's trial table, and that the jnas-jshell
# launcher the install printed runs a search in plain jshell.
#
# Java takes user.home from the password database, not from $HOME, so every JVM here (Maven, the
# kernel) is told the fresh home through JAVA_TOOL_OPTIONS; the experiments the quickstart stores
# then land in the fresh ~/.jnas as they would for a newcomer.
#
# Kept from the real home, so that the test works offline and does not redo slow one-time work:
# Maven's local repository (-Dmaven.repo.local) and DJL's extracted PyTorch natives (DJL_CACHE_DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REAL_HOME="$HOME"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jnas-newcomer.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "newcomer test FAILED: $*" >&2; exit 1; }

mkdir -p "$WORK/home" "$WORK/src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$WORK/src"

export HOME="$WORK/home"
export JUPYTER_CONFIG_DIR="$HOME/.jupyter" JUPYTER_DATA_DIR="$HOME/.local/share/jupyter" JUPYTER_RUNTIME_DIR="$HOME/.local/share/jupyter/runtime"
unset JUPYTER_PATH JNAS_HOME JNAS_DATA XDG_DATA_HOME
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Duser.home=$HOME"
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=${MAVEN_REPO_LOCAL:-$REAL_HOME/.m2/repository}"
if [ -d "${DJL_CACHE_DIR:-$REAL_HOME/.djl.ai}" ]; then export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$REAL_HOME/.djl.ai}"; fi
if [ -f "$REAL_HOME/.m2/settings.xml" ]; then mkdir -p "$HOME/.m2" && cp "$REAL_HOME/.m2/settings.xml" "$HOME/.m2/"; fi

started=$SECONDS
out="$(cd "$WORK/src" && bash install/install.sh 2>"$WORK/install.err")" || { tail -n 40 "$WORK/install.err" >&2; fail "install/install.sh exited with an error"; }
echo "$out"
echo "install.sh took $((SECONDS - started)) s"

if [ -x /usr/bin/jupyter ]; then jupyter=/usr/bin/jupyter; else jupyter=jupyter; fi
"$jupyter" kernelspec list | grep -E '^\s*jnas\s' || fail "jupyter kernelspec list does not show jnas"
"$jupyter" kernelspec list | grep -q "$HOME/" || fail "the kernelspec is not in the fresh HOME"

spec="$HOME/.local/share/jupyter/kernels/jnas/kernel.json"
# the options the kernel asks for (exports of javac's internals for single-task expression cells)
for opt in $(java -cp "$HOME/.local/share/jnas/lib/*" org.jnas.kernel.KernelMain --jvm-options); do
  grep -qF -- "\"$opt\"" "$spec" || fail "the kernelspec lacks $opt (KernelMain --jvm-options)"
done

report="$(printf '%s\n' "$out" | sed -n 's/.*The quickstart report: //p')"
[ -n "$report" ] || fail "install.sh did not print where the report is"
[ -f "$report" ] || fail "the report $report does not exist"
case "$report" in "$HOME"/*) ;; *) fail "the report $report is not under the fresh HOME" ;; esac
grep -q '18 trials, 10 columns' "$report" || fail "the report has no trial table of 18 trials (with params and macs, the quickstart sets inputShape)"
grep -q '<th>dropout1</th>' "$report" || fail "the report's trial table has no dropout1 column"
grep -q 'exported model: forward pass' "$report" || fail "the report does not show the exported model's forward pass"
# (a cell error would already have failed install.sh: nbconvert --execute stops at the first one)
[ -f "$HOME/.jnas/jnas.db" ] || fail "the quickstart's experiment was not stored in ~/.jnas/jnas.db"

# The README's plain-jshell way: the launcher install.sh printed, running a script.
launcher="$(printf '%s\n' "$out" | sed -n 's/^Plain jshell with JNAS: //p')"
[ -x "$launcher" ] || fail "install.sh did not print an executable jnas-jshell launcher (got '$launcher')"
cat > "$WORK/search.jsh" <<'JSH'
ModelSpace space = ModelSpace.define("tiny", s -> new ai.djl.nn.SequentialBlock()
        .add(ai.djl.nn.core.Linear.builder().setUnits(s.valueChoice("units", 2, 4, 8)).build()));
Experiment exp = Experiment.create(space, trial -> trial.reportFinal(trial.sample().getInt("units")), Strategy.gridSearch());
exp.config().name("plain-jshell").devicePolicy(DevicePolicy.CPU);
exp.run();
System.out.println("best " + exp.bestTrial().orElseThrow().sample() + " of " + exp.trials().size());
/exit
JSH
jshell_out="$("$launcher" "$WORK/search.jsh" 2>&1)" || { echo "$jshell_out" >&2; fail "jnas-jshell exited with an error"; }
printf '%s\n' "$jshell_out" | grep -q 'best {units=8} of 3' || { echo "$jshell_out" >&2; fail "jnas-jshell did not run the search"; }
echo "newcomer test passed: kernelspec jnas listed, report $report, plain jshell ran a search"
