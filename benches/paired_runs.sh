#!/usr/bin/env bash
# Paired, interleaved runs (issue 15): N rounds of every command in turn after one warm-up
# round, so a change of machine load hits every command alike. Wall time from a monotonic
# clock and user+sys from the children's rusage, both to the microsecond (GNU time's 10 ms
# steps were 5% of a 0.2 s floor); prints medians, min-max, and the median over rounds of
# each command's wall divided by the same round's first command (the floor). FILE in a
# command is replaced by the input. Each command runs under `bash -c`, output discarded.
# Usage: benches/paired_runs.sh N FILE label1 cmd1 label2 cmd2 ...
#   e.g. benches/paired_runs.sh 10 wgs.vcf.gz floor "bgzip -dc -@2 FILE > /dev/null" \
#          t2 "alkres annotate -i FILE -o out -t 2"
set -euo pipefail
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$@" <<'PY'
import os, resource, statistics as st, subprocess, sys, time

n, path, rest = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
commands = list(zip(rest[0::2], rest[1::2]))
rows = {label: [] for label, _ in commands}


def timed(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(["bash", "-c", command.replace("FILE", path)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


for i in range(n + 1):
    for label, command in commands:
        result = timed(command)
        if i > 0:  # round 0 is the warm-up
            rows[label].append(result)

floor = rows[commands[0][0]]
floor_wall = st.median(w for w, _ in floor)
floor_cpu = st.median(c for _, c in floor)
print(f"{'command':14} {'wall med':>8} {'min':>6} {'max':>6} {'cpu med':>8} {'wall/floor':>10} "
      f"{'cpu/floor':>9} {'paired':>6}")
for label, runs in rows.items():
    walls = [w for w, _ in runs]
    cpu = st.median(c for _, c in runs)
    paired = st.median(a[0] / b[0] for a, b in zip(runs, floor))
    print(f"{label:14} {st.median(walls):8.3f} {min(walls):6.3f} {max(walls):6.3f} "
          f"{cpu:8.3f} {st.median(walls) / floor_wall:10.3f} {cpu / floor_cpu:9.3f} {paired:6.3f}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
