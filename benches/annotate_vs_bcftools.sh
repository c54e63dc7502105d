#!/usr/bin/env bash
# Side-by-side timing of `alkres annotate` and bcftools on one whole-genome-sized VCF.
# Usage: benches/annotate_vs_bcftools.sh [records]   (default 4,000,000)
# Needs: bcftools, tabix/bgzip, hyperfine (Debian packages), a release build of alkres.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-4000000}
dir=bench-data
mkdir -p "$dir"
vcf=$dir/wgs.$records.vcf.gz
if [ ! -s "$vcf" ]; then
  python3 benches/make_wgs_vcf.py --records "$records" | bgzip -@2 -c > "$vcf"
  tabix -f -p vcf "$vcf"
fi
# The same file without an index next to it, for the streaming runs.
stream=$dir/stream.vcf.gz
ln -sf "$(basename "$vcf")" "$stream"
cargo build --release --quiet
alkres=target/release/alkres
"$alkres" --version
bcftools --version | head -1
"$alkres" annotate -i "$vcf" -o "$dir/out" --build GRCh38 2>/dev/null >/dev/null || true
python3 - "$dir/panel.bed" <<'PY'
import sys, subprocess
# the panel regions as BED, from the shipped transcripts (GRCh38, chr-style)
rows = {}
for line in open("resources/transcripts/transcripts.tsv").read().splitlines()[1:]:
    f = line.split("\t")
    if f[4] == "GRCh38":
        rows.setdefault(f[5], []).append((max(1, int(f[7]) - 1000), int(f[8]) + 1000))
with open(sys.argv[1], "w") as out:
    for chrom in sorted(rows, key=lambda c: (len(c), c)):
        for s, e in sorted(rows[chrom]):
            out.write(f"chr{chrom}\t{s - 1}\t{e}\n")
PY
echo "records: $(bcftools index -n "$vcf")"
hyperfine --warmup 1 --runs 5 --export-markdown "$dir/results.md" \
  -n "bcftools view -Ov (stream)" "bcftools view -Ov -o /dev/null $vcf" \
  -n "alkres annotate (stream)" "$alkres annotate -i $stream -o $dir/out-stream -t 2" \
  -n "bcftools view -R panel.bed (indexed)" "bcftools view -R $dir/panel.bed -Ov -o /dev/null $vcf" \
  -n "alkres annotate (indexed)" "$alkres annotate -i $vcf -o $dir/out-indexed -t 2" \
  -n "bcftools view -Oz" "bcftools view -Oz -o $dir/bcftools.vcf.gz $vcf" \
  -n "bcftools view -Oz --threads 2" "bcftools view --threads 2 -Oz -o $dir/bcftools.vcf.gz $vcf" \
  -n "alkres annotate --keep-all -Oz" "$alkres annotate -i $stream -o $dir/out-keep --keep-all -Oz -t 2"
cat "$dir/results.md"
