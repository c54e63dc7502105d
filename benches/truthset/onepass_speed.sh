#!/usr/bin/env bash
# Issue 10 items 1 and 7: `alkres run --bam` before and after the single pass over the reads
# (two binaries), side by side with `samtools view -c` over the same regions (speed.sh's: the
# exons of every copy-number gene plus the fusion windows). CPU time (user + system, hyperfine)
# and instruction counts (valgrind --tool=callgrind, one thread), which a loaded machine
# does not disturb.
# Usage: onepass_speed.sh BEFORE_ALKRES AFTER_ALKRES BAM WORKDIR OUT.md
set -euo pipefail
before=$1 after=$2 bam=$3 dir=$4 md=$5
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
# The regions of speed.sh: copy-number exons (GRCh38) + the fusion windows of this BAM.
"$after" fusions -t 1 -b "$bam" -o "$dir/fusions" >/dev/null 2>&1
python3 -c 'import glob,json,sys; print("\n".join(json.load(open(glob.glob(sys.argv[1] + "/*.fusions.json")[0]))["stats"]["inputs"][0]["regions"]))' "$dir/fusions" |
  awk -F'[:-]' '{print $1 "\t" $2 - 1 "\t" $3}' >"$dir/exons.bed"
awk -F'\t' 'NR > 1 && $3 == "GRCh38" {print "chr" $4 "\t" $7 - 1 "\t" $8}' \
  "$root/resources/transcripts/exons.tsv" >>"$dir/exons.bed"
sort -k1,1 -k2,2n "$dir/exons.bed" | awk 'BEGIN{OFS="\t"} $1==c && $2<=e {if ($3>e) e=$3; next}
  {if (c!="") print c, s, e; c=$1; s=$2; e=$3} END {print c, s, e}' >"$dir/regions.bed"
regions=$(awk '{print $1 ":" $2 + 1 "-" $3}' "$dir/regions.bed" | tr '\n' ' ')
n=$(wc -l <"$dir/regions.bed")
# The two binaries must agree: every output, once the command line's binary and output
# folder (in the JSON and HTML) are replaced.
"$before" run -t 1 --sample s --bam "$bam" -o "$dir/before" >/dev/null 2>&1
"$after" run -t 1 --sample s --bam "$bam" -o "$dir/after" >/dev/null 2>&1
norm() { sed -e "s#$before run#ALKRES run#g; s#$after run#ALKRES run#g" \
  -e "s#$dir/before#OUT#g; s#$dir/after#OUT#g" "$1"; }
same=yes
for f in "$dir"/before/*; do
  cmp -s <(norm "$f") <(norm "$dir/after/$(basename "$f")") || same="no ($(basename "$f") differs)"
done
# shellcheck disable=SC2086
hyperfine -N --warmup 1 --min-runs 5 --export-json "$dir/hyperfine.json" \
  -n "samtools view -c -F 0x904 ($n regions)" "samtools view -c -F 0x904 $bam $regions" \
  -n "before: alkres run -t 1 --bam" "$before run -t 1 --sample s --bam $bam -o $dir/before" \
  -n "after: alkres run -t 1 --bam" "$after run -t 1 --sample s --bam $bam -o $dir/after" >&2
ir() { # command... -> instructions executed (callgrind Ir, all threads)
  valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$@" >/dev/null 2>"$dir/cg.log"
  grep -Eo 'Collected : [0-9]+' "$dir/cg.log" | grep -Eo '[0-9]+'
}
# shellcheck disable=SC2086
ir_sam=$(ir samtools view -c -F 0x904 "$bam" $regions)
ir_before=$(ir "$before" run -t 1 --sample s --bam "$bam" -o "$dir/before")
ir_after=$(ir "$after" run -t 1 --sample s --bam "$bam" -o "$dir/after")
{
  echo "BAM: \`$(basename "$bam")\` ($(du -h "$bam" | cut -f1)); $n merged regions (as speed.sh)."
  echo "Command: \`benches/truthset/onepass_speed.sh BEFORE AFTER BAM DIR OUT\`; outputs of the"
  echo "two binaries identical: $same."
  echo
  python3 - "$dir/hyperfine.json" "$ir_sam" "$ir_before" "$ir_after" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
irs = [int(x) for x in sys.argv[2:5]]
print("| command | user + system CPU [s] (mean of runs) | wall mean +- sd [s] | instructions (callgrind) | vs samtools |")
print("|---|---|---|---|---|")
for r, ir in zip(rows, irs):
    print("| `%s` | %.3f | %.3f +- %.3f | %.3g | %.2fx |" % (
        r["command"], r["user"] + r["system"], r["mean"], r["stddev"] or 0, ir, ir / irs[0]))
PY
} >"$md"
cat "$md" >&2
