#!/usr/bin/env bash
# A private single-node Slurm cluster on localhost, for JNAS's cluster tests and benchmarks
# (Debian's slurm-wlm and munge; run as root). Everything lives under DIR: munge's key and socket,
# slurm.conf, state, spool, logs and pid files; nothing of the system's own Slurm or munge is used.
#
#   install/slurm-cluster.sh start DIR    start munged, slurmctld and slurmd; wait for the node to be
#                                         idle; print the environment a client needs (SLURM_CONF=...)
#   install/slurm-cluster.sh stop DIR     cancel every job (job steps outlive slurmd), then stop all three
#   install/slurm-cluster.sh status DIR   the node's state, or "stopped"
#
# The node has 2 CPUs and 2 fake GPUs (gres gpu:2 on /dev/tty1-2): jobs get CUDA_VISIBLE_DEVICES
# but no real device. Ports: JNAS_SLURM_PORT (default: the first free pair from 16817).
set -euo pipefail
cmd="${1:-}" dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then sed -n '2,12p' "$0"; exit 2; fi
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

die() { echo "slurm-cluster: $*" >&2; exit 1; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
node_state() { sinfo -h -N -n localhost -o '%T' 2>/dev/null | head -1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  [ "$(id -u)" = 0 ] || die "must run as root (slurmd starts jobs as their users)"
  for b in munged slurmctld slurmd sbatch squeue sinfo; do
    command -v "$b" >/dev/null || die "'$b' not found: install the Debian packages slurm-wlm and munge (install/prerequisites.sh)"
  done
  if pid_alive "$dir/slurmctld.pid" && [ "$(node_state)" = idle ]; then
    echo "SLURM_CONF=$conf"; return
  fi
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool/localhost" "$dir/log"
  chmod 755 "$dir" "$dir/munge"
  if [ ! -f "$dir/munge/munge.key" ]; then
    head -c 1024 /dev/urandom > "$dir/munge/munge.key"
    chmod 400 "$dir/munge/munge.key"
  fi
  pid_alive "$dir/munge/munged.pid" || munged -f --socket="$dir/munge/munge.sock" --key-file="$dir/munge/munge.key" \
      --log-file="$dir/log/munged.log" --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munge.seed" \
      || die "munged did not start: see $dir/log/munged.log"
  local port="${JNAS_SLURM_PORT:-16817}"
  if [ -z "${JNAS_SLURM_PORT:-}" ]; then
    while ! port_free "$port" || ! port_free $((port + 1)); do port=$((port + 2)); done
  fi
  local mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) / 2 ))
  cat > "$conf" <<CONF
ClusterName=jnas
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MinJobAge=300
# time limits are enforced on slurmctld's 30 s timer: no overtime, and 5 s (not 30) from SIGTERM
# to SIGKILL, so that a job over its limit (SlurmTimeLimitTest) ends within about half a minute
OverTimeLimit=0
KillWait=5
SlurmdTimeout=20
MpiDefault=none
GresTypes=gpu
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=$mem Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  echo "NodeName=localhost Name=gpu File=/dev/tty[1-2]" > "$dir/gres.conf"
  slurmctld -c -f "$conf" || die "slurmctld did not start: see $dir/log/slurmctld.log"
  slurmd -N localhost -f "$conf" || die "slurmd did not start: see $dir/log/slurmd.log"
  for _ in $(seq 1 300); do
    [ "$(node_state)" = idle ] && { echo "SLURM_CONF=$conf"; return; }
    sleep 0.1
  done
  die "the node did not become idle within 30 s (state '$(node_state)'): see $dir/log/slurmctld.log and slurmd.log"
}

stop() {
  if pid_alive "$dir/slurmctld.pid"; then
    scancel --full --quiet --partition=debug 2>/dev/null || true
    for _ in $(seq 1 100); do
      [ -z "$(squeue -h -t PD,R,CG -o %i 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
  for p in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    if pid_alive "$p"; then
      pid="$(cat "$p")"
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
  echo "stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) if pid_alive "$dir/slurmctld.pid"; then node_state; else echo stopped; fi ;;
  *) die "unknown command '$cmd' (start, stop or status)" ;;
esac
