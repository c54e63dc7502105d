#!/usr/bin/env python3
"""Generate alkres test fixtures from the repository's own resources.

Writes
  tests/fixtures/small_variants/<build>.<style>.vcf              (single sample TUMOUR)
  tests/fixtures/small_variants/<build>.<style>.multisample.vcf  (TUMOUR_CIS, TUMOUR_UNPHASED, TUMOUR_MULTI)
  tests/fixtures/small_variants/cases.tsv                        (expected annotations)
  test-data/example/P01.vcf and P01.vcf.gz                       (quick-start example, BGZF)

for build in GRCh37/GRCh38 and style in chr/bare (`chr2` vs `2`).

Only resources/transcripts/*.tsv and resources/reference/known_sequence.tsv are read.
Every REF base comes from known_sequence (asserted known), every HGVS c. reference base is
asserted against the coding-strand sequence, and every protein change is recomputed by
translating the edited CDS, so an inconsistent case makes the script fail (exit 1) before
anything is written.  Standard library only; output is deterministic.

Usage:  python3 test-data/make_test_data.py
"""

import csv
import gzip
import io
import os
import random
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
RES = os.path.join(REPO, "resources")
FIX = os.path.join(REPO, "tests", "fixtures", "small_variants")
EXAMPLE = os.path.join(HERE, "example")

BUILDS = ("GRCh37", "GRCh38")
STYLES = ("chr", "bare")

# ---------------------------------------------------------------------------------------
# failing loudly


class CaseError(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise CaseError(msg)


# ---------------------------------------------------------------------------------------
# sequence helpers

COMP = str.maketrans("ACGTN", "TGCAN")


def rc(s):
    return s.translate(COMP)[::-1]


_B = "TCAG"
_AA = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODON = {a + b + c: _AA[16 * i + 4 * j + k]
         for i, a in enumerate(_B) for j, b in enumerate(_B) for k, c in enumerate(_B)}
THREE = {"A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "C": "Cys", "Q": "Gln", "E": "Glu",
         "G": "Gly", "H": "His", "I": "Ile", "L": "Leu", "K": "Lys", "M": "Met", "F": "Phe",
         "P": "Pro", "S": "Ser", "T": "Thr", "W": "Trp", "Y": "Tyr", "V": "Val", "*": "Ter"}


def translate(seq):
    """Codon by codon; a codon with an unknown base ('N') gives '?'."""
    return "".join(CODON.get(seq[i:i + 3], "?") for i in range(0, len(seq) - 2, 3))


# ---------------------------------------------------------------------------------------
# resources


def read_tsv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


class Genome:
    """Known plus-strand bases per build and chromosome (resources/reference)."""

    def __init__(self):
        self.seg = {}
        for r in read_tsv(os.path.join(RES, "reference", "known_sequence.tsv")):
            self.seg.setdefault((r["build"], r["chrom"]), []).append(
                (int(r["start"]), int(r["end"]), r["sequence"]))
        for v in self.seg.values():
            v.sort()

    def base(self, build, chrom, pos):
        for s, e, q in self.seg.get((build, chrom), ()):
            if s <= pos <= e:
                return q[pos - s]
        return None

    def seq(self, build, chrom, start, end):
        """Plus-strand bases start..end; every one must be known."""
        out = []
        for p in range(start, end + 1):
            b = self.base(build, chrom, p)
            check(b is not None, "%s %s:%d: reference base not in known_sequence" % (build, chrom, p))
            out.append(b)
        return "".join(out)


GENOME = None


class Transcript:
    def __init__(self, row, exons):
        self.gene = row["gene"]
        self.build = row["build"]
        self.chrom = row["chrom"]
        self.strand = row["strand"]
        self.refseq = row["transcript"]
        self.ensembl = row["ensembl"]
        self.exons = exons  # [(number, start, end)] in transcript order
        self.cds_first = int(row["cds_first"]) if row["cds_first"] else None
        self.cds_last = int(row["cds_last"]) if row["cds_last"] else None
        self.cds_length = int(row["cds_length"]) if row["cds_length"] else None
        self.c2g = []
        self.g2c = {}
        if self.cds_first is not None:
            self._walk()

    def _walk(self):
        """Genomic position of every c.1..c.N, walking exons in transcript order."""
        plus = self.strand == "+"
        started = False
        for _, s, e in self.exons:
            rng = range(s, e + 1) if plus else range(e, s - 1, -1)
            for g in rng:
                if g == self.cds_first:
                    started = True
                if started:
                    self.c2g.append(g)
                if g == self.cds_last:
                    started = False
                    break
            if self.c2g and self.c2g[-1] == self.cds_last:
                break
        check(len(self.c2g) == self.cds_length,
              "%s %s: CDS walk gives %d nt, table says %s" % (
                  self.gene, self.build, len(self.c2g), self.cds_length))
        self.g2c = {g: i + 1 for i, g in enumerate(self.c2g)}

    # transcript-direction helpers
    def step(self, g, n):
        """Move n bases 3'-ward in transcript direction (genomic)."""
        return g + n if self.strand == "+" else g - n

    def coding_base(self, g):
        b = GENOME.base(self.build, self.chrom, g)
        if b is None:
            return None
        return b if self.strand == "+" else rc(b)

    def c_base(self, c):
        """Coding-strand base at c.<c> (must be known)."""
        b = self.coding_base(self.c2g[c - 1])
        check(b is not None, "%s %s c.%d: base unknown" % (self.gene, self.build, c))
        return b

    def cds_string(self):
        """Whole CDS on the coding strand, 'N' where unknown."""
        return "".join(self.coding_base(g) or "N" for g in self.c2g)

    def codon(self, n):
        return "".join(self.c_base(c) for c in range(3 * n - 2, 3 * n + 1))

    def exon_of(self, g):
        for num, s, e in self.exons:
            if s <= g <= e:
                return num
        return None

    def c_name(self, g):
        """HGVS c. position of genomic g: coding (N), or intronic (N+k / N-k) between exons."""
        if g in self.g2c:
            return str(self.g2c[g])
        check(self.exon_of(g) is None, "%s: g.%d is exonic but outside the CDS (not handled)" % (self.gene, g))
        # find flanking exons in transcript order
        for (n1, s1, e1), (n2, s2, e2) in zip(self.exons, self.exons[1:]):
            if self.strand == "+":
                lo, hi = e1, s2          # last base of exon n1, first base of exon n2
                inside = lo < g < hi
                d5, d3 = g - lo, hi - g
            else:
                lo, hi = s1, e2          # exon n1 lies at the higher coordinates
                inside = hi < g < lo
                d5, d3 = lo - g, g - hi
            if inside:
                check(lo in self.g2c and hi in self.g2c, "%s: intron %d not flanked by CDS" % (self.gene, n1))
                if d5 <= d3:
                    return "%d+%d" % (self.g2c[lo], d5)
                return "%d-%d" % (self.g2c[hi], d3)
        raise CaseError("%s: g.%d outside the transcript" % (self.gene, g))


def load_transcripts():
    exons = {}
    for r in read_tsv(os.path.join(RES, "transcripts", "exons.tsv")):
        exons.setdefault((r["gene"], r["build"]), []).append((int(r["exon"]), int(r["start"]), int(r["end"])))
    txs = {}
    for r in read_tsv(os.path.join(RES, "transcripts", "transcripts.tsv")):
        ex = sorted(exons[(r["gene"], r["build"])])
        txs[(r["gene"], r["build"])] = Transcript(r, ex)
    return txs
