#!/usr/bin/env bash
# `alkres annotate` on a whole-genome VCF and on cohort VCFs (100, 500, 2,504 samples) against
# the decompression floor (`bgzip -dc -@2`, to /dev/null and through a pipe) and `bcftools view`.
# Wall/user/sys (hyperfine), peak RSS (/usr/bin/time), threads created and sched_yield calls
# (perf stat tracepoints task:task_newtask, syscalls:sys_enter_sched_yield), files written, and whether outputs at -t 1 and -t 2 are identical.
#
# Usage: benches/cohort_vs_floor.sh [--quick]
#   full:    writes benches/RESULTS-cohort.md (inputs cached in benches/data/, gitignored)
#   --quick: small inputs, writes benches/data/RESULTS-cohort.quick.md (a smoke check)
# Environment: DATA=DIR puts inputs and outputs there (e.g. /tmp; ~250 MB); ALKRES=BIN times
# that binary instead of building; BASELINE=BIN also times an older build (rows baseline-t1/t2)
# in the same run, for a before/after comparison under the same load.
# Needs: bgzip, bcftools, hyperfine, perf (linux-perf), GNU time (/usr/bin/time), python3, cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

if [ "${1:-}" = "--quick" ]; then
  wgs_n=200000 cohort_n=4000 big_n=800 mem_n=1000 runs=2
  results=benches/data/RESULTS-cohort.quick.md
else
  wgs_n=4000000 cohort_n=100000 big_n=20000 mem_n=25000 runs=${RUNS:-1}
  results=benches/RESULTS-cohort.md
fi
d=${DATA:-benches/data}
mkdir -p "$d/out" "$d/json"
if [ -n "${ALKRES:-}" ]; then
  alkres=$ALKRES
else
  alkres=${CARGO_TARGET_DIR:-target}/release/alkres
  cargo build --release --locked --quiet
fi
baseline=${BASELINE:-}

make_input() { # file command...
  local file=$1; shift
  if [ ! -s "$file" ]; then
    echo "generating $file: $* | bgzip -@2" >&2
    "$@" | bgzip -@2 -c > "$file.partial"
    mv "$file.partial" "$file"
  fi
  rm -f "$file.tbi" "$file.csi" # streaming runs: no index next to the input
}

# name|file|samples|records
inputs=(
  "wgs|$d/wgs.$wgs_n.vcf.gz|1|$wgs_n"
  "wgs-gatk|$d/wgs-gatk.$wgs_n.vcf.gz|1|$wgs_n"
  "cohort100|$d/cohort.100x$cohort_n.vcf.gz|100|$cohort_n"
  "cohort500|$d/cohort.500x$cohort_n.vcf.gz|500|$cohort_n"
  "cohort2504|$d/cohort.2504x$big_n.vcf.gz|2504|$big_n"
  "cohort500-small|$d/cohort.500x$mem_n.vcf.gz|500|$mem_n"
)
make_input "$d/wgs.$wgs_n.vcf.gz" python3 benches/make_wgs_vcf.py --records "$wgs_n"
make_input "$d/wgs-gatk.$wgs_n.vcf.gz" python3 benches/make_wgs_vcf.py --records "$wgs_n" --style gatk
for spec in "${inputs[@]:2}"; do
  IFS='|' read -r name file samples records <<<"$spec"
  make_input "$file" python3 benches/make_cohort_vcf.py --samples "$samples" --records "$records"
done

# Outputs of one alkres run, hashed with the command line (which names -t) taken out.
hash_outputs() { # dir command-line
  python3 - "$1" "$2" <<'PY'
import gzip, hashlib, os, sys
folder, command = sys.argv[1], sys.argv[2]
h = hashlib.sha256()
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    data = gzip.open(path).read() if name.endswith(".gz") else open(path, "rb").read()
    h.update(name.encode() + b"\0" + data.replace(command.encode(), b"CMD") + b"\0")
print(h.hexdigest())
PY
}

: > "$d/json/alkres.tsv"
: > "$d/json/load.txt"
for spec in "${inputs[@]}"; do
  IFS='|' read -r name file samples records <<<"$spec"
  out1=$d/out/$name-t1 out2=$d/out/$name-t2
  c_null="bgzip -dc -@2 $file > /dev/null"
  c_pipe="bgzip -dc -@2 $file | cat > /dev/null"
  c_bcf="bcftools view -Ov -o /dev/null $file"
  # LAYOUT=per-sample or LAYOUT=cohort forces a layout (default: cohort above 50 samples).
  c_t1="$alkres annotate -i $file -o $out1 -t 1${LAYOUT:+ --$LAYOUT}"
  c_t2="$alkres annotate -i $file -o $out2 -t 2${LAYOUT:+ --$LAYOUT}"
  base=()
  if [ -n "$baseline" ]; then
    c_b1="$baseline annotate -i $file -o $d/out/$name-b1 -t 1${LAYOUT:+ --$LAYOUT}"
    c_b2="$baseline annotate -i $file -o $d/out/$name-b2 -t 2${LAYOUT:+ --$LAYOUT}"
    base=(-n baseline-t1 "$c_b1" -n baseline-t2 "$c_b2")
  fi
  echo "== $name ($samples samples, $records records)" >&2
  echo "$name: $(uptime | sed 's/.*load average/load average/')" >> "$d/json/load.txt"
  hyperfine --style basic --warmup "$((runs > 1 ? 1 : 0))" --runs "$runs" --export-json "$d/json/$name.json" \
    -n floor-null "$c_null" -n floor-pipe "$c_pipe" -n bcftools "$c_bcf" \
    -n alkres-t1 "$c_t1" -n alkres-t2 "$c_t2" "${base[@]}" >&2
  for label in floor-null floor-pipe bcftools ${baseline:+baseline-t1 baseline-t2}; do
    case $label in
      floor-null) c=$c_null ;; floor-pipe) c=$c_pipe ;; bcftools) c=$c_bcf ;;
      baseline-t1) c=$c_b1 ;; baseline-t2) c=$c_b2 ;;
    esac
    /usr/bin/time -f "%M" -o "$d/json/$name.$label.rss" bash -c "$c" 2>/dev/null
  done
  for t in 1 2; do
    o=$d/out/$name-t$t
    rm -rf "$o"
    # peak RSS is alkres's (GNU time reports the largest child of the tree)
    /usr/bin/time -f "%M" -o "$d/json/$name.alkres-t$t.rss" perf stat -x, -o "$d/json/$name.t$t.perf" \
      -e task:task_newtask,syscalls:sys_enter_sched_yield \
      "$alkres" annotate -i "$file" -o "$o" -t "$t" ${LAYOUT:+--$LAYOUT} 2>/dev/null
    files=$(find "$o" -type f | wc -l)
    sha=$(hash_outputs "$o" "$alkres annotate -i $file -o $o -t $t${LAYOUT:+ --$LAYOUT}")
    threads=$(awk -F, '$3=="task:task_newtask"{print $1}' "$d/json/$name.t$t.perf")
    yields=$(awk -F, '$3=="syscalls:sys_enter_sched_yield"{print $1}' "$d/json/$name.t$t.perf")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$samples" "$records" "$t" "$files" \
      "$threads" "${yields:-0}" "$sha" >> "$d/json/alkres.tsv"
  done
done

python3 - "$d/json" "$results" "$alkres" "$runs" "${inputs[@]}" <<'PY'
import json, os, subprocess, sys, datetime
jdir, results, alkres, runs, specs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
def ver(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.splitlines()[0]
extra = {}
for line in open(os.path.join(jdir, "alkres.tsv")):
    name, samples, records, t, files, threads, yields, sha = line.rstrip("\n").split("\t")
    extra[(name, t)] = dict(files=int(files), threads=int(threads), yields=int(yields), sha=sha)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
commit = subprocess.run("git rev-parse --short HEAD", shell=True, capture_output=True, text=True).stdout.strip()
w = []
w.append("# `alkres annotate` on WGS and cohort VCFs vs the decompression floor (issue 15)\n")
w.append(f"Made by `benches/cohort_vs_floor.sh{'' if results.startswith('benches/RESULTS') else ' --quick'}` on "
         f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}); "
         f"alkres at {commit} (`{ver(alkres + ' --version')}`, release build); {ver('bcftools --version')}; "
         f"bgzip from {ver('bgzip --version')}; {ver('hyperfine --version')}; {ver('perf --version')}.\n")
w.append("Inputs (streaming, no index next to them; generated, deterministic, GRCh38 chr-style, REF "
         "consistent with the shipped reference): `wgs` = `benches/make_wgs_vcf.py --records N` "
         "(1 sample, GT:AD:DP, about 55 bytes a line: the worst case for the per-line scan); `wgs-gatk` = "
         "the same with `--style gatk` (GATK HaplotypeCaller's INFO annotations and GT:AD:DP:GQ:PL, about 190 "
         "bytes a line; real single-sample VCFs run 150-1,000); `cohortS` = `benches/make_cohort_vcf.py --samples S --records N` "
         "(GT:AD:DP per sample, Hardy-Weinberg genotypes, ALK G1202R/L1196M, EGFR L858R, KRAS G12C "
         "carried by every 25th/40th/30th/50th sample); each piped through `bgzip -@2`.\n")
w.append(f"Commands per input `F` (wall/user/sys: `hyperfine --runs {runs}` (warm-up run when runs > 1), mean; peak RSS: "
         "one extra run under `/usr/bin/time -f %M`, for alkres the `perf stat` run below):\n")
w.append("```sh\nbgzip -dc -@2 F > /dev/null            # floor-null\n"
         "bgzip -dc -@2 F | cat > /dev/null      # floor-pipe\n"
         "bcftools view -Ov -o /dev/null F       # bcftools\n"
         "alkres annotate -i F -o OUT -t 1       # alkres-t1 (above 50 samples: cohort layout, 3 files)\n"
         "alkres annotate -i F -o OUT -t 2       # alkres-t2\n"
         "$BASELINE annotate -i F -o OUT -t T    # baseline-tT (an older build, when BASELINE is set)\n"
         "perf stat -e task:task_newtask,syscalls:sys_enter_sched_yield alkres annotate -i F -o OUT -t T\n```\n")
rows, summary = [], []
layout = os.environ.get("LAYOUT") or "default: cohort above 50 samples"
for spec in specs:
    name, file, samples, records = spec.split("|")
    res = {r["command"]: r for r in json.load(open(os.path.join(jdir, f"{name}.json")))["results"]}
    size = os.path.getsize(file) / 1e6
    null, pipe = res["floor-null"]["mean"], res["floor-pipe"]["mean"]
    cpu_null = res["floor-null"]["user"] + res["floor-null"]["system"]
    for label in ["floor-null", "floor-pipe", "bcftools", "alkres-t1", "alkres-t2", "baseline-t1", "baseline-t2"]:
        if label not in res:
            continue
        r = res[label]
        rss = int(open(os.path.join(jdir, f"{name}.{label}.rss")).read().split()[-1]) / 1024
        cpu = r["user"] + r["system"]
        rows.append(f"| {name} | {label} | {r['mean']:.3f} ± {r['stddev'] or 0:.3f} | {r['user']:.2f} | "
                    f"{r['system']:.2f} | {cpu:.2f} | {rss:.0f} | {r['mean'] / null:.2f}× | {r['mean'] / pipe:.2f}× | "
                    f"{cpu / cpu_null:.2f}× |")
    t1, t2 = extra[(name, "1")], extra[(name, "2")]
    a1, a2 = res["alkres-t1"]["mean"], res["alkres-t2"]["mean"]
    cpu2 = res["alkres-t2"]["user"] + res["alkres-t2"]["system"]
    rss1 = int(open(os.path.join(jdir, f"{name}.alkres-t1.rss")).read().split()[-1]) / 1024
    rss2 = int(open(os.path.join(jdir, f"{name}.alkres-t2.rss")).read().split()[-1]) / 1024
    summary.append(f"| {name} | {samples} | {int(records):,} | {size:.0f} | {null:.3f} / {pipe:.3f} | {a1:.3f} | "
                   f"{a2:.3f} | **{a2 / null:.2f}× / {a2 / pipe:.2f}×** | {cpu2 / cpu_null:.2f}× | {a1 / a2:.2f}× | "
                   f"{t1['threads']} / {t2['threads']} | {t1['yields']} / {t2['yields']} | {t2['files']:,} | "
                   f"{rss1:.0f} / {rss2:.0f} | {'yes' if t1['sha'] == t2['sha'] else '**no**'} |")
w.append(f"## Summary (layout: {layout})\n")
w.append("Load during the run (`uptime` before each input): " + "; ".join(
    l.strip() for l in open(os.path.join(jdir, "load.txt"))) + "\n")
w.append("| input | samples | records | MB (bgzf) | floor null / pipe [s] | alkres -t 1 [s] | alkres -t 2 [s] | "
         "-t 2 wall vs floor null / pipe | -t 2 CPU (user+sys) vs floor-null CPU | speed-up t1→t2 | "
         "threads created t1 / t2 | sched_yield t1 / t2 | files written | peak RSS t1 / t2 [MB] | outputs t1 = t2 |")
w.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
w.extend(summary)
w.append("\nOutputs compared by sha256 over every output file (VCFs decompressed), with the command "
         "line (which names `-t`) replaced by a placeholder. Threads created = `task:task_newtask` "
         "events (one per thread the run creates, the pool's included).\n")
w.append("## Every command\n")
w.append("| input | command | wall [s] | user [s] | sys [s] | user+sys [s] | peak RSS [MB] | wall vs floor-null | "
         "wall vs floor-pipe | CPU vs floor-null |")
w.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
w.extend(rows)
w.append("")
open(results + ".table", "w").write("\n".join(w) + "\n")
PY
# Keep any hand-written sections (profile, targets) after the generated table.
if [ -f "$results" ] && grep -q '^<!-- end of generated table -->' "$results"; then
  sed -n '/^<!-- end of generated table -->/,$p' "$results" >> "$results.table"
else
  echo '<!-- end of generated table -->' >> "$results.table"
fi
mv "$results.table" "$results"
echo "wrote $results" >&2
