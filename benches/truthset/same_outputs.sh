#!/usr/bin/env bash
# Re-run `alkres run --bam` on every sample of a finished truth-set run with another binary and
# compare every output file with the run's own, byte for byte once the binary's path and the
# output folder's name are replaced (issue 10 item 1: the single pass must not change outputs).
# Usage: same_outputs.sh OTHER_ALKRES [WORK=bench-data/truthset/full]
set -euo pipefail
other=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(cd "${2:-$root/bench-data/truthset/full}" && pwd)
cd "$work"
same=0 differ=0
norm() { sed -e 's#[^ "<>]*alkres[^ "<>/]* run --sample#ALKRES run --sample#g' -e 's#out_other#out#g' "$1"; }
for d in */out; do
  s=${d%/out}
  "$other" run --sample "$s" --bam "$work/$s/$s.bam" -o "$work/$s/out_other" >/dev/null 2>&1 ||
    { echo "same_outputs.sh: $other failed on $s" >&2; exit 1; }
  for f in "$s"/out/*; do
    if cmp -s <(norm "$f") <(norm "$s/out_other/$(basename "$f")"); then
      same=$((same + 1))
    else
      differ=$((differ + 1))
      echo "differs: $f"
    fi
  done
  rm -rf "$work/$s/out_other"
done
echo "identical=$same different=$differ"
[ "$differ" = 0 ]
