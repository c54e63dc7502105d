#!/usr/bin/env bash
# The fusion scan of a BAM: `alkres fusions -b` side by side with
# `samtools view -c -F 0x904 in.bam <same regions>` (the regions alkres queried, read from its
# JSON stats: the ALK intron 18 - exon 20 window and each partner breakpoint window).
# Target (issue 4): alkres at most 1.5x the samtools wall time.
#
# Usage: benches/fusions_vs_samtools.sh [alk_depth] [background_pairs]   (default 3000x, 2M)
# Needs: python3, samtools, hyperfine (Debian packages); a release build.
#
# The BAM is synthetic (test-data/fusions/make_bench_bam.py): GRCh38 contigs, deep pairs over
# the ALK and EML4 windows with an EML4-ALK V1 junction (split reads with SA, discordant pairs,
# clipped reads, wild type), and a genome-wide background so the file is large.
set -euo pipefail
cd "$(dirname "$0")/.."
depth=${1:-3000}
background=${2:-2000000}
dir=bench-data/fusions
mkdir -p "$dir"
bam=$dir/v1.${depth}x.bg${background}.bam

if [ ! -s "$bam" ]; then
  python3 test-data/fusions/make_bench_bam.py --alk-depth "$depth" --background-pairs "$background" |
    samtools sort -@2 -m 1G -o "$bam" -
  samtools index "$bam"
fi

cargo build --release --quiet
alkres=target/release/alkres
"$alkres" --version
samtools --version | head -1
ls -l "$bam"
echo "records: $(samtools idxstats "$bam" | awk '{s += $3} END {print s}')"

out=$dir/out
rm -rf "$out"
"$alkres" fusions -t 1 -b "$bam" -o "$out"
json=$(ls "$out"/*.fusions.json)
regions=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["stats"]["inputs"][0]["regions"]))' "$json")
echo "regions: $regions"
cut -f2-15 "$out"/*.fusions.tsv
echo "alkres records read: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["inputs"][0]["records_read"])' "$json")"
# shellcheck disable=SC2086
echo "samtools view -c -F 0x904: $(samtools view -c -F 0x904 "$bam" $regions)"

# shellcheck disable=SC2086
hyperfine --warmup 3 --min-runs 20 --export-markdown "$dir/fusions.md" \
  -n "samtools view -c -F 0x904" "samtools view -c -F 0x904 $bam $regions" \
  -n "alkres fusions -t 1" "$alkres fusions -t 1 -b $bam -o $out" \
  -n "samtools view -@ 2 -c -F 0x904" "samtools view -@ 2 -c -F 0x904 $bam $regions" \
  -n "alkres fusions -t 2" "$alkres fusions -t 2 -b $bam -o $out"
cat "$dir/fusions.md"
