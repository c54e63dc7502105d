#!/usr/bin/env python3
"""How many CIViC SNVs of the panel genes alkres names as CIViC names them, per gene and build.

Input: test-data/civic/panel_snvs.tsv, an excerpt of the CIViC 01-Oct-2018 VariantSummaries
(CC0; made by `--make-excerpt` from ../shared/data/civic). Every GRCh37 single-nucleotide
variant of a panel gene whose CIViC name ends in a one-letter protein change (G1202R,
"CD74-ROS1 G2032R") is kept; rsID-named and non-SNV records are not.

GRCh38: each GRCh37 position is lifted by alkres' own exon models (resources/transcripts/
exons.tsv): the position's offset inside its GRCh37 exon is kept in the same exon of the
GRCh38 model (exon lengths are equal on both builds for every shipped CDS; the script fails
otherwise). REF is unchanged (same strand, same transcript sequence); alkres itself checks
REF against the shipped sequence on each build and reports any disagreement.

alkres runs `annotate` without any VEP CSQ / SnpEff ANN, so every name is its own.
Usage:
    python3 scripts/measure_civic_naming.py [--alkres PATH] [--min-agreement 0.99]
        [--reference GRCh37=ref37.fa.gz --reference GRCh38=ref38.fa.gz]   (alkres --reference)
    python3 scripts/measure_civic_naming.py --make-excerpt ../shared/data/civic/CIViC_01-Oct-2018_VariantSummaries_subset.tsv
Exit status 1 if any build's agreement is below --min-agreement.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
EXCERPT = os.path.join(REPO, "test-data", "civic", "panel_snvs.tsv")
PANEL = {"ALK", "EML4", "KIF5B", "KLC1", "TFG", "HIP1", "PTPN3", "MET", "KRAS", "NRAS", "KIT", "EGFR",
         "IGF1R", "BRAF", "PIK3CA", "MAP2K1", "TP53", "RB1", "PTEN", "MYC", "ROS1", "RET", "CDKN2A"}
FIELDS = ["variant_id", "gene", "variant", "protein", "chrom", "pos_grch37", "ref", "alt",
          "representative_transcript", "hgvs_expressions"]


def make_excerpt(civic_path):
    rows = []
    with open(civic_path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["gene"] not in PANEL or r["reference_build"] != "GRCh37":
                continue
            ref, alt = r["reference_bases"], r["variant_bases"]
            if len(ref) != 1 or len(alt) != 1 or r["start"] != r["stop"] or ref not in "ACGT" or alt not in "ACGT":
                continue
            protein = r["variant"].split()[-1]
            if not re.match(r"^[A-Z][0-9]+[A-Z*]$", protein):
                continue
            rows.append([r["variant_id"], r["gene"], r["variant"], protein, r["chromosome"], r["start"], ref, alt,
                         r["representative_transcript"], r["hgvs_expressions"]])
    rows.sort(key=lambda x: (x[1], int(x[5]), x[7], int(x[0])))
    os.makedirs(os.path.dirname(EXCERPT), exist_ok=True)
    with open(EXCERPT, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(FIELDS) + "\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print("wrote %s: %d records" % (EXCERPT, len(rows)))


def read_tsv(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def exon_models():
    """(gene, build) -> exons in transcript order [(start, end)] from the shipped resources."""
    tx = {(r["gene"], r["build"]): r["transcript_id"] for r in read_tsv(os.path.join(REPO, "resources", "transcripts",
                                                                                      "transcripts.tsv"))}
    ex = {}
    for r in read_tsv(os.path.join(REPO, "resources", "transcripts", "exons.tsv")):
        if tx.get((r["gene"], r["build"])) == r["transcript_id"]:
            ex.setdefault((r["gene"], r["build"]), []).append((int(r["exon"]), int(r["start"]), int(r["end"])))
    return {k: [(s, e) for _, s, e in sorted(v)] for k, v in ex.items()}


def lift_to_grch38(models, gene, pos):
    e37, e38 = models[(gene, "GRCh37")], models[(gene, "GRCh38")]
    if [e - s for s, e in e37] != [e - s for s, e in e38]:
        raise SystemExit("%s: exon lengths differ between builds; cannot lift by exon" % gene)
    for (s37, e37_), (s38, _) in zip(e37, e38):
        if s37 <= pos <= e37_:
            return s38 + (pos - s37)
    raise SystemExit("%s:%d is not exonic in the GRCh37 model; not lifted" % (gene, pos))


def write_vcf(path, build, records):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("##fileformat=VCFv4.2\n##source=alkres scripts/measure_civic_naming.py (CIViC 01-Oct-2018, CC0)\n")
        fh.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
        fh.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tCIVIC\n")
        for chrom, pos, vid, ref, alt in sorted(records, key=lambda r: (int(r[0]) if r[0].isdigit() else 99, r[1])):
            fh.write("%s\t%d\tCIViC%s\t%s\t%s\t.\tPASS\t.\tGT\t0/1\n" % (chrom, pos, vid, ref, alt))


def run(alkres, build, records, reference=None):
    with tempfile.TemporaryDirectory() as tmp:
        vcf = os.path.join(tmp, "civic.vcf")
        write_vcf(vcf, build, records)
        out = os.path.join(tmp, "out")
        cmd = [alkres, "annotate", "-i", vcf, "--build", build, "--sample", "CIVIC", "--keep-all", "-o", out]
        if reference:
            cmd += ["--reference", reference]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit("alkres failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr))
        reports = [f for f in os.listdir(out) if f.endswith(".json") and ".alkres." in f]
        if len(reports) != 1:
            raise SystemExit("expected one JSON report in %s, found %s" % (out, reports))
        with open(os.path.join(out, reports[0]), encoding="utf-8") as fh:
            report = json.load(fh)
    named = {}
    for f in report.get("findings", []) + report.get("other_variants", []):
        for part in [f] + [c for c in f.get("component_findings", []) if isinstance(c, dict)]:
            key = (str(part.get("chrom", "")).removeprefix("chr"), part.get("pos"), part.get("ref"), part.get("alt"))
            named.setdefault(key, []).append((part.get("protein_short") or "", part.get("source") or "",
                                              part.get("gene") or ""))
    return named, " ".join(os.path.basename(c) if i == 0 else c for i, c in enumerate(cmd))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--alkres", default=None, help="alkres binary (default: $CARGO_TARGET_DIR or target/, release then debug)")
    ap.add_argument("--min-agreement", type=float, default=0.99)
    ap.add_argument("--make-excerpt", metavar="CIVIC_TSV")
    ap.add_argument("--details", action="store_true", help="list every record not named as CIViC names it")
    ap.add_argument("--reference", action="append", default=[], metavar="BUILD=FASTA",
                    help="name with the user's genome (alkres --reference); e.g. from scripts/shipped_reference_fasta.py")
    args = ap.parse_args()
    if args.make_excerpt:
        make_excerpt(args.make_excerpt)
        return 0
    alkres = args.alkres
    if not alkres:
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
        for prof in ("release", "debug"):
            cand = os.path.join(target, prof, "alkres")
            if os.path.isfile(cand):
                alkres = cand
                break
        alkres = alkres or shutil.which("alkres")
    if not alkres:
        raise SystemExit("no alkres binary: build it (cargo build --release) or pass --alkres")
    references = dict(r.split("=", 1) for r in args.reference)
    rows = read_tsv(EXCERPT)
    models = exon_models()
    worst = 1.0
    for build in ("GRCh37", "GRCh38"):
        recs = []
        for r in rows:
            pos = int(r["pos_grch37"])
            if build == "GRCh38":
                pos = lift_to_grch38(models, r["gene"], pos)
            recs.append((r["chrom"], pos, r["variant_id"], r["ref"], r["alt"], r))
        named, cmd = run(alkres, build, [x[:5] for x in recs], references.get(build))
        per_gene = {}
        misses = []
        for chrom, pos, vid, ref, alt, r in recs:
            got = named.get((chrom, pos, ref, alt), [])
            ok = any(p == r["protein"] and s == "alkres" and g == r["gene"] for p, s, g in got)
            g = per_gene.setdefault(r["gene"], [0, 0])
            g[0] += ok
            g[1] += 1
            if not ok:
                misses.append("%s %s (CIViC %s) %s:%d %s>%s -> %s" % (r["gene"], r["protein"], r["variant_id"], chrom,
                                                                      pos, ref, alt, got or "not reported"))
        total = sum(v[0] for v in per_gene.values()), sum(v[1] for v in per_gene.values())
        frac = total[0] / total[1]
        worst = min(worst, frac)
        print("%s: %d/%d CIViC SNVs named as CIViC names them by alkres (%.1f %%)" % (build, total[0], total[1],
                                                                                     100 * frac))
        print("  command: %s" % cmd)
        for gene in sorted(per_gene):
            n, d = per_gene[gene]
            print("  %-7s %3d/%-3d %5.1f %%" % (gene, n, d, 100.0 * n / d))
        if args.details or misses:
            for m in misses:
                print("  not named as CIViC: " + m)
    return 0 if worst >= args.min_agreement else 1


if __name__ == "__main__":
    sys.exit(main())
