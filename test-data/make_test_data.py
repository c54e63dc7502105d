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
import os
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


# ---------------------------------------------------------------------------------------
# genomic variants: trimming, left/right alignment, VCF representation


def trim(pos, ref, alt):
    """Minimal form: (start, deleted, inserted); a pure insertion lies between start-1 and start."""
    while ref and alt and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while ref and alt and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


def shift_left(build, chrom, start, dele, ins):
    """Left-align a pure deletion or insertion on the plus strand (as VCF normalisers do)."""
    base = lambda p: GENOME.seq(build, chrom, p, p)
    if dele and not ins:
        while base(start - 1) == dele[-1]:
            dele = dele[-1] + dele[:-1]
            start -= 1
    elif ins and not dele:
        while base(start - 1) == ins[-1]:
            ins = ins[-1] + ins[:-1]
            start -= 1
    return start, dele, ins


def shift_right(build, chrom, start, dele, ins):
    base = lambda p: GENOME.seq(build, chrom, p, p)
    if dele and not ins:
        while base(start + len(dele)) == dele[0]:
            dele = dele[1:] + dele[0]
            start += 1
    elif ins and not dele:
        while base(start) == ins[0]:
            ins = ins[1:] + ins[0]
            start += 1
    return start, dele, ins


def vcf_form(build, chrom, start, dele, ins):
    """VCF POS/REF/ALT of a minimal allele; indels get the preceding base as anchor."""
    if dele and ins:
        return start, dele, ins
    anchor = GENOME.seq(build, chrom, start - 1, start - 1)
    return start - 1, anchor + dele, anchor + ins


class Allele:
    """One ALT allele of a VCF record, plus strand."""

    def __init__(self, build, chrom, pos, ref, alt):
        check(GENOME.seq(build, chrom, pos, pos + len(ref) - 1) == ref,
              "%s %s:%d REF %s disagrees with known_sequence" % (build, chrom, pos, ref))
        self.build, self.chrom, self.pos, self.ref, self.alt = build, chrom, pos, ref, alt

    def minimal(self):
        return trim(self.pos, self.ref, self.alt)

    def left_aligned(self):
        s, d, i = shift_left(self.build, self.chrom, *self.minimal())
        return Allele(self.build, self.chrom, *vcf_form(self.build, self.chrom, s, d, i))

    def right_aligned(self):
        s, d, i = shift_right(self.build, self.chrom, *self.minimal())
        return Allele(self.build, self.chrom, *vcf_form(self.build, self.chrom, s, d, i))

    def key(self):
        return (self.pos, self.ref, self.alt)

    def __repr__(self):
        return "%s:%d:%s>%s" % (self.chrom, self.pos, self.ref, self.alt)


# ---------------------------------------------------------------------------------------
# HGVS c. (own implementation: 3' rule in transcript direction, dup detection)


def hgvs_c(tx, allele):
    """HGVS c. of a genomic allele on tx, after shifting indels to the transcript 3' end."""
    b, ch = tx.build, tx.chrom
    start, dele, ins = allele.minimal()
    if bool(dele) != bool(ins):  # pure indel: 3' rule
        if tx.strand == "+":
            start, dele, ins = shift_right(b, ch, start, dele, ins)
        else:
            start, dele, ins = shift_left(b, ch, start, dele, ins)
    cod = (lambda s: s) if tx.strand == "+" else rc
    if dele:
        g_lo, g_hi = start, start + len(dele) - 1
        c5, c3 = (g_lo, g_hi) if tx.strand == "+" else (g_hi, g_lo)
        n5, n3 = tx.c_name(c5), tx.c_name(c3)
        rng = n5 if c5 == c3 else "%s_%s" % (n5, n3)
        if not ins:
            return "c.%sdel" % rng
        if len(dele) == 1 and len(ins) == 1:
            return "c.%s%s>%s" % (n5, cod(dele), cod(ins))
        return "c.%sdelins%s" % (rng, cod(ins))
    # insertion between start-1 and start (genomic)
    n = len(ins)
    if tx.strand == "+":
        prev = (start - n, start - 1)            # the n bases 5' (in transcript) of the gap
        flank5, flank3 = start - 1, start
    else:
        prev = (start, start + n - 1)
        flank5, flank3 = start, start - 1
    if GENOME.seq(b, ch, *prev) == ins:
        c5, c3 = (prev[0], prev[1]) if tx.strand == "+" else (prev[1], prev[0])
        n5, n3 = tx.c_name(c5), tx.c_name(c3)
        return "c.%sdup" % (n5 if n == 1 else "%s_%s" % (n5, n3))
    return "c.%s_%sins%s" % (tx.c_name(flank5), tx.c_name(flank3), cod(ins))


def parse_cpos(tx, text):
    """Genomic position of a c. position such as 3604, 3173-1 or 3172+25."""
    for sign in ("+", "-"):
        if sign in text[1:]:
            base, off = text[:text.index(sign, 1)], int(text[text.index(sign, 1) + 1:])
            off = off if sign == "+" else -off
            return tx.step(tx.c2g[int(base) - 1], off)
    return tx.c2g[int(text) - 1]


def verify_c_reference(tx, name):
    """The reference base(s) a c. name states must match the coding-strand sequence."""
    body = name[2:]
    cod = lambda g: tx.coding_base(g)
    if ">" in body:
        pos, change = body[:-3], body[-3:]
        g = parse_cpos(tx, pos)
        check(cod(g) == change[0], "%s %s: c. names %s but the coding strand has %s" % (
            tx.gene, tx.build, change[0], cod(g)))
        return
    for kw in ("delins", "del", "dup", "ins"):
        if kw in body:
            rng = body[:body.index(kw)]
            break
    else:
        raise CaseError("cannot parse %s" % name)
    gs = [parse_cpos(tx, p) for p in rng.split("_")]
    for g in gs:
        check(cod(g) is not None, "%s %s: %s names an unknown base" % (tx.gene, tx.build, name))
    if len(gs) == 2:
        in_order = gs[0] < gs[1] if tx.strand == "+" else gs[0] > gs[1]
        check(in_order, "%s %s: %s range is not in transcript order" % (tx.gene, tx.build, name))


def allele_from_c(tx, name):
    """Genomic (plus-strand, VCF-style) allele for a c. name on tx."""
    b, ch = tx.build, tx.chrom
    body = name[2:]
    plus = (lambda s: s) if tx.strand == "+" else rc
    if ">" in body:
        g = parse_cpos(tx, body[:-3])
        ref = GENOME.seq(b, ch, g, g)
        check(plus(ref) == body[-3], "%s %s %s: coding base is %s" % (tx.gene, b, name, plus(ref)))
        return Allele(b, ch, g, ref, plus(body[-1]))
    for kw in ("delins", "del", "dup"):
        if kw in body:
            rng, tail = body[:body.index(kw)], body[body.index(kw) + len(kw):]
            break
    else:
        raise CaseError("cannot build %s" % name)
    gs = [parse_cpos(tx, p) for p in rng.split("_")]
    lo, hi = min(gs), max(gs)
    ref = GENOME.seq(b, ch, lo, hi)
    if kw == "delins":
        check(tail and set(tail) <= set("ACGT"), name)
        return Allele(b, ch, lo, ref, plus(tail))
    check(tail == "", "%s: give no bases after %s" % (name, kw))
    if kw == "del":
        return Allele(b, ch, *vcf_form(b, ch, lo, ref, ""))
    # dup: insert a copy next to the duplicated bases (3' side in transcript)
    start = hi + 1 if tx.strand == "+" else lo
    return Allele(b, ch, *vcf_form(b, ch, start, "", ref))


# ---------------------------------------------------------------------------------------
# protein consequence, by translating the edited CDS


def edited_cds(tx, allele):
    """Coding-strand CDS after the allele, or None if the allele leaves the CDS untouched/outside."""
    start, dele, ins = allele.minimal()
    cds = tx.cds_string()
    cod = (lambda s: s) if tx.strand == "+" else rc
    if dele:
        gs = range(start, start + len(dele))
        if not all(g in tx.g2c for g in gs):
            check(not any(g in tx.g2c for g in gs), "%r: straddles a CDS boundary (not handled)" % allele)
            return None
        cs = sorted(tx.g2c[g] for g in gs)
        check(cs == list(range(cs[0], cs[-1] + 1)), "%r: deletion not contiguous in the CDS" % allele)
        check(cds[cs[0] - 1:cs[-1]] == cod(dele), "%r: CDS bases disagree" % allele)
        return cds[:cs[0] - 1] + cod(ins) + cds[cs[-1]:]
    a, z = start - 1, start
    if a not in tx.g2c or z not in tx.g2c:
        return None
    c5 = min(tx.g2c[a], tx.g2c[z])
    check(abs(tx.g2c[a] - tx.g2c[z]) == 1, "%r: insertion not between adjacent CDS bases" % allele)
    return cds[:c5] + cod(ins) + cds[c5:]


def three(aa):
    return THREE[aa]


def protein_change(tx, allele):
    """(hgvs_p, short, consequence) by translating reference and edited CDS."""
    cds = tx.cds_string()
    mut = edited_cds(tx, allele)
    if mut is None:
        return None
    P = translate(cds)
    A_full = translate(mut)
    stop = A_full.find("*")
    A = A_full[:stop + 1] if stop >= 0 else A_full
    i = 0
    while i < min(len(P), len(A)) and P[i] == A[i]:
        i += 1
    check(i >= len(P) or P[i] != "?", "%r: change lies in unknown sequence" % allele)
    if (len(mut) - len(cds)) % 3:
        check(i < len(A), "%r: frameshift without a protein change?" % allele)
        if A[i] == "*":
            return ("p.%s%dTer" % (three(P[i]), i + 1), "%s%d*" % (P[i], i + 1), "frameshift_variant")
        rest = A[i:]
        q = rest.find("?")
        t = rest.find("*")
        if t >= 0 and (q < 0 or t < q):
            ter_l, ter_s = "Ter%d" % (t + 1), "*%d" % (t + 1)
        else:
            ter_l, ter_s = "Ter?", "*?"
        return ("p.%s%d%sfs%s" % (three(P[i]), i + 1, three(A[i]), ter_l),
                "%s%d%sfs%s" % (P[i], i + 1, A[i], ter_s), "frameshift_variant")
    if i == len(P) and len(A) == len(P):
        # synonymous: name the codon that holds the change
        s, d, n = allele.minimal()
        k = (min(tx.g2c[g] for g in range(s, s + len(d))) - 1) // 3
        return ("p.%s%d=" % (three(P[k]), k + 1), "%s%d=" % (P[k], k + 1), "synonymous_variant")
    if i < len(A) and A[i] == "*" and i < len(P) - 1:
        check(len(mut) == len(cds), "%r: in-frame indel creating a stop (not handled)" % allele)
        return ("p.%s%dTer" % (three(P[i]), i + 1), "%s%d*" % (P[i], i + 1), "stop_gained")
    # in frame: maximal common prefix (gives the HGVS 3' rule), then common suffix
    j = 0
    while j < min(len(P), len(A)) - i and P[len(P) - 1 - j] == A[len(A) - 1 - j]:
        j += 1
    dl, ins = P[i:len(P) - j], A[i:len(A) - j]
    check(not ("?" in dl or "?" in ins), "%r: protein change touches unknown codons" % allele)
    if len(dl) == 1 and len(ins) == 1:
        if ins == "*":
            return ("p.%s%dTer" % (three(dl), i + 1), "%s%d*" % (dl, i + 1), "stop_gained")
        return ("p.%s%d%s" % (three(dl), i + 1, three(ins)), "%s%d%s" % (dl, i + 1, ins), "missense_variant")

    def rng(a, b, long):
        f = three if long else (lambda x: x)
        if a == b:
            return "%s%d" % (f(P[a]), a + 1)
        return "%s%d_%s%d" % (f(P[a]), a + 1, f(P[b]), b + 1)

    if not ins:
        a, b = i, i + len(dl) - 1
        return ("p.%sdel" % rng(a, b, True), "%sdel" % rng(a, b, False), "inframe_deletion")
    if not dl:
        n = len(ins)
        if P[i - n:i] == ins:
            a, b = i - n, i - 1
            return ("p.%sdup" % rng(a, b, True), "%sdup" % rng(a, b, False), "inframe_insertion")
        return ("p.%s%d_%s%dins%s" % (three(P[i - 1]), i, three(P[i]), i + 1, "".join(map(three, ins))),
                "%s%d_%s%dins%s" % (P[i - 1], i, P[i], i + 1, ins), "inframe_insertion")
    a, b = i, i + len(dl) - 1
    cons = "inframe_deletion" if len(dl) > len(ins) else (
        "inframe_insertion" if len(ins) > len(dl) else "missense_variant")
    if "*" in ins:
        cons = "stop_gained"
    return ("p.%sdelins%s" % (rng(a, b, True), "".join(map(three, ins))),
            "%sdelins%s" % (rng(a, b, False), ins), cons)


# ---------------------------------------------------------------------------------------
# SO consequence (most severe), VEP ordering

SEVERITY = ["splice_acceptor_variant", "splice_donor_variant", "stop_gained", "frameshift_variant",
            "stop_lost", "start_lost", "inframe_insertion", "inframe_deletion", "missense_variant",
            "protein_altering_variant", "splice_region_variant", "synonymous_variant",
            "coding_sequence_variant", "5_prime_UTR_variant", "3_prime_UTR_variant", "exon_variant",
            "intron_variant"]


def splice_terms(tx, allele):
    """Splice/intron terms of the positions an allele touches (VEP: splice acceptor/donor =
    intron +-1..2; splice region = exon 1..3 or intron 3..8 from an internal exon edge)."""
    start, dele, ins = allele.minimal()
    touched = list(range(start, start + len(dele))) if dele else [start - 1, start]
    lo_tx = min(x[1] for x in tx.exons)
    hi_tx = max(x[2] for x in tx.exons)
    internal_edges = set()
    for _, s, e in tx.exons:
        internal_edges.update(x for x in (s, e) if x not in (lo_tx, hi_tx))
    terms = set()
    for g in touched:
        if not lo_tx <= g <= hi_tx:
            continue
        if tx.exon_of(g) is not None:
            if any(abs(g - edge) < 3 and tx.exon_of(edge) == tx.exon_of(g) for edge in internal_edges):
                terms.add("splice_region_variant")
            continue
        name = tx.c_name(g)
        cut = max(name.rfind("+"), name.rfind("-"))
        k = int(name[cut + 1:])
        if k <= 2:
            terms.add("splice_donor_variant" if name[cut] == "+" else "splice_acceptor_variant")
        elif k <= 8:
            terms.add("splice_region_variant")
        else:
            terms.add("intron_variant")
    return terms


def most_severe(terms):
    return min(terms, key=SEVERITY.index)


# ---------------------------------------------------------------------------------------
# cases


class Case:
    def __init__(self, case_id, gene, allele, hgvs_c="", hgvs_p="", short="", consequence="",
                 source="alkres", combined="no", note="", info=None, sample="TUMOUR", ps=None):
        self.case_id, self.gene, self.allele = case_id, gene, allele
        self.hgvs_c, self.hgvs_p, self.short = hgvs_c, hgvs_p, short
        self.consequence, self.source, self.combined = consequence, source, combined
        self.note, self.info, self.sample, self.ps = note, info or [], sample, ps


# ALK kinase-domain point mutations: (name, c. change used, why that base)
ALK_POINT = [
    ("G1202R", "c.3604G>A", "literature c.3604G>A"),
    ("D1203N", "c.3607G>A", "only single-base route"),
    ("I1171T", "c.3512T>C", "only single-base route"),
    ("I1171N", "c.3512T>A", "literature c.3512T>A"),
    ("I1171S", "c.3512T>G", "only single-base route (ATC>AGC)"),
    ("L1196M", "c.3586C>A", "literature c.3586C>A"),
    ("L1196Q", "c.3587T>A", "only single-base route"),
    ("G1269A", "c.3806G>C", "literature c.3806G>C"),
    ("C1156Y", "c.3467G>A", "literature c.3467G>A"),
    ("F1174C", "c.3521T>G", "only single-base route"),
    ("F1174L", "c.3522C>A", "c.3522C>A as most often reported; c.3522C>G and c.3520T>C also give Leu"),
    ("F1174V", "c.3520T>G", "only single-base route"),
    ("F1174I", "c.3520T>A", "only single-base route"),
    ("L1152R", "c.3455T>G", "only single-base route"),
    ("L1152P", "c.3455T>C", "only single-base route"),
    ("L1152V", "c.3454C>G", "only single-base route"),
    ("V1180L", "c.3538G>C", "only single-base route"),
    ("L1198F", "c.3592C>T", "only single-base route"),
    ("S1206Y", "c.3617C>A", "only single-base route"),
    ("S1206C", "c.3617C>G", "only single-base route"),
    ("E1210K", "c.3628G>A", "only single-base route"),
    ("G1128A", "c.3383G>C", "only single-base route"),
    ("L1256F", "c.3766C>T", "only single-base route"),
    ("R1275Q", "c.3824G>A", "only single-base route"),
]


def single_base_routes(tx, ref_aa, pos, alt_aa):
    codon = tx.codon(pos)
    check(CODON[codon] == ref_aa, "%s %s: codon %d is %s (%s), not %s" % (
        tx.gene, tx.build, pos, codon, CODON[codon], ref_aa))
    routes = []
    for k in range(3):
        for b in "ACGT":
            if b != codon[k] and CODON[codon[:k] + b + codon[k + 1:]] == alt_aa:
                routes.append("c.%d%s>%s" % (3 * pos - 3 + k + 1, codon[k], b))
    return routes


def expect_from(tx, allele, hgvs_c_expected, p_expected=None, cons_expected=None):
    """Recompute c., p. and consequence of a genomic allele; assert against expectations."""
    c = hgvs_c(tx, allele)
    check(c == hgvs_c_expected, "%s %s %r: computed %s, expected %s" % (
        tx.gene, tx.build, allele, c, hgvs_c_expected))
    verify_c_reference(tx, c)
    pc = protein_change(tx, allele)
    terms = splice_terms(tx, allele)
    if pc:
        terms.add(pc[2])
    cons = most_severe(terms) if terms else "coding_sequence_variant"
    hp, sh = (pc[0], pc[1]) if pc else ("", "")
    if p_expected is not None:
        check(hp == p_expected, "%s %s %s: protein %s, expected %s" % (tx.gene, tx.build, c, hp, p_expected))
    if cons_expected is not None:
        check(cons == cons_expected, "%s %s %s: consequence %s, expected %s" % (
            tx.gene, tx.build, c, cons, cons_expected))
    return c, hp, sh, cons


def long_p(short):
    """G1202R -> p.Gly1202Arg (simple substitutions only)."""
    return "p.%s%s%s" % (THREE[short[0]], short[1:-1], THREE[short[-1]])


def exon_position37(txs, gene, build, pos37):
    """Carry a GRCh37 exonic position to `build` through the exon table (same exon, same offset)."""
    t37 = txs[(gene, "GRCh37")]
    num = t37.exon_of(pos37)
    check(num is not None, "%s: %d is not exonic on GRCh37" % (gene, pos37))
    s37, e37 = [(s, e) for n, s, e in t37.exons if n == num][0]
    t = txs[(gene, build)]
    s, e = [(s, e) for n, s, e in t.exons if n == num][0]
    check(e - s == e37 - s37, "%s exon %d: length differs between builds" % (gene, num))
    return num, s + (pos37 - s37)


class Unchecked:
    """An allele at a position whose reference base the project does not know."""

    def __init__(self, chrom, pos, ref, alt):
        self.chrom, self.pos, self.ref, self.alt = chrom, pos, ref, alt

    def key(self):
        return (self.pos, self.ref, self.alt)


def build_cases(txs, build):
    alk = txs[("ALK", build)]
    single, multi = [], []

    # 1. ALK kinase-domain point mutations
    for name, c_name, why in ALK_POINT:
        pos = int(name[1:-1])
        routes = single_base_routes(alk, name[0], pos, name[-1])
        check(c_name in routes, "ALK %s %s: %s not among single-base routes %s" % (build, name, c_name, routes))
        allele = allele_from_c(alk, c_name).left_aligned()
        c, hp, sh, cons = expect_from(alk, allele, c_name, long_p(name), "missense_variant")
        check(sh == name, "short %s != %s" % (sh, name))
        single.append(Case("ALK_" + name, "ALK", allele, c, hp, sh, cons,
                           note="%s; codon %s; %s" % (name, alk.codon(pos), why)))

    # 2. T1151 duplication of the whole codon, written as a left-aligned VCF insertion
    allele = allele_from_c(alk, "c.3451_3453dup")
    vcf = allele.left_aligned()
    check(hgvs_c(alk, vcf) == hgvs_c(alk, allele.right_aligned()), "T1151dup: alignment changes the c. name")
    c, hp, sh, cons = expect_from(alk, vcf, "c.3451_3453dup", "p.Thr1151dup", "inframe_insertion")
    single.append(Case("ALK_T1151dup", "ALK", vcf, c, hp, sh, cons, note=(
        "T1151 codon %s (c.3451 is the first base of exon 22) duplicated; VCF insertion left-aligned on the "
        "plus strand = 3'-most in the minus-strand transcript, so no shift is needed" % alk.codon(1151))))

    # 3. G1202del: a Gly codon out of the G run c.3600-c.3605 (GCG GGG GGA); 3' rule -> c.3603_3605del
    allele = allele_from_c(alk, "c.3601_3603del")
    left, right = allele.left_aligned(), allele.right_aligned()
    check(left.key() != right.key(), "G1202del: deletion cannot be shifted")
    for cid, rep, what in (("ALK_G1202del_leftaligned", left, "left-aligned as a caller writes it"),
                           ("ALK_G1202del_unaligned", right, "deliberately NOT left-aligned (shifted fully "
                                                              "right on the genome = 5' in the transcript)")):
        c, hp, sh, cons = expect_from(alk, rep, "c.3603_3605del", "p.Gly1202del", "inframe_deletion")
        single.append(Case(cid, "ALK", rep, c, hp, sh, cons, note=(
            "one GGG out of GCGGGGGGA (c.3598-c.3606); %s; both representations must give the same names" % what)))

    # 4. MNV: two bases of codon 1202 (GGA -> AGG); the middle base is unchanged
    allele = allele_from_c(alk, "c.3604_3606delinsAGG")
    c, hp, sh, cons = expect_from(alk, allele, "c.3604_3606delinsAGG", "p.Gly1202Arg", "missense_variant")
    single.append(Case("ALK_G1202R_MNV", "ALK", allele, c, hp, sh, cons, note=(
        "MNV record: c.3604G>A plus c.3606A>G in one record (GGA>AGG); no two adjacent bases of GGA can give "
        "Arg, so the delins spans c.3604-c.3606")))

    # 5. two SNVs in codon 1171 (ATC): c.3511A>T (TTC Phe) + c.3512T>C (ACC Thr) = TCC Ser
    a1 = allele_from_c(alk, "c.3511A>T")
    a2 = allele_from_c(alk, "c.3512T>C")
    r1 = expect_from(alk, a1, "c.3511A>T", "p.Ile1171Phe", "missense_variant")
    r2 = expect_from(alk, a2, "c.3512T>C", "p.Ile1171Thr", "missense_variant")
    lo = min(a1.pos, a2.pos)
    comb_ref = GENOME.seq(build, alk.chrom, lo, lo + 1)
    comb_alt = "".join(a.alt for a in sorted((a1, a2), key=lambda a: a.pos))
    comb = Allele(build, alk.chrom, lo, comb_ref, comb_alt)
    rc_ = expect_from(alk, comb, "c.3511_3512delinsTC", "p.Ile1171Ser", "missense_variant")
    ps = lo
    pair_ids = (("ALK_I1171S_CIS_PART1", "ALK_I1171F_UNPHASED"), ("ALK_I1171S_CIS_PART2", "ALK_I1171T_UNPHASED"))
    multi.append(Case("ALK_I1171S_CIS", "ALK", comb, *rc_, combined="yes", sample="TUMOUR_CIS", note=(
        "COMBINED change of the two phased records %s and %s (0|1, same PS) in TUMOUR_CIS: ATC>TCC; "
        "this is what must be reported; no VCF record has this POS/REF/ALT" % (pair_ids[0][0], pair_ids[1][0]))))
    for (cis_id, unph_id), a, r in zip(pair_ids, (a1, a2), (r1, r2)):
        multi.append(Case(cis_id, "ALK", a, *r, combined="component", sample="TUMOUR_CIS", note=(
            "component of ALK_I1171S_CIS (TUMOUR_CIS, 0|1, PS=%d); this is its individual change, which must "
            "not be reported on its own for TUMOUR_CIS" % ps), ps=ps))
        multi.append(Case(unph_id, "ALK", a, *r, sample="TUMOUR_UNPHASED", note=(
            "same record in TUMOUR_UNPHASED (0/1, no PS): phase unknown, so the individual change is expected, "
            "not p.Ile1171Ser")))

    # 6. multi-allelic record, L1152R and L1152P at c.3455 (CTG>CGG / CCG), GT 1/2
    for short, c_name in (("L1152R", "c.3455T>G"), ("L1152P", "c.3455T>C")):
        a = allele_from_c(alk, c_name)
        r = expect_from(alk, a, c_name, long_p(short), "missense_variant")
        multi.append(Case("ALK_%s_MULTI" % short, "ALK", a, *r, sample="TUMOUR_MULTI", note=(
            "one ALT of the multi-allelic record ALK_L1152R_MULTI;ALK_L1152P_MULTI (ALT=G,C on the plus strand, "
            "GT 1/2 in TUMOUR_MULTI)")))

    # 7. other genes and ALK non-missense classes
    others = [
        ("EGFR_L858R", "EGFR", "c.2573T>G", "p.Leu858Arg", "missense_variant", "EGFR exon 21"),
        ("EGFR_E746_A750del", "EGFR", "c.2235_2249del", "p.Glu746_Ala750del", "inframe_deletion",
         "exon 19 deletion GGAATTAAGAGAAGC; it cannot shift either way (first deleted base G vs next A, last "
         "deleted C vs preceding A), so the left-aligned VCF and the HGVS 3' name agree on c.2235_2249"),
        ("KRAS_G12C", "KRAS", "c.34G>T", "p.Gly12Cys", "missense_variant", "bypass driver; KRAS minus strand"),
        ("BRAF_V600E", "BRAF", "c.1799T>A", "p.Val600Glu", "missense_variant", "BRAF minus strand"),
        ("PTEN_R130X", "PTEN", "c.388C>T", "p.Arg130Ter", "stop_gained", "nonsense, short form R130*"),
        ("ALK_L1198syn", "ALK", "c.3594C>T", "p.Leu1198=", "synonymous_variant", "CTC>CTT"),
        ("ALK_L1196fs", "ALK", "c.3586del", None, "frameshift_variant",
         "1-base deletion in exon 23 (C of L1196 CTG); new stop lies in exon 25, inside known sequence"),
        ("ALK_c3173-1", "ALK", "c.3173-1G>A", "", "splice_acceptor_variant",
         "intron 19 / exon 20 acceptor AG, the G; no protein change named"),
        ("ALK_intron19", "ALK", "c.3173-25G>A", "", "intron_variant", "intron 19, 25 bp before exon 20"),
    ]
    for cid, gene, c_name, p_exp, cons_exp, note in others:
        tx = txs[(gene, build)]
        a = allele_from_c(tx, c_name).left_aligned()
        r = expect_from(tx, a, c_name, p_exp, cons_exp)
        if cid == "ALK_L1196fs":
            check(r[1] == "p.Leu1196TrpfsTer62", "frameshift now %s" % r[1])
        single.append(Case(cid, gene, a, *r, note=note))

    # 8. bypass and transformation genes named from their own shipped CDS (scripts/derive_full_cds.py)
    own = [
        ("KIT_D816V", "KIT", "c.2447A>T", "p.Asp816Val", "missense_variant", "KIT exon 17 activation loop"),
        ("MET_D1228N", "MET", "c.3682G>A", "p.Asp1228Asn", "missense_variant",
         "MET on the 1390-aa isoform (D1246N on the 1408-aa one)"),
        ("NRAS_Q61K", "NRAS", "c.181C>A", "p.Gln61Lys", "missense_variant", "NRAS minus strand, exon 3"),
        ("PIK3CA_E545K", "PIK3CA", "c.1633G>A", "p.Glu545Lys", "missense_variant", "PIK3CA helical domain"),
        ("MAP2K1_K57N", "MAP2K1", "c.171G>T", "p.Lys57Asn", "missense_variant", "MAP2K1 exon 2"),
        ("MAP2K1_C121S", "MAP2K1", "c.362G>C", "p.Cys121Ser", "missense_variant",
         "MAP2K1 exon 3, c.345-394 shipped from a public 50-nt fragment"),
        ("MAP2K1_P124S", "MAP2K1", "c.370C>T", "p.Pro124Ser", "missense_variant",
         "MAP2K1 exon 3, c.345-394 shipped from a public 50-nt fragment"),
        ("TP53_R175H", "TP53", "c.524G>A", "p.Arg175His", "missense_variant", "TP53 minus strand, exon 5"),
        ("RB1_R320X", "RB1", "c.958C>T", "p.Arg320Ter", "stop_gained", "RB1 nonsense, short form R320*"),
    ]
    for cid, gene, c_name, p_exp, cons_exp, note in own:
        tx = txs[(gene, build)]
        a = allele_from_c(tx, c_name).left_aligned()
        r = expect_from(tx, a, c_name, p_exp, cons_exp)
        single.append(Case(cid, gene, a, *r, note=note))

    # 9. codons without shipped sequence: names from the VCF's CSQ / ANN, else c. only
    # (MAP2K1 exon 6 has no public sequence here; accessions and names as CIViC gives them for
    # E203K; the ANN and bare cases sit at c.622 and c.610 of the same exon, REF unchecked)
    chrom = lambda g: txs[(g, build)].chrom
    num, pos = exon_position37(txs, "MAP2K1", build, 66774131)
    csq = ("A|missense_variant|MODERATE|MAP2K1|ENSG00000169032|Transcript|NM_002755.3|protein_coding|%d/11||"
           "NM_002755.3:c.607G>A|NP_002746.1:p.Glu203Lys" % num)
    single.append(Case("MAP2K1_E203K_VEP", "MAP2K1", Unchecked(chrom("MAP2K1"), pos, "G", "A"), "c.607G>A",
                       "p.Glu203Lys", "E203K", "missense_variant", "VEP CSQ", info=[("CSQ", csq)], note=(
                           "MAP2K1 exon %d: CDS bounds shipped, bases not; REF unknown to the project (G written, "
                           "unchecked); protein name from the CSQ field, accession stripped" % num)))
    num, pos = exon_position37(txs, "MAP2K1", build, 66774131 + 15)
    ann = ("A|missense_variant|MODERATE|MAP2K1|MAP2K1|transcript|NM_002755.3|protein_coding|%d/11|c.622G>A|"
           "p.Asp208Asn||622/1182|208/393||" % num)
    single.append(Case("MAP2K1_D208N_SNPEFF", "MAP2K1", Unchecked(chrom("MAP2K1"), pos, "G", "A"), "c.622G>A",
                       "p.Asp208Asn", "D208N", "missense_variant", "SnpEff ANN", info=[("ANN", ann)], note=(
                           "MAP2K1 exon %d: CDS bounds shipped, bases not; REF unknown to the project (G written, "
                           "unchecked); names come from the ANN field" % num)))
    num, pos = exon_position37(txs, "MAP2K1", build, 66774131 + 3)
    single.append(Case("MAP2K1_c610_bare", "MAP2K1", Unchecked(chrom("MAP2K1"), pos, "A", "G"), "c.610A>G", "",
                       "", "coding_sequence_variant", "alkres-gene-exon-only", note=(
                           "MAP2K1 exon %d, no CSQ/ANN: c. from the shipped CDS bounds, no codon bases, so no "
                           "protein change" % num)))
    return single, multi


# ---------------------------------------------------------------------------------------
# VCF writing

CONTIG_LENGTHS = {
    "GRCh37": [249250621, 243199373, 198022430, 191154276, 180915260, 171115067, 159138663,
               146364022, 141213431, 135534747, 135006516, 133851895, 115169878, 107349540,
               102531392, 90354753, 81195210, 78077248, 59128983, 63025520, 48129895, 51304566,
               155270560, 59373566],
    "GRCh38": [248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973,
               145138636, 138394717, 133797422, 135086622, 133275309, 114364328, 107043718,
               101991189, 90338345, 83257441, 80373285, 58617616, 64444167, 46709983, 50818468,
               156040895, 57227415],
}
CHROMS = [str(i) for i in range(1, 23)] + ["X", "Y"]
CSQ_FORMAT = "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp"
ANN_FORMAT = ("Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | "
              "Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / CDS.length | "
              "AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO")


def chrom_name(chrom, style):
    return "chr" + chrom if style == "chr" else chrom


def vcf_header(build, style, samples, source):
    lines = ["##fileformat=VCFv4.2", "##source=%s" % source]
    for c, n in zip(CHROMS, CONTIG_LENGTHS[build]):
        lines.append("##contig=<ID=%s,length=%d>" % (chrom_name(c, style), n))
    lines += [
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total read depth at the locus">',
        '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency of each ALT allele">',
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
        'Format: %s">' % CSQ_FORMAT,
        '##INFO=<ID=ANN,Number=.,Type=String,Description="Functional annotations: \'%s\' ">' % ANN_FORMAT,
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the REF and ALT alleles">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction of each ALT allele">',
        '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set: position of the first variant '
        'of the set">',
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"] + samples),
    ]
    return lines


def depths(k, n_alt=1):
    """Deterministic, realistic-looking depths for record number k: (AD list, DP)."""
    dp = 80 + (k * 37) % 90
    fracs = [0.18, 0.25, 0.31, 0.4, 0.46, 0.52][k % 6]
    alts = [int(round(dp * fracs / n_alt))] * n_alt
    return [dp - sum(alts)] + alts, dp


def fmt_af(x):
    return "%.3f" % x if x else "0"


def sort_key(chrom, pos, ref, alt):
    return (CHROMS.index(chrom), pos, ref, alt)


class Record:
    def __init__(self, chrom, pos, ids, ref, alts, info=None, samples=None, fmt="GT:AD:DP:AF"):
        self.chrom, self.pos, self.ids, self.ref, self.alts = chrom, pos, ids, ref, alts
        self.info = info or []
        self.samples = samples or []
        self.fmt = fmt

    def line(self, style):
        info = ";".join("%s=%s" % kv for kv in self.info) or "."
        return "\t".join([chrom_name(self.chrom, style), str(self.pos), ";".join(self.ids), self.ref,
                          ",".join(self.alts), "50", "PASS", info, self.fmt] + self.samples)

    def key(self):
        return sort_key(self.chrom, self.pos, self.ref, ",".join(self.alts))


def sample_field(gt, ad, dp, ps=None, with_ps=False):
    alt_total = ad[1:]
    af = ",".join(fmt_af(a / dp) for a in alt_total)
    parts = [gt, ",".join(map(str, ad)), str(dp), af]
    if with_ps:
        parts.append(str(ps) if ps is not None else ".")
    return ":".join(parts)


def single_records(cases):
    recs = []
    for k, c in enumerate(sorted(cases, key=lambda c: sort_key(c.allele.chrom, *c.allele.key()) + (c.case_id,))):
        ad, dp = depths(k)
        info = [("DP", str(dp)), ("AF", fmt_af(ad[1] / dp))] + list(c.info)
        recs.append(Record(c.allele.chrom, c.allele.pos, [c.case_id], c.allele.ref, [c.allele.alt], info,
                           [sample_field("0/1", ad, dp)]))
    return recs


MULTI_SAMPLES = ["TUMOUR_CIS", "TUMOUR_UNPHASED", "TUMOUR_MULTI"]


def multi_records(cases):
    by = {c.case_id: c for c in cases}
    recs = []
    parts = [("ALK_I1171S_CIS_PART1", "ALK_I1171F_UNPHASED"), ("ALK_I1171S_CIS_PART2", "ALK_I1171T_UNPHASED")]
    for k, (cis, unph) in enumerate(parts):
        a = by[cis].allele
        check(a.key() == by[unph].allele.key(), "pair records differ")
        ad, dp = depths(k + 3)
        ad0, dp0 = [dp, 0], dp
        ps = by[cis].ps
        samples = [sample_field("0|1", ad, dp, ps, True), sample_field("0/1", ad, dp, None, True),
                   sample_field("0/0", ad0, dp0, None, True)]
        info = [("DP", str(3 * dp)), ("AF", fmt_af(2 * ad[1] / (3 * dp)))]
        recs.append(Record(a.chrom, a.pos, [cis, unph], a.ref, [a.alt], info, samples, "GT:AD:DP:AF:PS"))
    r, p = by["ALK_L1152R_MULTI"].allele, by["ALK_L1152P_MULTI"].allele
    check((r.pos, r.ref) == (p.pos, p.ref), "multi-allelic ALTs not at one position")
    dp = 120
    ad = [40, 42, 38]
    samples = [sample_field("0/0", [dp, 0, 0], dp, None, True), sample_field("0/0", [dp, 0, 0], dp, None, True),
               sample_field("1/2", ad, dp, None, True)]
    info = [("DP", str(3 * dp)), ("AF", "%s,%s" % (fmt_af(42 / 360), fmt_af(38 / 360)))]
    recs.append(Record(r.chrom, r.pos, ["ALK_L1152R_MULTI", "ALK_L1152P_MULTI"], r.ref, [r.alt, p.alt], info,
                       samples, "GT:AD:DP:AF:PS"))
    recs.sort(key=Record.key)
    return recs


def write_text(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------
# BGZF (gzip members of <= 64 KiB input with a BC extra field, then the 28-byte EOF block)

BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
BGZF_BLOCK_INPUT = 0xff00  # as htslib: leaves room for incompressible data


def bgzf_block(data):
    co = zlib.compressobj(6, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY)
    cdata = co.compress(data) + co.flush()
    bsize = 18 + len(cdata) + 8  # header with extra field + deflate data + CRC32/ISIZE
    check(bsize <= 65536, "BGZF block too large")
    header = struct.pack("<BBBBIBBH", 0x1F, 0x8B, 8, 4, 0, 0, 0xFF, 6) + b"BC" + struct.pack("<HH", 2, bsize - 1)
    return header + cdata + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data))


def bgzf(data):
    out = [bgzf_block(data[i:i + BGZF_BLOCK_INPUT]) for i in range(0, len(data), BGZF_BLOCK_INPUT)]
    blob = b"".join(out) + BGZF_EOF
    check(gzip.decompress(blob) == data, "BGZF round trip failed")
    # walk the blocks: every member must carry BC with the right size
    off = 0
    while off < len(blob):
        check(blob[off:off + 4] == b"\x1f\x8b\x08\x04" and blob[off + 12:off + 14] == b"BC", "bad BGZF block")
        off += struct.unpack("<H", blob[off + 16:off + 18])[0] + 1
    check(off == len(blob), "BGZF block sizes do not add up")
    return blob


# ---------------------------------------------------------------------------------------
# quick-start example P01 (GRCh38, chr style)


class Lcg:
    """Tiny deterministic generator (independent of Python's random module)."""

    def __init__(self, seed):
        self.x = seed

    def next(self, n):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (self.x >> 33) % n


def example_records(txs):
    build = "GRCh38"
    alk, kras = txs[("ALK", build)], txs[("KRAS", build)]
    picks = [
        ("ALK_G1202R", alk, "c.3604G>A", "p.Gly1202Arg", "0|1", True),
        ("ALK_L1196M", alk, "c.3586C>A", "p.Leu1196Met", "0|1", True),
        ("KRAS_G12C", kras, "c.34G>T", "p.Gly12Cys", "0/1", False),
        ("ALK_L1198syn", alk, "c.3594C>T", "p.Leu1198=", "0/1", False),
        ("ALK_intron19", alk, "c.3173-25G>A", "", "0/1", False),
    ]
    alleles = {cid: allele_from_c(tx, c) for cid, tx, c, _, _, _ in picks}
    ps = min(alleles[cid].pos for cid, _, _, _, _, phased in picks if phased)
    recs, expect = [], []
    for k, (cid, tx, c, p, gt, phased) in enumerate(picks):
        a = alleles[cid]
        got = expect_from(tx, a, c, p)
        ad, dp = depths(k + 1)
        info = [("DP", str(dp)), ("AF", fmt_af(ad[1] / dp))]
        recs.append(Record(a.chrom, a.pos, [cid], a.ref, [a.alt], info,
                           [sample_field(gt, ad, dp, ps if phased else None, phased)],
                           "GT:AD:DP:AF:PS" if phased else "GT:AD:DP:AF"))
        expect.append((cid, a, got))
    # filler: ~200 records on other chromosomes, away from every panel transcript (+-1 Mb)
    spans = [(t.chrom, min(x[1] for x in t.exons), max(x[2] for x in t.exons))
             for (g, b), t in sorted(txs.items()) if b == build]
    rng = Lcg(20240601)
    lengths = dict(zip(CHROMS, CONTIG_LENGTHS[build]))
    seen = set()
    others = [c for c in CHROMS if c not in ("2", "Y")]
    while len(seen) < 200:
        chrom = others[rng.next(len(others))]
        pos = 1000000 + rng.next(lengths[chrom] - 2000000)
        if any(chrom == c and s - 1000000 <= pos <= e + 1000000 for c, s, e in spans):
            continue
        if (chrom, pos) in seen:
            continue
        seen.add((chrom, pos))
        ref = "ACGT"[rng.next(4)]
        kind = rng.next(10)
        if kind < 8:
            alt = [b for b in "ACGT" if b != ref][rng.next(3)]
        elif kind == 8:  # deletion of 1-4 bases
            ref = ref + "".join("ACGT"[rng.next(4)] for _ in range(1 + rng.next(4)))
            alt = ref[0]
        else:  # insertion of 1-3 bases
            alt = ref + "".join("ACGT"[rng.next(4)] for _ in range(1 + rng.next(3)))
        ad, dp = depths(len(seen) + 7)
        gt = "0/1" if rng.next(3) else "1/1"
        if gt == "1/1":
            r = rng.next(3)
            ad = [r, dp - r]
        info = [("DP", str(dp)), ("AF", fmt_af(ad[1] / dp))]
        recs.append(Record(chrom, pos, ["."], ref, [alt], info, [sample_field(gt, ad, dp)]))
    recs.sort(key=Record.key)
    return recs, expect


# ---------------------------------------------------------------------------------------
# main

CASE_COLUMNS = ["case_id", "file", "sample", "gene", "chrom", "pos", "ref", "alt", "expected_hgvs_c",
                "expected_hgvs_p", "expected_short", "expected_consequence", "expected_source", "combined",
                "note"]


def case_row(c, fname, style):
    a = c.allele
    return [c.case_id, fname, c.sample, c.gene, chrom_name(a.chrom, style), str(a.pos), a.ref, a.alt,
            c.hgvs_c, c.hgvs_p, c.short, c.consequence, c.source, c.combined, c.note]


def generate():
    """Everything to write, as {path: bytes}; raises CaseError on any inconsistency."""
    global GENOME
    GENOME = Genome()
    txs = load_transcripts()
    out = {}
    rows = []
    for build in BUILDS:
        single, multi = build_cases(txs, build)
        ids = [c.case_id for c in single + multi]
        check(len(ids) == len(set(ids)), "duplicate case ids")
        srecs = single_records(single)
        mrecs = multi_records(multi)
        for style in STYLES:
            for fname, recs, samples, cases in (
                    ("%s.%s.vcf" % (build, style), srecs, ["TUMOUR"], single),
                    ("%s.%s.multisample.vcf" % (build, style), mrecs, MULTI_SAMPLES, multi)):
                lines = vcf_header(build, style, samples, "alkres test-data/make_test_data.py (%s)" % build)
                lines += [r.line(style) for r in recs]
                out[os.path.join(FIX, fname)] = ("\n".join(lines) + "\n").encode()
                for c in sorted(cases, key=lambda c: (sort_key(c.allele.chrom, *c.allele.key()), c.case_id)):
                    rows.append(case_row(c, fname, style))
    tsv = ["\t".join(CASE_COLUMNS)] + ["\t".join(r) for r in rows]
    for r in rows:
        check(all("\t" not in f and "\n" not in f for f in r), "tab/newline in a cases.tsv field")
    out[os.path.join(FIX, "cases.tsv")] = ("\n".join(tsv) + "\n").encode()

    recs, _ = example_records(txs)
    lines = vcf_header("GRCh38", "chr", ["P01"], "alkres test-data/make_test_data.py (example P01)")
    lines += [r.line("chr") for r in recs]
    text = ("\n".join(lines) + "\n").encode()
    out[os.path.join(EXAMPLE, "P01.vcf")] = text
    out[os.path.join(EXAMPLE, "P01.vcf.gz")] = bgzf(text)
    return out, rows


def main():
    try:
        out, rows = generate()
    except CaseError as e:
        sys.stderr.write("make_test_data: inconsistent case, nothing written: %s\n" % e)
        return 1
    for path, data in sorted(out.items()):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        print("wrote %s" % os.path.relpath(path, REPO))
    print("%d case rows (%d distinct cases)" % (len(rows), len({r[0] for r in rows})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
