#!/usr/bin/env bash
# Truth-set benchmark: reads simulated by ART (HiSeq 2500 profile) over a GRCh38 panel, aligned
# by bwa mem to the small reference in benches/truthset/ref/, shifted into GRCh38 coordinates,
# scored against the truth the generator wrote. See benches/truthset/README.md.
#
# Usage: benches/truthset/run.sh [--quick|--fusions] [--speed] [--reuse|--rescore] [-j N]
#   --quick   reduced grid for CI (a few minutes); the full grid otherwise
#   --fusions the full grid's fusion and negative samples only
#   --speed   also time `alkres run --bam` against `samtools view -c` (hyperfine)
#   --reuse   keep the background pools of an earlier run of the same mode (re-scoring)
#   --rescore keep every BAM of an earlier run of the same mode: run alkres again and score
# TRUTHSET_WORK=DIR puts the work files there instead of bench-data/truthset/<mode>.
# Exit status: non-zero only when a step fails, never for unmet targets; the last line of
# stdout is a machine-readable summary (TRUTHSET key=value ...).
# Needs: art_illumina, bwa, samtools, python3 (3.11, stdlib), cargo; hyperfine for --speed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mode=full speed=0 jobs=2 reuse=0 rescore=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) mode=quick ;;
    --fusions) mode=fusions ;;
    --rescore) rescore=1 ;;
    --speed) speed=1 ;;
    --reuse) reuse=1 ;;
    -j) jobs=$2; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work=${TRUTHSET_WORK:-$root/bench-data/truthset/$mode}
log=$work/log
if [ $rescore = 1 ]; then
  [ -s "$work/samples.tsv" ] || { echo "run.sh: --rescore: no earlier run in $work" >&2; exit 2; }
  find "$work" -mindepth 2 -maxdepth 2 -name out -type d -exec rm -rf {} +
elif [ $reuse = 1 ]; then
  find "$work" -mindepth 1 -maxdepth 1 ! -name pools -exec rm -rf {} + 2>/dev/null || true
else
  rm -rf "$work"
fi
mkdir -p "$work/pools" "$log"
start=$(date +%s)
ts() { echo "[$(( $(date +%s) - start ))s] $*" >&2; }

# ---- tools -------------------------------------------------------------------------------
# ALKRES=path/to/alkres runs a binary already built (CI reuses the test build's debug binary).
if [ -n "${ALKRES:-}" ]; then
  alkres=$ALKRES
else
  (cd "$root" && cargo build --release --locked --quiet)
  alkres=${CARGO_TARGET_DIR:-$root/target}/release/alkres
fi
for t in art_illumina bwa samtools python3; do
  command -v "$t" >/dev/null || { echo "run.sh: $t not found" >&2; exit 2; }
done
py="python3 $here"

# ---- reference, plan ---------------------------------------------------------------------
# The committed reference is regenerated only by make_ref.py (it reads resources/ only).
if [ $rescore = 0 ]; then
  bwa index -p "$work/ref" "$here/ref/truthset_ref.fa" 2>"$log/bwa_index.log"
  $py/truthset.py plan "$work" $([ $mode != full ] && echo --$mode)
  $py/truthset.py capture "$work"
fi
ts "plan: $(($(wc -l <"$work/samples.tsv") - 1)) samples"

# align FASTQ pairs -> shifted, sorted, indexed BAM (GRCh38 header)
align() { # prefix out.bam rg
  bwa mem -t "${threads:-$jobs}" -v 1 "$work/ref" "$1"1.fq "$1"2.fq 2>>"$log/bwa.log" |
    python3 "$here/shift_sam.py" "$here/ref" --rg "$3" 2>>"$log/shift.log" |
    samtools sort -l 1 -@ "${threads:-$jobs}" -m 512M -o "$2" - 2>>"$log/sort.log"
  samtools index "$2"
  rm -f "$1"1.fq "$1"2.fq
}
art() { # in.fa fold seed prefix [extra ART options]
  local fa=$1 fold=$2 seed=$3 prefix=$4
  shift 4
  art_illumina -ss HS25 -i "$fa" -p -l 150 -f "$fold" -m 250 -s 60 -rs "$seed" -na -q \
    "$@" -o "$prefix" >>"$log/art.log" 2>&1
}

# ---- background pools (each one a negative sample), $jobs at a time -------------------------
pool_job() { # sample kind seed
  local sample=$1 kind=$2 seed=$3 extra=()
  [ "$kind" = pool:art_err ] && extra=(-qs -4 -qs2 -4) # ~0.5 % per-base error (measured)
  if [ $reuse = 0 ] || [ ! -s "$work/pools/${sample}_2.fq" ]; then
    art "$work/capture.fa" 500 "$seed" "$work/pools/${sample}_" "${extra[@]}"
  fi
  threads=1 align "$work/pools/${sample}_" "$work/pools/$sample.bam" "$sample"
  ts "pool $sample"
}
running=0
while IFS=$'\t' read -r sample pool kind spec; do
  case $kind in pool:*) ;; *) continue ;; esac
  [ $rescore = 1 ] && continue
  mkdir -p "$work/$sample"
  ln -sf "../pools/$sample.bam" "$work/$sample/$sample.bam"
  ln -sf "../pools/$sample.bam.bai" "$work/$sample/$sample.bam.bai"
  if [ $reuse = 1 ] && [ -s "$work/pools/$sample.bam.bai" ]; then continue; fi
  pool_job "$sample" "$kind" "${spec#seed=}" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then wait -n || { echo "run.sh: a pool failed" >&2; exit 1; }; running=$((running - 1)); fi
done < <(tail -n +2 "$work/samples.tsv")
while [ $running -gt 0 ]; do
  wait -n || { echo "run.sh: a pool failed" >&2; exit 1; }
  running=$((running - 1))
done

# ---- event samples: pool with thinned wild-type windows + tumour reads --------------------
event() { # sample n
  local sample=$1 n=$2 d=$work/$1
  [ $rescore = 1 ] || make_event "$sample" "$n"
  "$alkres" run --sample "$sample" --bam "$d/$sample.bam" -o "$d/out" >"$d/alkres.log" 2>&1 ||
    { echo "run.sh: alkres run failed on $sample (see $d/alkres.log)" >&2; return 1; }
}
make_event() { # sample n: the sample's BAM
  local sample=$1 n=$2 d=$work/$1 src parts=()
  $py/truthset.py tumour "$work" "$sample"
  # shellcheck disable=SC1091
  . "$d/tumour.env"
  src=$work/pools/$POOL.bam
  if [ -n "$DROP" ]; then # genes the panel does not capture
    samtools view -u -e "!(qname=~\"^($DROP)-\")" -o "$d/panel.bam" "$src"
    src=$d/panel.bam
  fi
  if [ -n "$SUBSAMPLE" ]; then # a shallower library from the same pool
    samtools view -u --subsample "$SUBSAMPLE" --subsample-seed "$n" -o "$d/sub.bam" "$src"
    src=$d/sub.bam
  fi
  if [ -n "$ORIGINS" ] && [ "$KEEP" != 1 ]; then
    samtools view -u -e "qname=~\"^($ORIGINS)-\"" -U "$d/rest.bam" -o "$d/sel.bam" "$src"
    samtools view -u --subsample "$KEEP" --subsample-seed "$n" -o "$d/thin.bam" "$d/sel.bam"
    parts+=("$d/rest.bam" "$d/thin.bam")
  else
    parts+=("$src")
  fi
  if [ -s "$d/tumour.fa" ]; then
    art "$d/tumour.fa" "$FOLD" $((1000 + n)) "$d/tum_"
    threads=1 align "$d/tum_" "$d/tumour.bam" "$POOL"
    parts+=("$d/tumour.bam")
  fi
  if [ -n "$DECOYS" ]; then # off-target capture of paralogous and repeat copies
    art "$work/decoys.fa" 500 $((2000 + n)) "$d/dec_"
    threads=1 align "$d/dec_" "$d/decoys.bam" "$POOL"
    parts+=("$d/decoys.bam")
  fi
  samtools merge -l 1 -c -p -f -o "$d/$sample.bam" "${parts[@]}"
  samtools index "$d/$sample.bam"
  rm -f "$d/rest.bam" "$d/sel.bam" "$d/thin.bam" "$d/panel.bam" "$d/sub.bam"
}
n=0
running=0
while IFS=$'\t' read -r sample _ kind _; do
  n=$((n + 1))
  case $kind in
    pool:*) # the pool itself is the sample
      "$alkres" run --sample "$sample" --bam "$work/$sample/$sample.bam" -o "$work/$sample/out" \
        >"$work/$sample/alkres.log" 2>&1 ||
        { echo "run.sh: alkres run failed on $sample" >&2; exit 1; }
      continue ;;
  esac
  mkdir -p "$work/$sample"
  event "$sample" "$n" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then wait -n || { echo "run.sh: a sample failed" >&2; exit 1; }; running=$((running - 1)); fi
done < <(tail -n +2 "$work/samples.tsv")
while [ $running -gt 0 ]; do
  wait -n || { echo "run.sh: a sample failed" >&2; exit 1; }
  running=$((running - 1))
done
ts "event samples and alkres: $n samples"
elapsed=$(( $(date +%s) - start ))

# ---- speed (issue 10 item 7) ---------------------------------------------------------------
speed_md=""
if [ $speed = 1 ]; then
  speed_md=$work/speed.md
  bash "$here/speed.sh" "$alkres" "$work/hot_A_2pct_r1/hot_A_2pct_r1.bam" "$work/speed" "$speed_md"
fi

# ---- score ---------------------------------------------------------------------------------
cmd=benches/truthset/run.sh
if [ $mode != full ]; then cmd="$cmd --$mode"; fi
if [ $rescore = 1 ]; then cmd="$cmd --rescore"; fi
if [ $speed = 1 ]; then cmd="$cmd --speed"; fi
python3 "$here/score.py" "$work" --mode "$mode" --elapsed "$elapsed" --command "$cmd" \
  --alkres "$alkres" ${speed_md:+--speed "$speed_md"} \
  --out "$([ $mode = full ] && echo "$here/RESULTS.md" || echo "$work/RESULTS.md")"
