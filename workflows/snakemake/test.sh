#!/usr/bin/env bash
# End-to-end test of the alkres Snakemake workflow on the bundled example
# (test-data/example/P01.vcf.gz, GRCh38, sample P01):
#   1. installs Snakemake 8/9 from PyPI if `python3 -m snakemake` is missing or older;
#   2. puts the alkres binary on PATH: $ALKRES_BIN, else target/debug/alkres (under $CARGO_TARGET_DIR when set), else
#      target/release/alkres (build it first: cargo build);
#   3. runs the workflow in a fresh temporary working directory, checks every output exists,
#      that a second run has nothing to do, and compares the JSON reports with the baseline
#      test/expected/ (`alkres check`; volatile fields are ignored);
#   4. checks that `alkres check` does catch a changed report.
#
# Usage: workflows/snakemake/test.sh [--update-expected]
#   --update-expected   rewrite test/expected/ from this run (review the diff before committing)
# Env: ALKRES_BIN=/path/to/alkres, KEEP_WORKDIR=1 to keep the temporary directory.
# Exit status: 0 when everything passed, non-zero on the first failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXPECTED="$HERE/test/expected"
UPDATE=0
for arg in "$@"; do
    case "$arg" in
        --update-expected) UPDATE=1 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

say() { printf '[snakemake-test] %s\n' "$*"; }
fail() { printf '[snakemake-test] FAIL: %s\n' "$*" >&2; exit 1; }
START=$SECONDS

# 1. Snakemake (>= 8) for this python3.
snakemake_version() { python3 -c 'import snakemake; print(snakemake.__version__)' 2>/dev/null || true; }
version=$(snakemake_version)
if [[ ! "$version" =~ ^(8|9)\. ]]; then
    say "snakemake ${version:-not installed} for $(command -v python3); installing 'snakemake>=8,<10' from PyPI"
    python3 -m pip install --quiet 'snakemake>=8,<10' || fail "pip install snakemake failed"
    version=$(snakemake_version)
    [[ "$version" =~ ^(8|9)\. ]] || fail "snakemake still unavailable after pip install (got '${version}')"
fi
say "snakemake $version"

# 2. alkres on PATH (a private copy, so a concurrent `cargo build` cannot swap it mid-run).
if [[ -z "${ALKRES_BIN:-}" ]]; then
    target_dir=${CARGO_TARGET_DIR:-$REPO/target}
    for candidate in "$target_dir/debug/alkres" "$target_dir/release/alkres"; do
        if [[ -x "$candidate" ]]; then ALKRES_BIN=$candidate; break; fi
    done
fi
[[ -n "${ALKRES_BIN:-}" && -x "${ALKRES_BIN}" ]] \
    || fail "no alkres binary: run 'cargo build' (or set ALKRES_BIN=/path/to/alkres)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/alkres-snakemake-test.XXXXXX")
if [[ "${KEEP_WORKDIR:-0}" == 1 ]]; then
    say "keeping $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/bin"
cp "$ALKRES_BIN" "$WORK/bin/alkres"
export PATH="$WORK/bin:$PATH"
say "alkres: $ALKRES_BIN ($(alkres --version))"

# 3. Run the workflow on the example.
RESULTS="$WORK/run/results"
say "running: snakemake -s workflows/snakemake/Snakefile --cores 2 --directory $WORK/run"
python3 -m snakemake -s "$HERE/Snakefile" --cores 2 --directory "$WORK/run" --quiet rules \
    > "$WORK/snakemake.log" 2>&1 || { cat "$WORK/snakemake.log" >&2; cat "$RESULTS"/logs/*/*.log >&2 2>/dev/null || true; fail "snakemake failed"; }

for f in samples/P01/P01.alkres.grch38.json samples/P01/P01.alkres.grch38.tsv \
         samples/P01/P01.alkres.grch38.html samples/P01/P01.alkres.grch38.vcf.gz \
         samples/P01/P01.alkres_mqc.tsv multiqc/cohort.alkres_mqc.tsv cohort/findings.tsv \
         logs/alkres_run/P01.log; do
    [[ -s "$RESULTS/$f" ]] || fail "missing or empty output: results/$f"
done
say "outputs present: samples/P01/P01.alkres.grch38.{json,tsv,html,vcf.gz}, P01.alkres_mqc.tsv, multiqc/cohort.alkres_mqc.tsv, cohort/findings.tsv"
grep -q $'^P01\t' "$RESULTS/multiqc/cohort.alkres_mqc.tsv" || fail "cohort MultiQC table has no P01 row"
grep -q '^# id:' "$RESULTS/multiqc/cohort.alkres_mqc.tsv" || fail "cohort MultiQC table lost its header"
grep -q 'G1202R' "$RESULTS/cohort/findings.tsv" || fail "cohort findings lack ALK G1202R"

python3 -m snakemake -s "$HERE/Snakefile" --cores 2 --directory "$WORK/run" --dry-run --quiet rules \
    > "$WORK/dryrun.log" 2>&1 || { cat "$WORK/dryrun.log" >&2; fail "second (dry) run failed"; }
if ! grep -q 'Nothing to be done' "$WORK/dryrun.log"; then
    cat "$WORK/dryrun.log" >&2
    fail "a second run would redo work"
fi
say "second run: nothing to do"

if [[ "$UPDATE" == 1 ]]; then
    rm -rf "$EXPECTED"
    # Copy the JSON reports; the machine-specific paths in the volatile fields (command,
    # input: ignored by `alkres check`) are made repository-relative to keep the baseline clean.
    python3 - "$RESULTS" "$EXPECTED" "$REPO" <<'EOF'
import pathlib, sys
results, expected, repo = (pathlib.Path(a) for a in sys.argv[1:])
for src in sorted(results.rglob("*.json")):
    dst = expected / src.relative_to(results)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(src.read_text().replace(str(repo) + "/", ""))
EOF
    say "baseline rewritten: $(cd "$EXPECTED" && find . -name '*.json' | sort | tr '\n' ' ')"
fi

say "running: alkres check --expected workflows/snakemake/test/expected <results>"
alkres check --expected "$EXPECTED" "$RESULTS" || fail "outputs differ from the baseline (alkres check exit $?)"

# 4. The regression gate must fail on a real change (exit 7).
TAMPERED="$WORK/tampered"
cp -r "$RESULTS" "$TAMPERED"
python3 - "$TAMPERED/samples/P01/P01.alkres.grch38.json" <<'EOF'
import json, sys
path = sys.argv[1]
doc = json.load(open(path))
doc["findings"][0]["protein_short"] = "X0000Y"
json.dump(doc, open(path, "w"))
EOF
set +e
alkres check --expected "$EXPECTED" "$TAMPERED" > "$WORK/tampered.log" 2>&1
status=$?
set -e
[[ "$status" == 7 ]] || { cat "$WORK/tampered.log" >&2; fail "alkres check should exit 7 on a changed report, got $status"; }
say "alkres check catches a changed report (exit 7)"

say "PASS in $((SECONDS - START)) s"
