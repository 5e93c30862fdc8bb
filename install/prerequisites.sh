#!/usr/bin/env bash
# Installs the system packages JNAS's tests and tutorials need (Debian/Ubuntu, as root).
# Anywhere else it only says what is missing.
set -euo pipefail
PACKAGES=(
  maven
  jupyter-client jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test jupyter-console
  dataset-fashion-mnist
  chromium
  fonts-dejavu-core fontconfig
  slurm-wlm munge
)
missing=()
# A JDK 17 or later with javac and jshell (JAVA_HOME's, else the one on PATH).
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/java}"
java_bin="${java_bin:-$(command -v java || true)}"
java_version="$([ -n "$java_bin" ] && "$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
case "${java_version:-0}" in 1.*|0|9|1[0-6]) missing+=(openjdk-17-jdk-headless) ;; *)
  [ -x "$(dirname "$(readlink -f "$java_bin")")/javac" ] || missing+=(openjdk-17-jdk-headless) ;; esac
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
