#!/usr/bin/env python3
"""Write a whole-genome-sized single-sample VCF (GRCh38, chr-style) to stdout for benchmarks.

Records are spread over chromosomes 1-22 in proportion to their length. Positions whose
reference base the project ships (resources/reference/known_sequence.tsv) are skipped, so
every REF is consistent with the shipped reference; a few real ALK records are added from
the bundled example so that the panel path is exercised.

`--style gatk` writes records as GATK HaplotypeCaller does (its INFO annotations and
GT:AD:DP:GQ:PL, about 190 bytes a line, as real single-sample VCFs run 150-1,000 bytes);
the default style is minimal (about 55 bytes a line), the worst case for a per-line scan.
"""
import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LENGTHS = [248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973,
           145138636, 138394717, 133797422, 135086622, 133275309, 114364328, 107043718,
           101991189, 90338345, 83257441, 80373285, 58617616, 64444167, 46709983, 50818468]


def known_intervals():
    spans = {}
    with open(ROOT / "resources/reference/known_sequence.tsv") as fh:
        next(fh)
        for line in fh:
            build, chrom, start, end = line.split("\t")[:4]
            if build == "GRCh38":
                spans.setdefault(chrom, []).append((int(start), int(end)))
    return spans


def example_records():
    rows = []
    example = ROOT / "test-data/example/P01.vcf"
    if example.exists():
        for line in example.read_text().splitlines():
            if line.startswith("chr2\t") and 29_000_000 < int(line.split("\t")[1]) < 30_000_000:
                rows.append(line.split("\t"))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=4_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--style", choices=["minimal", "gatk"], default="minimal")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    known = known_intervals()
    extra = example_records()
    out = sys.stdout
    out.write("##fileformat=VCFv4.2\n")
    out.write('##FILTER=<ID=PASS,Description="All filters passed">\n')
    for i, length in enumerate(LENGTHS, 1):
        out.write(f"##contig=<ID=chr{i},length={length}>\n")
    out.write('##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">\n')
    out.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
    out.write('##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allele depths">\n')
    out.write('##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n')
    out.write('##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">\n')
    if args.style == "gatk":
        for key, number, kind in [("AC", "A", "Integer"), ("AF", "A", "Float"), ("AN", "1", "Integer"),
                                  ("BaseQRankSum", "1", "Float"), ("ExcessHet", "1", "Float"),
                                  ("FS", "1", "Float"), ("MLEAC", "A", "Integer"), ("MLEAF", "A", "Float"),
                                  ("MQ", "1", "Float"), ("MQRankSum", "1", "Float"), ("QD", "1", "Float"),
                                  ("ReadPosRankSum", "1", "Float"), ("SOR", "1", "Float")]:
            out.write(f'##INFO=<ID={key},Number={number},Type={kind},Description="{key} (GATK)">\n')
        out.write('##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n')
        out.write('##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Phred-scaled likelihoods">\n')
    out.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tSAMPLE\n")
    total = sum(LENGTHS)
    bases = "ACGT"
    for i, length in enumerate(LENGTHS, 1):
        chrom = str(i)
        n = args.records * length // total
        step = length // (n + 1)
        spans = known.get(chrom, [])
        rows = []
        for k in range(n):
            pos = step * (k + 1) + rng.randrange(step // 2)
            if any(s <= pos <= e for s, e in spans):
                continue
            ref = bases[rng.randrange(4)]
            alt = bases[(bases.index(ref) + 1 + rng.randrange(3)) % 4]
            dp = 20 + rng.randrange(60)
            a = rng.randrange(dp)
            if args.style == "gatk":
                gq = rng.randrange(20, 99)
                info = (f"AC=1;AF=0.500;AN=2;BaseQRankSum={rng.uniform(-3, 3):.3f};DP={dp};"
                        f"ExcessHet=3.0103;FS={rng.uniform(0, 10):.3f};MLEAC=1;MLEAF=0.500;"
                        f"MQ={rng.uniform(55, 60):.2f};MQRankSum={rng.uniform(-2, 2):.3f};"
                        f"QD={rng.uniform(2, 35):.2f};ReadPosRankSum={rng.uniform(-2, 2):.3f};"
                        f"SOR={rng.uniform(0.3, 2):.3f}")
                sample = f"GT:AD:DP:GQ:PL\t0/1:{dp - a},{a}:{dp}:{gq}:{rng.randrange(100, 999)},0,{rng.randrange(100, 2000)}"
                qual = f"{rng.uniform(30, 2000):.2f}"
            else:
                info, sample, qual = f"DP={dp}", f"GT:AD:DP\t0/1:{dp - a},{a}:{dp}", rng.randrange(20, 99)
            rows.append((pos, f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t{qual}\tPASS\t{info}\t{sample}"))
        if chrom == "2":
            rows.extend((int(r[1]), "\t".join(r)) for r in extra)
        rows.sort()
        out.write("".join(r + "\n" for _, r in rows))


if __name__ == "__main__":
    main()
