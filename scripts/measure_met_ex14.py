#!/usr/bin/env python3
"""How many public MET exon 14 skipping alterations alkres names as the one event, per build.

The names (NM_000245 c.; exon 14 = c.2888..c.3028) are the short-isoform DNA names of a public
METex14 variant-grouping list ("extracted from gn360 dataset and few literatures"; find_string
id 40673404063, repository not resolved; only the names are used). Long-isoform (c.2942...,
c.3082...) and protein-only names are left out; malformed or out-of-exon names are skipped and
listed. Each name is placed on the shipped MET model of the build; REF bases come from the
shipped sequence, from the list's own deleted bases for intron 13 c.2888-40..-11, else N.

Usage: python3 scripts/measure_met_ex14.py [ALKRES_BINARY]
"""

import csv
import json
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = os.path.join(REPO, "resources")
NAMES = """
    c.3028G>C c.288-15_2892del20 c.2888-10_2911del34 c.2888-10C>G c.2888-12_2888-4delCTCTGTTTT
    c.2888-12_2909del c.2888-14_2888-4del c.2888-14_2888-4delCTCTCTGTTTT c.2888-14_2895del22 c.2888-15_2888-2del14
    c.2888-15_2888-3del c.2888-15_2888-4del c.2888-15_2888-4delTCTCTCTGTTTT c.2888-15_2890delTCTCTCTGTTTTAAGATC c.2888-16_2888-4del
    c.2888-16_2891del c.2888-16_2896del25 c.2888-17_2888-16insAGAA c.2888-17_2888-1del c.2888-17_2905delTTTCTCTCTGTTTTAAGATCTGGGCAGTGAATTAG
    c.2888-18_2888-3del c.2888-18_2888-9delCTTTCTCTCT c.2888-19_2888-3del c.2888-19_2888del c.2888-19>2888-2delCTTTCTCTCTGTTTTAA
    c.2888-1G>A c.2888-2_2915del c.2888-20_2888-11del c.2888-20_2888-11delTTCTTTCTCT c.2888-20_2888-1del
    c.2888-20_2888-7>C c.2888-20_2939del c.2888-21_2888-5del c.2888-22_2888-2del c.2888-22_2891del
    c.2888-24_2888-10del15 c.2888-25_2888-3>ACT c.2888-27_2888-12del c.2888-28_2888-14del c.2888-28_2888-3>TTAG
    c.2888-28_2888-9del20 c.2888-28_2891>G c.2888-29_2888-2delACAAGCTCTTTCTTTCTCTCTGTTTTAA c.2888-30_2888-15del16 c.2888-30_2888-2del29
    c.2888-30_2888-3del28 c.2888-30_2888-9del22 c.2888-33_2888-1del c.2888-35_2888-17del c.2888-35_2888del
    c.2888-36_2888-12del25 c.2888-4_2907del c.2888-40_2888-17del24 c.2888-40_2888-20delAGCCGTCTTTAACAAGCTCTT c.2888-40_2888-23del18
    c.2888-47_2888-24del24 c.2888-5_2890TTAAGATC>A c.2888-5_2904del22 c.2888-5_2905>AA c.2888-5_2944del62
    c.2888-52_2888-1del c.2888-61_2888-12>27 c.2888-7_2920del c.2888A>G c.2903_3028+67del
    c.2905_2940del c.2994_3028+1del c.3001_3021delGTAGACTACCGAGCTACTTTT c.3003_3028+1delAGACTACCGAGCTACTTTTCCAGAAGGinsCTGTAGCTGCT c.3007T>C
    c.3008A>G c.3010_3028+8del c.3012_3028+6del c.3017_3028+3del15 c.3017_3028+5del17
    c.3017_3028+del27 c.3017_3028delCTTTTCCAGAAGGT c.3018_3028+13del c.3018_3028+14del c.3018_3028+8del
    c.3018_3028+del c.3020_3028+24del c.3021_3028+14del22 c.3021_3028+2delTCCAGAAGGT c.3024_3028delAGAAGGTATATT
    c.3025_3027GAA>Gfs c.3025_3028+13del17 c.3026_3028+5delAAGGTATA c.3027_3028+13del c.3027_3028+1delAGG
    c.3027_3028+2delAGGTA c.3027_3028delAG c.3027_3028ins c.3028_3028+3delGGTA c.3028+1_3028+25del25
    c.3028+1_3028+2GT>AA c.3028+1_3028+3GTA>CTT c.3028+1_3028+9del c.3028+1G>A c.3028+1G>C
    c.3028+1G>T c.3028+2_3028+10delTATATTTCA c.3028+2_3028+4del c.3028+2T>A c.3028+2T>C
    c.3028+2T>G c.3028+3_3028+7del c.3028+3_3028+7delATATT c.3028+3A>G c.3028+3A>T
    c.3028G>A c.3028G>T c.3029C>T
""".split()
# c.2888-40..-1 from the list's c.2888-40_2888-20delAGCCGTCTTTAACAAGCTCTT and
# c.2888-29_2888-2delACAAGCTCTTTCTTTCTCTCTGTTTTAA (-1 = G, shipped)
INTRON13 = "AGCCGTCTTTAACAAGCTCTTTCTTTCTCTCTGTTTTAAG"


def rows(name):
    with open(os.path.join(RES, *name.split("/")), encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def records(build):
    ex = [r for r in rows("transcripts/exons.tsv") if r["gene"] == "MET" and r["build"] == build and r["exon"] == "14"]
    s, e = int(ex[0]["start"]), int(ex[0]["end"])
    known = {}
    for r in rows("reference/known_sequence.tsv"):
        if r["build"] == build and r["chrom"] == "7":
            for i, b in enumerate(r["sequence"]):
                known[int(r["start"]) + i] = b
    for k in range(1, 41):
        known.setdefault(s - k, INTRON13[40 - k])
    base = lambda p: known.get(p, "N")

    def g(c):
        m = re.fullmatch(r"(\d+)([+-]\d+)?", c)
        if not m:
            raise ValueError("position " + c)
        n, off = int(m.group(1)), int(m.group(2) or 0)
        if off and n in (2888, 3028):
            return (s if n == 2888 else e) + off
        if not off and 2888 <= n <= 3028:
            return s + (n - 2888)
        raise ValueError("outside exon 14")

    out, skipped = [], []
    for name in NAMES:
        body = name[2:]
        try:
            m = re.fullmatch(r"([\d+-]+)([ACGT])>([ACGT])", body)
            if m:
                p = g(m.group(1))
                out.append((p, base(p) if base(p) != "N" else m.group(2), m.group(3), name))
                continue
            m = re.fullmatch(r"([\d+-]+)_([\d+-]+)ins([ACGT]+)", body)
            if m:
                a = g(m.group(1))
                out.append((a, base(a), base(a) + m.group(3), name))
                continue
            m = re.fullmatch(r"([\d+-]+)_([\d+-]+)(del[ACGT]*\d*|del[ACGT]*ins([ACGT]+)|>([ACGT]+)|[ACGT]+>([ACGT]+)(fs)?)",
                             body)
            if not m:
                raise ValueError("not parsed")
            a, b = g(m.group(1)), g(m.group(2))
            ins = m.group(4) or m.group(5) or m.group(6) or ""
            ref = base(a - 1) + "".join(base(p) for p in range(a, b + 1))
            out.append((a - 1, ref, base(a - 1) + ins, name))
        except ValueError as err:
            skipped.append("%s (%s)" % (name, err))
    unique, seen = [], set()
    for rec in sorted(out):
        if rec[:3] not in seen:
            seen.add(rec[:3])
            unique.append(rec)
    return unique, skipped


def main():
    alkres = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "debug", "alkres")
    for build in ("GRCh37", "GRCh38"):
        recs, skipped = records(build)
        with tempfile.TemporaryDirectory() as tmp:
            vcf = os.path.join(tmp, "met.vcf")
            with open(vcf, "w", encoding="utf-8") as fh:
                fh.write("##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n")
                fh.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n")
                for p, r, a, n in recs:
                    fh.write("7\t%d\t%s\t%s\t%s\t.\tPASS\t.\tGT\t0/1\n" % (p, n, r, a))
            out = os.path.join(tmp, "out")
            cmd = [alkres, "annotate", "-i", vcf, "--build", build, "-o", out]
            subprocess.run(cmd, check=True, capture_output=True)
            with open(os.path.join(out, "S.alkres.%s.json" % build.lower()), encoding="utf-8") as fh:
                report = json.load(fh)
        events = {}
        for f in report["findings"] + report.get("other_variants", []):
            events.setdefault((f["pos"], f["ref"], f["alt"]), set()).add(f.get("event"))
        hit = lambda p, r, a: "MET exon 14 skipping" in events.get((p, r, a), set())
        named = [n for p, r, a, n in recs if hit(p, r, a)]
        missed = [n for p, r, a, n in recs if not hit(p, r, a)]
        print("%s: %d of %d public METex14 names named MET exon 14 skipping" % (build, len(named), len(recs)))
        print("  not named: " + " ".join(missed))
        print("  skipped (not placeable): " + "; ".join(skipped))


if __name__ == "__main__":
    main()
