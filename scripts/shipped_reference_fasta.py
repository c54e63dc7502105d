#!/usr/bin/env python3
"""Write a FASTA of one build from the public bases alkres ships, to measure `--reference`.

Every contig that resources/reference/known_sequence.tsv has bases on is written at its full
primary-assembly length (so the .fai lengths say which build it is), with `chr` names, the
shipped bases at their positions and N elsewhere. The bases are the same public bases the tool
ships (see resources/README.md), so naming with this FASTA must equal naming without it.

Usage: shipped_reference_fasta.py GRCh37|GRCh38 | bgzip -c > ref.fa.gz && samtools faidx ref.fa.gz
"""

import csv
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def contig_lengths(build):
    """Primary-assembly lengths from src/genome/build.rs (one table for the tool and this)."""
    text = open(os.path.join(REPO, "src", "genome", "build.rs"), encoding="utf-8").read()
    table = text.split("const %s_LENGTHS" % build.upper(), 1)[1].split("];", 1)[0]
    return {name: int(n.replace("_", "")) for name, n in re.findall(r'\("(\w+)", ([\d_]+)\)', table)}


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else ""
    if build not in ("GRCh37", "GRCh38"):
        raise SystemExit(__doc__)
    lengths = contig_lengths(build)
    segments = {}
    with open(os.path.join(REPO, "resources", "reference", "known_sequence.tsv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["build"] == build:
                segments.setdefault(r["chrom"], []).append((int(r["start"]), r["sequence"]))
    out = sys.stdout
    for chrom in sorted(segments, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c)):
        seq = bytearray(b"N" * lengths[chrom])
        for start, bases in segments[chrom]:
            seq[start - 1:start - 1 + len(bases)] = bases.encode()
        out.write(">chr%s\n" % chrom)
        for i in range(0, len(seq), 60):
            out.write(seq[i:i + 60].decode())
            out.write("\n")


if __name__ == "__main__":
    main()
