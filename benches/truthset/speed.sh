#!/usr/bin/env bash
# Issue 10 item 7: `alkres run --bam` side by side with `samtools view -c` over the same regions
# (the exons of every gene alkres's copy number reads, resources/transcripts/exons.tsv GRCh38,
# plus the fusion windows `alkres fusions -b` reports in its JSON stats), with hyperfine.
# Usage: speed.sh ALKRES BAM WORKDIR OUT.md
set -euo pipefail
alkres=$1 bam=$2 dir=$3 md=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v hyperfine >/dev/null || { echo "speed.sh: hyperfine not found" >&2; exit 2; }
mkdir -p "$dir"
"$alkres" fusions -t 1 -b "$bam" -o "$dir/fusions" >/dev/null 2>&1
fusion_regions=$(python3 -c 'import glob,json; print(" ".join(json.load(open(glob.glob("'"$dir"'/fusions/*.fusions.json")[0]))["stats"]["inputs"][0]["regions"]))')
awk -F'\t' 'NR > 1 && $3 == "GRCh38" {print "chr" $4 "\t" $7 - 1 "\t" $8}' \
  "$root/resources/transcripts/exons.tsv" | sort -k1,1 -k2,2n >"$dir/exons.bed"
printf '%s\n' $fusion_regions | awk -F'[:-]' '{print $1 "\t" $2 - 1 "\t" $3}' >>"$dir/exons.bed"
sort -k1,1 -k2,2n "$dir/exons.bed" | awk 'BEGIN{OFS="\t"} $1==c && $2<=e {if ($3>e) e=$3; next}
  {if (c!="") print c, s, e; c=$1; s=$2; e=$3} END {print c, s, e}' >"$dir/regions.bed"
regions=$(awk '{print $1 ":" $2 + 1 "-" $3}' "$dir/regions.bed" | tr '\n' ' ')
n=$(wc -l <"$dir/regions.bed")
records=$(samtools idxstats "$bam" | awk '{s += $3} END {print s}')
# shellcheck disable=SC2086
counted=$(samtools view -c -F 0x904 "$bam" $regions)
# shellcheck disable=SC2086
hyperfine --warmup 1 --min-runs 5 --export-json "$dir/hyperfine.json" \
  -n "samtools view -c -F 0x904 (${n} regions)" "samtools view -c -F 0x904 $bam $regions" \
  -n "alkres run --bam" "$alkres run --sample speed --bam $bam -o $dir/run" \
  -n "alkres cnv -b" "$alkres cnv -b $bam -o $dir/cnv" \
  -n "alkres fusions -b -t 1" "$alkres fusions -t 1 -b $bam -o $dir/fusions" >&2
{
  echo "BAM: \`$(basename "$bam")\` ($records records, $(du -h "$bam" | cut -f1)); regions: $n merged"
  echo "(exons of the copy-number genes + fusion windows \`$fusion_regions\`); samtools counts"
  echo "$counted primary, non-QC-fail records in them."
  echo "Command: \`benches/truthset/speed.sh ALKRES BAM DIR OUT\` (hyperfine --warmup 1 --min-runs 5);"
  echo "user and system CPU are the better comparison on a shared, loaded machine."
  echo
  python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
print("| command | wall mean +- sd [s] | user [s] | system [s] |")
print("|---|---|---|---|")
for r in rows:
    print("| `%s` | %.3f +- %.3f | %.3f | %.3f |" % (r["command"], r["mean"], r["stddev"] or 0, r["user"], r["system"]))
' "$dir/hyperfine.json"
} >"$md"
cat "$md" >&2
