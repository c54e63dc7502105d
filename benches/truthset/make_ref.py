#!/usr/bin/env python3
"""Build the truth-set benchmark's small reference (benches/truthset/ref/).

The reference is a set of GRCh38 segments (one FASTA record each, named seg_<chrom>_<start>)
around the exons of every gene alkres uses (resources/transcripts/exons.tsv, GRCh38), the ALK
intron 18-19 breakpoint region, the partner introns the simulated fusions break in, and decoy
segments that hold repeat and paralogous copies. Reads are aligned to it with bwa mem and then
shifted into real GRCh38 coordinates (shift_sam.py), so alkres sees a GRCh38 header.

Bases: real GRCh38 plus-strand sequence wherever resources/reference/known_sequence.tsv has it;
elsewhere deterministic filler (uniform random, 41 % GC, seeded by the segment's coordinate).
Repeats: a 287-bp Alu consensus (as carried by the Computer Language Benchmarks Game `fasta`
program) inserted, 12 % diverged, at several loci; paralogues: copies of real ALK sequence with
a few substitutions on other contigs. Everything is written by this script from repository
files only, with a fixed seed, so the output is reproducible and committed.

Usage: make_ref.py [out_dir]   (default benches/truthset/ref)
"""

import os
import random
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "benches", "truthset", "ref")

# GRCh38 primary contig lengths (= src/genome/build.rs GRCH38_LENGTHS) plus chrM and the
# unplaced contig the issue saw as a false partner (GRCh38 assembly report lengths).
CONTIGS = [
    ("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
    ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
    ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
    ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
    ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
    ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
    ("chrM", 16569), ("chr14_GL000225v1_random", 211173),
]

ALU = (
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA"
    "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA"
    "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC"
    "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"
)

CAPTURE_PAD = 150  # bait window around each exon
SEGMENT_PAD = 1200  # reference sequence kept around each capture window

# Extra GRCh38 windows (1-based inclusive): captured = tiled by the panel's baits.
EXTRA = [
    # ALK introns 18-19 + exons 18-20: the ALK breakpoint region, tiled by ALK panels
    ("chr2", 29222900, 29227500, True, "ALK exon 20 - exon 18 (introns 18, 19)"),
    # partner introns the simulated fusions break in (not captured: reached via ALK baits)
    ("chr2", 42295517, 42301240, False, "EML4 intron 13 (V1)"),
    ("chr2", 42325555, 42326153, False, "EML4 intron 20 (V2)"),
    ("chr2", 42264732, 42270000, False, "EML4 intron 6 (V3a/b), first 5.3 kb"),
    ("chr10", 32023037, 32028427, False, "KIF5B intron 15 (K15;A20)"),
    ("chr14", 103673432, 103675551, False, "KLC1 intron 9 (K9;A20)"),
    # decoys holding paralogous copies
    ("chr15", 41500001, 41506000, False, "decoy at the LTK locus: ALK kinase exons copy"),
    ("chr2", 29600001, 29604000, False, "decoy in ALK intron 3: ALK intron 19 copy"),
    ("chr14_GL000225v1_random", 100001, 104000, False, "unplaced contig: ALK intron 19 copy"),
]

# (source chrom, start, end) of real ALK sequence copied into the decoys, and the divergence.
PARALOGS = [
    # Divergence: close enough that seeds hit and reads from a copy can be placed on ALK
    # (neg_paralog bait them), far enough that ALK's own reads keep their MAPQ, as in the real
    # genome, where ALK intron 19 has no near-identical copy (a 1.5 % copy made every ALK
    # intron-19 read MAPQ ~9 and hid true fusions: an artefact, not a test).
    ("chr15", 41501001, ("chr2", 29220237, 29223528), 0.08, "ALK exons 20-23 region, 8 % subs"),
    ("chr2", 29601001, ("chr2", 29223600, 29225400), 0.06, "ALK intron 19, 6 % subs"),
    ("chr14_GL000225v1_random", 101001, ("chr2", 29223529, 29224700), 0.07,
     "ALK intron 19 (3' part), 7 % subs"),
]

# Alu copies (chrom, position): in filler introns near breakpoints and in decoys.
ALU_SITES = [
    ("chr2", 42297000), ("chr2", 42299000), ("chr2", 42266500), ("chr10", 32025000),
    ("chr14", 103674200), ("chr15", 41504500), ("chr2", 29603000),
    ("chr14_GL000225v1_random", 102800),
]


def read_tsv(path):
    with open(path) as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:]]


def merge(intervals, gap):
    out = []
    for c, s, e, *rest in sorted(intervals):
        if out and out[-1][0] == c and s <= out[-1][2] + gap:
            out[-1][2] = max(out[-1][2], e)
            out[-1][3] = out[-1][3] or rest[0]
            if rest[1] not in out[-1][4]:
                out[-1][4].append(rest[1])
        else:
            out.append([c, s, e, rest[0], [rest[1]]])
    return out


def mutate(seq, rate, rng):
    bases = list(seq)
    for i, b in enumerate(bases):
        if rng.random() < rate:
            bases[i] = rng.choice([x for x in "ACGT" if x != b])
    return "".join(bases)


def main():
    exons = [r for r in read_tsv(os.path.join(ROOT, "resources/transcripts/exons.tsv"))
             if r["build"] == "GRCh38"]
    known = [r for r in read_tsv(os.path.join(ROOT, "resources/reference/known_sequence.tsv"))
             if r["build"] == "GRCh38"]
    capture = [("chr" + r["chrom"], int(r["start"]) - CAPTURE_PAD, int(r["end"]) + CAPTURE_PAD,
                True, r["gene"]) for r in exons]
    capture += [(c, s, e, True, what.split()[0]) for c, s, e, cap, what in EXTRA if cap]
    capture = merge(capture, 0)
    segs = [(c, s - SEGMENT_PAD, e + SEGMENT_PAD, True, "+".join(g)) for c, s, e, _, g in capture]
    segs += [(c, s, e, False, what) for c, s, e, cap, what in EXTRA]
    segs = merge(segs, 0)

    seq = {}
    for c, s, e, _, _ in segs:
        rng = random.Random(f"filler:{c}:{s}")
        seq[(c, s)] = [rng.choices("ACGT", weights=(29.5, 20.5, 20.5, 29.5))[0]
                       for _ in range(e - s + 1)]

    def place(chrom, pos, bases):
        for c, s, e, _, _ in segs:
            if c == chrom and s <= pos <= e:
                arr = seq[(c, s)]
                for i, b in enumerate(bases):
                    if s <= pos + i <= e:
                        arr[pos + i - s] = b
                return pos - s
        return None

    real = 0
    for r in known:
        c, s = "chr" + r["chrom"], int(r["start"])
        for cc, ss, ee, _, _ in segs:
            if cc == c and s <= ee and int(r["end"]) >= ss:
                lo = max(s, ss)
                hi = min(int(r["end"]), ee)
                place(c, lo, r["sequence"][lo - s:hi - s + 1].upper())
                real += hi - lo + 1

    def fetch(c, s, e):
        for cc, ss, ee, _, _ in segs:
            if cc == c and ss <= s and e <= ee:
                return "".join(seq[(cc, ss)][s - ss:e - ss + 1])
        raise SystemExit(f"make_ref: {c}:{s}-{e} is not inside one segment")

    rng = random.Random(20261201)
    notes = []
    for c, pos, (sc, ss, se), rate, what in PARALOGS:
        place(c, pos, mutate(fetch(sc, ss, se), rate, rng))
        notes.append(f"{c}:{pos}-{pos + se - ss}\tparalog\tcopy of {sc}:{ss}-{se}: {what}")
    for c, pos in ALU_SITES:
        place(c, pos, mutate(ALU, 0.12, rng))
        notes.append(f"{c}:{pos}-{pos + len(ALU) - 1}\trepeat\tAlu consensus, 12 % subs")

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "truthset_ref.fa"), "w") as fa:
        for c, s, e, _, _ in segs:
            fa.write(f">seg_{c}_{s}\n")
            body = "".join(seq[(c, s)])
            for i in range(0, len(body), 80):
                fa.write(body[i:i + 80] + "\n")
    with open(os.path.join(OUT, "segments.tsv"), "w") as fh:
        fh.write("segment\tchrom\tstart\tend\tcaptured\tcontent\n")
        for c, s, e, cap, what in segs:
            fh.write(f"seg_{c}_{s}\t{c}\t{s}\t{e}\t{'yes' if cap else 'no'}\t{'+'.join(what) if isinstance(what, list) else what}\n")
    with open(os.path.join(OUT, "capture.bed"), "w") as fh:
        for c, s, e, _, g in capture:
            fh.write(f"{c}\t{s - 1}\t{e}\t{'+'.join(g)}\n")
    with open(os.path.join(OUT, "contigs.tsv"), "w") as fh:
        for c, n in CONTIGS:
            fh.write(f"{c}\t{n}\n")
    with open(os.path.join(OUT, "insertions.tsv"), "w") as fh:
        fh.write("where\tkind\twhat\n" + "\n".join(notes) + "\n")
    total = sum(e - s + 1 for c, s, e, _, _ in segs)
    print(f"make_ref: {len(segs)} segments, {total} bp, {real} bp real GRCh38 sequence, "
          f"{len(capture)} capture windows ({sum(e - s + 1 for c, s, e, _, _ in capture)} bp)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
