#!/usr/bin/env bash
# Paired, interleaved runs (issue 15): N rounds of every command in turn after one warm-up
# round, so a change of machine load hits every command alike. GNU time wall/user/sys per run;
# prints medians, min-max, and the median over rounds of each command's wall divided by the
# same round's first command (the floor). FILE in a command is replaced by the input.
# Usage: benches/paired_runs.sh N FILE label1 cmd1 label2 cmd2 ...
#   e.g. benches/paired_runs.sh 10 wgs.vcf.gz floor "bgzip -dc -@2 FILE > /dev/null" \
#          t2 "alkres annotate -i FILE -o out -t 2"
set -euo pipefail
n=$1 f=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
labels=() cmds=()
while [ $# -gt 0 ]; do labels+=("$1"); cmds+=("$2"); shift 2; done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 0 "$n"); do
  for k in "${!cmds[@]}"; do
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" bash -c "${cmds[$k]//FILE/$f}" >/dev/null 2>&1
    if [ "$i" -gt 0 ]; then # round 0 is the warm-up
      echo "${labels[$k]} $(cat "$tmp/time")" >> "$tmp/runs"
    fi
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$tmp/runs" "${labels[0]}" <<'PY'
import statistics as st, sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, user, system = line.split()
    rows.setdefault(label, []).append((float(wall), float(user) + float(system)))
floor = rows[sys.argv[2]]
floor_wall = max(st.median(w for w, _ in floor), 0.01)
floor_cpu = max(st.median(c for _, c in floor), 0.01)
print(f"{'command':14} {'wall med':>8} {'min':>6} {'max':>6} {'cpu med':>8} {'wall/floor':>10} "
      f"{'cpu/floor':>9} {'paired':>6}")
for label, runs in rows.items():
    walls = [w for w, _ in runs]
    paired = st.median(a[0] / max(b[0], 0.01) for a, b in zip(runs, floor))  # time: 10 ms steps
    print(f"{label:14} {st.median(walls):8.3f} {min(walls):6.3f} {max(walls):6.3f} "
          f"{st.median(c for _, c in runs):8.3f} {st.median(walls) / floor_wall:10.2f} "
          f"{st.median(c for _, c in runs) / floor_cpu:9.2f} {paired:6.2f}")
PY
