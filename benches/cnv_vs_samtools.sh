#!/usr/bin/env bash
# Depth over the copy-number regions: `alkres cnv` side by side with `samtools bedcov` (and
# mosdepth when installed) on one deep targeted-panel BAM, then a check that the per-region
# depths agree.
#
# Usage: benches/cnv_vs_samtools.sh [depth] [met_depth]   (default 1000x, MET 10000x)
# Needs: samtools, hyperfine (Debian packages), optionally mosdepth; a release build.
#
# The BAM is synthetic: 150 bp single-end reads tiling every exon alkres counts (the GRCh38
# exons of the genes in resources/copy_number/genes.tsv, from resources/transcripts/exons.tsv)
# at `depth`x, MET at `met_depth`x (above the 8,000 default cap of pileup-based tools); every
# 10th read is a duplicate (0x400) and every 20th has MAPQ 10, so the filters have work.
set -euo pipefail
cd "$(dirname "$0")/.."
depth=${1:-1000}
met_depth=${2:-10000}
dir=bench-data/cnv
mkdir -p "$dir"
bed=$dir/regions.bed
bam=$dir/panel.${depth}x.bam

# The regions alkres counts, as BED (0-based starts), in the BAM's contig order.
awk -F'\t' 'NR == FNR { if ($1 != "gene" && $1 !~ /^#/) keep[$1] = 1; next }
            FNR > 1 && $3 == "GRCh38" && ($1 in keep) { print "chr" $4 "\t" $7 - 1 "\t" $8 "\t" $1 }' \
  resources/copy_number/genes.tsv resources/transcripts/exons.tsv |
  sort -k1,1V -k2,2n -k3,3n > "$bed"

if [ ! -s "$bam" ]; then
  {
    printf '@HD\tVN:1.6\tSO:unsorted\n'
    for c in 1:248956422 2:242193529 3:198295559 4:190214555 5:181538259 6:170805979 \
             7:159345973 8:145138636 9:138394717 10:133797422 11:135086622 12:133275309 \
             13:114364328 14:107043718 15:101991189 16:90338345 17:83257441 18:80373285 \
             19:58617616 20:64444167 21:46709983 22:50818468 X:156040895 Y:57227415; do
      printf '@SQ\tSN:chr%s\tLN:%s\n' "${c%%:*}" "${c##*:}"
    done
    printf '@RG\tID:rg1\tSM:BENCH\n'
    awk -F'\t' -v depth="$depth" -v met="$met_depth" '
      BEGIN { len = 150; seq = ""; qual = "";
              for (i = 0; i < len; i++) { seq = seq substr("ACGT", i % 4 + 1, 1); qual = qual "I" } }
      { d = ($4 == "MET") ? met : depth; step = len / d; n = 0
        for (x = $2 - len + 1; x < $3; x += step) {
          pos = int(x + 0.5) + 1; if (pos < 1) pos = 1; r++
          flag = (r % 10 == 0) ? 1024 : 0; mapq = (r % 20 == 5) ? 10 : 60
          printf "r%d\t%d\t%s\t%d\t%d\t%dM\t*\t0\t0\t%s\t%s\tRG:Z:rg1\n", r, flag, $1, pos, mapq, len, seq, qual
        } }' "$bed"
  } | samtools sort -@2 -m 1G -o "$bam" -
  samtools index "$bam"
fi

cargo build --release --quiet
alkres=target/release/alkres
"$alkres" --version
samtools --version | head -1
have_mosdepth=0
if command -v mosdepth > /dev/null; then
  # Debian's mosdepth dlopen()s "libhts.so", which only libhts-dev provides: point it at the
  # runtime library instead when that link is missing.
  if ! mosdepth --version > /dev/null 2>&1; then
    mkdir -p "$dir/lib"
    ln -sf "$(ls /usr/lib/*/libhts.so.3 | head -1)" "$dir/lib/libhts.so"
    export LD_LIBRARY_PATH="$PWD/$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  mosdepth --version && have_mosdepth=1
fi
echo "reads: $(samtools idxstats "$bam" | awk '{s += $3} END {print s}'), regions: $(wc -l < "$bed")"

runs=(
  -n "alkres cnv -t 1" "$alkres cnv -t 1 -b $bam --no-hotspots -o $dir/out1"
  -n "alkres cnv -t 2" "$alkres cnv -t 2 -b $bam --no-hotspots -o $dir/out2"
  -n "samtools bedcov -j" "samtools bedcov -j -Q 20 -G 0xF04 $bed $bam > $dir/bedcov.tsv"
)
if [ "$have_mosdepth" = 1 ]; then
  runs+=(-n "mosdepth -x -t 2" "mosdepth -x -n -t 2 -Q 20 -F 3844 -b $bed $dir/mosdepth $bam")
fi
hyperfine --warmup 1 --runs 5 --export-markdown "$dir/results.md" "${runs[@]}"

# Agreement: per-region aligned bases from alkres vs samtools bedcov (exact), and mean depth
# vs mosdepth (2 decimals).
"$alkres" cnv -b "$bam" --no-hotspots -o "$dir/out1" 2> /dev/null
samtools bedcov -j -Q 20 -G 0xF04 "$bed" "$bam" > "$dir/bedcov.tsv"
regions=$dir/out1/BENCH.alkres.grch38.cnv_regions.tsv
awk -F'\t' 'NR == FNR { if (FNR > 1) a["chr" $1 "\t" $2 - 1 "\t" $3] = $7; next }
            { k = $1 "\t" $2 "\t" $3; n++; if (!(k in a)) { miss++ } else if (a[k] != $5) { bad++; if (bad <= 5) print "differs:", k, a[k], $5 } }
            END { printf "alkres vs samtools bedcov: %d regions, %d differ, %d missing\n", n, bad, miss; exit (bad + miss > 0) }' \
  "$regions" "$dir/bedcov.tsv"
if [ "$have_mosdepth" = 1 ]; then
  mosdepth -x -n -t 2 -Q 20 -F 3844 -b "$bed" "$dir/mosdepth" "$bam"
  zcat "$dir/mosdepth.regions.bed.gz" |
    awk -F'\t' 'NR == FNR { if (FNR > 1) a["chr" $1 "\t" $2 - 1 "\t" $3] = $9; next }
                { k = $1 "\t" $2 "\t" $3; n++; d = a[k] - $5; if (d < 0) d = -d; if (d > 0.006) { bad++; if (bad <= 5) print "differs:", k, a[k], $5 } }
                END { printf "alkres vs mosdepth: %d regions, %d differ by more than 0.005x\n", n, bad; exit (bad > 0) }' \
      "$regions" -
fi
