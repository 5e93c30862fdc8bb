#!/usr/bin/env python3
"""Side-by-side table of one run of bench/experiment/run.sh: the plain-PyTorch anchor
(baseline.json, one process per trial) and JNAS (jnas.json, trials as threads in one JVM).

Both sides use the same definitions, computed here from the per-trial stamps:
  trial wall     launch of the trial (process spawn / engine submit) -> its end (process exit / record end)
  overhead       trial wall - training loop - test loop (process start, imports, data, model, trainer set-up, engine)
  slot idle      end of one trial -> launch of the next on the same slot (launches matched to the slot freed first)
  images/s       training images / training-loop seconds, per trial (2 trials share the cores throughout)
  CPU use        process CPU time (children included) / wall / cores
The last column says how many times better JNAS is (anchor/JNAS for times, JNAS/anchor for images/s).
Usage: compare.py RESULT_DIR   (writes RESULT_DIR/comparison.json, prints the table)
"""
import heapq
import json
import os
import statistics
import sys


def median(xs):
    return statistics.median(xs) if xs else float('nan')


def slot_idle(launch_end, slots, start):
    """Gaps between a slot freeing and its next launch; launches take the slot freed first."""
    free = [(start, True, i) for i in range(slots)]
    heapq.heapify(free)
    idle = []
    for i, (launch, end) in enumerate(sorted(launch_end)):
        freed, fresh, _ = heapq.heappop(free)
        if not fresh:
            idle.append(launch - freed)
        heapq.heappush(free, (end, False, slots + i))
    return idle


def load(path):
    with open(path) as f:
        return json.load(f)


def main(out):
    base = load(os.path.join(out, 'baseline.json'))
    jnas = load(os.path.join(out, 'jnas.json'))
    cores = jnas['cores']
    bt = [t for t in base['trials'] if t.get('rc') == 0]
    jt = [t for t in jnas['trials'] if t['status'] == 'SUCCEEDED']

    b_over = [t['trial_wall_s'] - t['train_s'] - t['test_s'] for t in bt]
    j_over = [t['overhead_s'] for t in jt]
    b_idle = slot_idle([(t['t_launch'], t['t_exit']) for t in base['trials']], base['concurrency'],
                       min(t['t_launch'] for t in base['trials']))
    j_idle = slot_idle([(t['t_launch_us'] / 1e6, t['t_end_us'] / 1e6) for t in jnas['trials']], jnas['concurrency'],
                       min(t['t_launch_us'] / 1e6 for t in jnas['trials']))
    b_time_path = os.path.join(out, 'baseline.time.json')
    b_cpu_use = None
    if os.path.exists(b_time_path):
        bt_time = load(b_time_path)
        b_cpu_use = (bt_time['user_s'] + bt_time['sys_s']) / bt_time['elapsed_s'] / cores

    rows = [
        ('trials ok / run', f"{len(bt)}/{base['n_run']}", f"{len(jt)}/{jnas['trials_run']}", ''),
        ('wall time, s', base['total_wall_s'], jnas['total_wall_s'], base['total_wall_s'] / jnas['total_wall_s']),
        ('  + JVM start, engine, data, s', base['total_wall_s'], jnas['total_wall_s'] + jnas['jvm_start_to_setup_done_s'],
         base['total_wall_s'] / (jnas['total_wall_s'] + jnas['jvm_start_to_setup_done_s'])),
        ('per-trial overhead median, ms', 1e3 * median(b_over), 1e3 * median(j_over), median(b_over) / median(j_over)),
        ('  of which engine (JNAS), ms', '', 1e3 * jnas['engine_overhead_s']['p50'], ''),
        ('  launch -> first step median, ms', 1e3 * base['launch_to_first_step_s']['p50'],
         1e3 * jnas['launch_to_first_step_s']['p50'], ''),
        ('slot idle median, ms', 1e3 * median(b_idle), 1e3 * median(j_idle), ''),
        ('slot idle max, ms', 1e3 * max(b_idle), 1e3 * max(j_idle), ''),
        ('training images/s median', base['train_img_per_s']['p50'], jnas['train_img_per_s']['p50'],
         jnas['train_img_per_s']['p50'] / base['train_img_per_s']['p50']),
        ('test loop median, s', base['test_s']['p50'], jnas['test_s']['p50'], ''),
        ('accuracy median', base['accuracy']['p50'] / 100, jnas['accuracy']['p50'], ''),
        ('CPU use (of all cores)', b_cpu_use if b_cpu_use is not None else '', jnas['cpu_use'], ''),
    ]
    lines = [f"{'':36s} {'PyTorch anchor':>15s} {'JNAS':>12s} {'JNAS better':>12s}"]
    for name, a, j, r in rows:
        def cell(v, w):
            if isinstance(v, str):
                return f"{v:>{w}s}"
            return f"{v:>{w}.3f}" if abs(v) < 10 else f"{v:>{w}.1f}"
        lines.append(f"{name:36s} {cell(a, 15)} {cell(j, 12)} {cell(r, 12)}")
    bare = jnas['bare']
    lines += [
        '',
        f"JNAS trial vs bare DJL loop (same 18 architectures, {bare['threads']} threads, half before and half after"
        f" the experiment): images/s median {jnas['train_img_per_s']['p50']:.0f} vs {bare['train_img_per_s']['p50']:.0f},"
        f" ratio {jnas['throughput_ratio_of_medians']:.3f}; per-architecture ratio median"
        f" {jnas['throughput_ratio_per_architecture']['p50']:.3f}"
        f" (min {jnas['throughput_ratio_per_architecture']['min']:.3f}, max {jnas['throughput_ratio_per_architecture']['max']:.3f})",
        f"training images per process CPU-second (all the process did, test loops included): experiment"
        f" {jnas.get('train_images_per_cpu_s', float('nan')):.0f}, bare loop"
        f" {bare.get('train_images_per_cpu_s', float('nan')):.0f}, ratio {jnas.get('cpu_efficiency_ratio', float('nan')):.3f}",
        f"solo check, one trainer alone: stock DJL Model {jnas['solo_check']['stock_model_img_per_s']['p50']:.0f} images/s,"
        f" ConcurrentModel {jnas['solo_check']['concurrent_model_img_per_s']['p50']:.0f} images/s"
        f" (ratio {jnas['solo_check']['ratio_of_medians']:.3f})",
        f"JNAS overhead split (medians): engine {1e3 * jnas['engine_overhead_s']['p50']:.1f} ms, evaluator's data +"
        f" trainer set-up {1e3 * jnas['evaluator_setup_s']['p50']:.1f} ms; one-time JVM start + engine + data"
        f" {jnas['jvm_start_to_setup_done_s']:.2f} s",
        f"load average (1 min): anchor samples {base.get('loadavg_1min_samples')}; JNAS experiment"
        f" {jnas['loadavg_1min_before_experiment']:.2f} -> {jnas['loadavg_1min_after_experiment']:.2f}; {cores} cores",
    ]
    load_txt = os.path.join(out, 'load.txt')
    if os.path.exists(load_txt):
        with open(load_txt) as f:
            lines += [l.rstrip() for l in f]
    print('\n'.join(lines))
    comparison = {
        'anchor': {'total_wall_s': base['total_wall_s'], 'overhead_s_p50': median(b_over),
                   'overhead_incl_test_s_p50': base['overhead_s']['p50'], 'slot_idle_s_p50': median(b_idle),
                   'slot_idle_s_max': max(b_idle), 'train_img_per_s_p50': base['train_img_per_s']['p50'],
                   'accuracy_p50': base['accuracy']['p50'] / 100, 'cpu_use': b_cpu_use},
        'jnas': {'total_wall_s': jnas['total_wall_s'], 'cold_total_wall_s': jnas['total_wall_s'] + jnas['jvm_start_to_setup_done_s'],
                 'overhead_s_p50': median(j_over), 'engine_overhead_s_p50': jnas['engine_overhead_s']['p50'],
                 'slot_idle_s_p50': median(j_idle), 'slot_idle_s_max': max(j_idle),
                 'train_img_per_s_p50': jnas['train_img_per_s']['p50'], 'accuracy_p50': jnas['accuracy']['p50'],
                 'cpu_use': jnas['cpu_use'], 'bare_train_img_per_s_p50': bare['train_img_per_s']['p50'],
                 'throughput_ratio_vs_bare': jnas['throughput_ratio_of_medians'],
                 'cpu_efficiency_ratio_vs_bare': jnas.get('cpu_efficiency_ratio'),
                 'throughput_ratio_vs_bare_per_architecture_p50': jnas['throughput_ratio_per_architecture']['p50']},
        'speedup_wall': base['total_wall_s'] / jnas['total_wall_s'],
        'speedup_wall_cold': base['total_wall_s'] / (jnas['total_wall_s'] + jnas['jvm_start_to_setup_done_s']),
        'table': lines,
    }
    with open(os.path.join(out, 'comparison.json'), 'w') as f:
        json.dump(comparison, f, indent=1)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
