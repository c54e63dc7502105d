#!/usr/bin/env python3
"""How much of the panel's exons the shipped REF check covers (resources/ only, stdlib).

For every transcript in resources/transcripts/transcripts.tsv and each build: which exon
bases (and which coding bases, c.1 to the stop, and which bases of the transcript span
+- 1 kb, introns included) have a known reference base in
resources/reference/known_sequence.tsv. A VCF record's REF is checked against the shipped
data only where those bases are known; elsewhere only --reference FASTA can check it.

    python3 scripts/measure_ref_coverage.py [--resources resources] [--per-gene]
"""

import argparse
import collections
import csv
import os
import sys

csv.field_size_limit(sys.maxsize)


def load(res):
    def rows(path):
        with open(os.path.join(res, path), encoding="utf-8") as fh:
            return list(csv.DictReader(fh, delimiter="\t"))
    known = collections.defaultdict(list)   # (build, chrom) -> [(start, end)]
    for r in rows("reference/known_sequence.tsv"):
        known[(r["build"], r["chrom"])].append((int(r["start"]), int(r["end"])))
    txs = {(t["gene"], t["build"]): t for t in rows("transcripts/transcripts.tsv")}
    exons = collections.defaultdict(list)
    for e in rows("transcripts/exons.tsv"):
        exons[(e["gene"], e["build"])].append((int(e["start"]), int(e["end"])))
    return known, txs, exons


def covered(segs, s, e):
    return sum(max(0, min(e, b) - max(s, a) + 1) for a, b in segs)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--resources", default=os.path.join(here, "..", "resources"))
    ap.add_argument("--per-gene", action="store_true")
    args = ap.parse_args()
    known, txs, exons = load(args.resources)
    for build in ("GRCh37", "GRCh38"):
        tot = collections.Counter()
        per_gene = []
        for (gene, b), t in sorted(txs.items()):
            if b != build:
                continue
            segs = known.get((build, t["chrom"]), [])
            g = collections.Counter()
            for s, e in exons[(gene, b)]:
                n = e - s + 1
                c = covered(segs, s, e)
                g["exons"] += 1
                g["exons_full"] += c == n
                g["bases"] += n
                g["bases_known"] += c
                if t["cds_first"]:
                    lo, hi = sorted((int(t["cds_first"]), int(t["cds_last"])))
                    cs, ce = max(s, lo), min(e, hi)
                    if cs <= ce:
                        g["cds_exons"] += 1
                        g["cds_exons_full"] += covered(segs, cs, ce) == ce - cs + 1
                        g["cds_bases"] += ce - cs + 1
                        g["cds_bases_known"] += covered(segs, cs, ce)
            lo, hi = int(t["tx_start"]) - 1000, int(t["tx_end"]) + 1000
            g["span"] += hi - lo + 1
            g["span_known"] += covered(segs, lo, hi)
            tot.update(g)
            tot["genes"] += 1
            tot["genes_full"] += g["exons_full"] == g["exons"]
            per_gene.append((gene, g))
        print("%s: %d/%d panel exons fully covered (%.1f %%), %d/%d exon bases (%.1f %%); "
              "coding: %d/%d exons, %d/%d bases (%.1f %%); genes with every exon covered: %d/%d; transcript spans +-1 kb: %d/%d bases (%.1f %%)" % (
                  build, tot["exons_full"], tot["exons"], 100.0 * tot["exons_full"] / tot["exons"],
                  tot["bases_known"], tot["bases"], 100.0 * tot["bases_known"] / tot["bases"],
                  tot["cds_exons_full"], tot["cds_exons"], tot["cds_bases_known"], tot["cds_bases"],
                  100.0 * tot["cds_bases_known"] / max(1, tot["cds_bases"]), tot["genes_full"], tot["genes"],
                  tot["span_known"], tot["span"], 100.0 * tot["span_known"] / tot["span"]))
        if args.per_gene:
            for gene, g in per_gene:
                print("  %-7s exons %2d/%2d  bases %6d/%6d  coding bases %5d/%5d" % (
                    gene, g["exons_full"], g["exons"], g["bases_known"], g["bases"],
                    g["cds_bases_known"], g["cds_bases"]))


if __name__ == "__main__":
    main()
