#!/usr/bin/env python3
"""Write a large simulated alignment file (SAM text on stdout) for benches/fusions_vs_samtools.sh.

GRCh38, chr-style contigs with real lengths. Deep read pairs over the ALK intron 18 - exon 20
region and the EML4 intron 13 breakpoint, an EML4-ALK V1 DNA fusion (ALK chr2:29224100 /
EML4 chr2:42297000, inversion junction) carried by split reads (primary + hard-clipped
supplementary with SA tags), discordant pairs and wild-type reads, and a genome-wide
background of read pairs so that the file is large and region queries matter.

    python3 make_bench_bam.py --alk-depth 3000 --background-pairs 1000000 \
        | samtools sort -o bench.bam - && samtools index bench.bam

Deterministic for a given seed. Read bases are random (nothing here looks at them).
"""

import argparse
import random
import sys

GRCH38 = [
    ("1", 248956422), ("2", 242193529), ("3", 198295559), ("4", 190214555), ("5", 181538259),
    ("6", 170805979), ("7", 159345973), ("8", 145138636), ("9", 138394717), ("10", 133797422),
    ("11", 135086622), ("12", 133275309), ("13", 114364328), ("14", 107043718),
    ("15", 101991189), ("16", 90338345), ("17", 83257441), ("18", 80373285), ("19", 58617616),
    ("20", 64444167), ("21", 46709983), ("22", 50818468), ("X", 156040895), ("Y", 57227415),
]
ALK_BP, EML4_BP = 29224100, 42297000
ALK_REGION = (29220842, 29228574)      # ALK exon 20 - 2 kb .. exon 18 + 1 kb, with margin
EML4_REGION = (42295500, 42298500)
L = 100
QUAL = "I" * L


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alk-depth", type=int, default=3000)
    ap.add_argument("--background-pairs", type=int, default=1_000_000)
    ap.add_argument("--fusion-fraction", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pool = "".join(rng.choice("ACGT") for _ in range(1 << 20))

    def seq(n=L):
        i = rng.randrange(0, len(pool) - n)
        return pool[i:i + n]

    out = sys.stdout
    out.write("@HD\tVN:1.6\tSO:unsorted\n")
    for name, length in GRCH38:
        out.write(f"@SQ\tSN:chr{name}\tLN:{length}\tAS:GRCh38\n")
    out.write("@RG\tID:rg1\tSM:BENCH\n@PG\tID:make_bench_bam.py\tPN:make_bench_bam.py\n")

    n = 0

    def line(qname, flag, chrom, pos, cigar, rnext, pnext, tlen, s, tags=""):
        out.write(f"{qname}\t{flag}\tchr{chrom}\t{pos}\t60\t{cigar}\t{rnext}\t{pnext}\t{tlen}\t{s}\t{QUAL[:len(s)]}\tRG:Z:rg1{tags}\n")

    def proper_pair(chrom, start, frag):
        nonlocal n
        n += 1
        q = f"p{n}"
        p2 = start + frag - L
        line(q, 99, chrom, start, f"{L}M", "=", p2, frag, seq())
        line(q, 147, chrom, p2, f"{L}M", "=", start, -frag, seq())

    def deep(region, depth):
        span = region[1] - region[0]
        for _ in range(span * depth // (2 * L)):
            frag = rng.randint(250, 450)
            start = rng.randint(region[0], region[1] - frag)
            if a.fusion_fraction and start <= ALK_BP <= start + frag and region is ALK_REGION \
                    and rng.random() < a.fusion_fraction:
                fusion_fragment(start, frag)
            else:
                proper_pair("2", start, frag)

    def fusion_fragment(start, frag):
        """A fragment across the V1 junction: ALK bases up to ALK_BP (read forward), then
        EML4 bases from EML4_BP downwards (the inversion). R1 starts on ALK; R2 reads back from
        the EML4 end (forward on the genome)."""
        nonlocal n
        alk_part = ALK_BP - start + 1
        eml4_part = frag - alk_part
        if alk_part < 20 or eml4_part < L + 20:
            proper_pair("2", start, frag)       # too little on one side: leave it wild type
            return
        n += 1
        q = f"f{n}"
        r2 = EML4_BP - eml4_part + 1
        if alk_part >= L:                        # discordant pair
            line(q, 65, "2", start, f"{L}M", "=", r2, 0, seq(), "\tMQ:i:60")
            line(q, 129, "2", r2, f"{L}M", "=", start, 0, seq(), "\tMQ:i:60")
        elif alk_part > L - 20:                  # clipped: too short a piece for an SA
            line(q, 65, "2", start, f"{alk_part}M{L - alk_part}S", "=", r2, 0, seq(), "\tMQ:i:60")
            line(q, 129, "2", r2, f"{L}M", "=", start, 0, seq(), "\tMQ:i:60")
        else:                                    # split read: ALK primary + EML4 supplementary
            la, lb = alk_part, L - alk_part
            y_start = EML4_BP - lb + 1
            s = seq()
            line(q, 65, "2", start, f"{la}M{lb}S", "=", r2, 0, s,
                 f"\tMQ:i:60\tSA:Z:chr2,{y_start},-,{lb}M{la}S,60,0;")
            line(q, 65 | 16 | 2048, "2", y_start, f"{lb}M{la}H", "=", r2, 0, s[:lb],
                 f"\tMQ:i:60\tSA:Z:chr2,{start},+,{la}M{lb}S,60,0;")
            line(q, 129, "2", r2, f"{L}M", "=", start, 0, seq(), "\tMQ:i:60")

    deep(ALK_REGION, a.alk_depth)
    deep(EML4_REGION, a.alk_depth)
    for _ in range(a.background_pairs):
        name, length = GRCH38[rng.randrange(22)]
        start = rng.randint(1_000_000, length - 1_000_000)
        if name == "2" and (ALK_REGION[0] - 2000 < start < ALK_REGION[1] or EML4_REGION[0] - 2000 < start < EML4_REGION[1]):
            continue
        proper_pair(name, start, rng.randint(250, 450))


if __name__ == "__main__":
    main()
