#!/usr/bin/env python3
"""Write a multi-sample cohort VCF (GRCh38, chr-style, GT:AD:DP) to stdout for benchmarks.

Deterministic for a given --seed. Background sites are spread over chr1-22 in proportion to
their length and skip every span whose reference the project ships
(resources/reference/known_sequence.tsv), so no REF can disagree with the shipped reference.
Genotypes follow Hardy-Weinberg at a per-site allele frequency skewed towards rare alleles
(most calls 0/0, about 1% missing), with AD and DP drawn per call. A few ALK/EGFR/KRAS panel
variants (from tests/fixtures/small_variants/cases.tsv, REF checked against the shipped
sequence) are carried by a fixed subset of samples so that the per-sample findings path runs.
"""
import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LENGTHS = [248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973,
           145138636, 138394717, 133797422, 135086622, 133275309, 114364328, 107043718,
           101991189, 90338345, 83257441, 80373285, 58617616, 64444167, 46709983, 50818468]

# (chrom, pos, ref, alt, name, every): sample i carries it when i % every == every // 2.
PANEL = [
    ("2", 29220747, "C", "T", "ALK_G1202R", 25),
    ("2", 29220765, "G", "T", "ALK_L1196M", 40),
    ("7", 55191822, "T", "G", "EGFR_L858R", 30),
    ("12", 25245351, "C", "A", "KRAS_G12C", 50),
]


def known_sequence():
    spans = {}
    with open(ROOT / "resources/reference/known_sequence.tsv") as fh:
        next(fh)
        for line in fh:
            build, chrom, start, end, seq = line.rstrip("\n").split("\t")[:5]
            if build == "GRCh38":
                spans.setdefault(chrom, []).append((int(start), int(end), seq))
    return spans


def reference_base(spans, chrom, pos):
    for start, end, seq in spans.get(chrom, []):
        if start <= pos <= end:
            return seq[pos - start]
    return None


def call_pool(rng, gt, size):
    """`size` distinct-looking calls of genotype `gt` (GT:AD:DP)."""
    calls = []
    for _ in range(size):
        dp = 10 + rng.randrange(50)
        if gt == "./.":
            calls.append("./.:.:.")
            continue
        alt = {"0/0": 0, "0/1": rng.randrange(dp // 4 + 1, dp - dp // 4), "1/1": dp}[gt]
        alt = alt if gt != "0/0" else (1 if rng.random() < 0.05 else 0)
        calls.append(f"{gt}:{dp - alt},{alt}:{dp}")
    return calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=500)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    spans = known_sequence()
    pools = {gt: call_pool(rng, gt, 32) for gt in ("0/0", "0/1", "1/1", "./.")}
    flat = pools["0/0"] + pools["0/1"] + pools["1/1"] + pools["./."]
    out = sys.stdout
    out.write("##fileformat=VCFv4.2\n")
    out.write('##FILTER=<ID=PASS,Description="All filters passed">\n')
    for i, length in enumerate(LENGTHS, 1):
        out.write(f"##contig=<ID=chr{i},length={length}>\n")
    out.write('##INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">\n')
    out.write('##INFO=<ID=AN,Number=1,Type=Integer,Description="Allele number">\n')
    out.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
    out.write('##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allele depths">\n')
    out.write('##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n')
    names = [f"S{i:05d}" for i in range(args.samples)]
    out.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(names) + "\n")

    panel = {}
    for chrom, pos, ref, alt, name, every in PANEL:
        shipped = reference_base(spans, chrom, pos)
        if shipped != ref:
            sys.exit(f"panel variant {name}: REF {ref} but the shipped reference has {shipped}")
        calls = []
        for i in range(args.samples):
            dp = 40 + (i * 7) % 60
            if i % every == every // 2:
                a = dp // 3
                calls.append(f"0/1:{dp - a},{a}:{dp}")
            else:
                calls.append(f"0/0:{dp},0:{dp}")
        ac = sum(c.startswith("0/1") for c in calls)
        line = (f"chr{chrom}\t{pos}\t{name}\t{ref}\t{alt}\t50\tPASS\tAC={ac};AN={2 * args.samples}"
                f"\tGT:AD:DP\t" + "\t".join(calls))
        panel.setdefault(chrom, []).append((pos, line))

    total = sum(LENGTHS)
    bases = "ACGT"
    k = 32
    for i, length in enumerate(LENGTHS, 1):
        chrom = str(i)
        n = args.records * length // total
        step = length // (n + 1)
        chrom_spans = spans.get(chrom, [])
        rows = list(panel.get(chrom, []))
        for j in range(n):
            pos = step * (j + 1) + rng.randrange(step // 2)
            if any(s <= pos <= e for s, e, _ in chrom_spans):
                continue
            ref = bases[rng.randrange(4)]
            alt = bases[(bases.index(ref) + 1 + rng.randrange(3)) % 4]
            af = 0.001 + 0.5 * rng.random() ** 4
            w = [(1 - af) ** 2 * 0.99, 2 * af * (1 - af) * 0.99, af * af * 0.99, 0.01]
            cum, acc = [], 0.0
            for weight in w:
                for _ in range(k):
                    acc += weight / k
                    cum.append(acc)
            calls = rng.choices(flat, cum_weights=cum, k=args.samples)
            ac = sum(c[2] == "1" for c in calls) + sum(c[0] == "1" for c in calls)
            an = 2 * (args.samples - sum(c[0] == "." for c in calls))
            rows.append((pos, f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t{rng.randrange(20, 99)}\tPASS"
                              f"\tAC={ac};AN={an}\tGT:AD:DP\t" + "\t".join(calls)))
        rows.sort()
        out.write("".join(r + "\n" for _, r in rows))


if __name__ == "__main__":
    main()
