#!/usr/bin/env python3
"""Derive alkres' curated transcript / exon / reference-sequence resources.

Reads the public reference material in the shared data folder (see
resources/README.md for provenance and licences) and writes:

  resources/transcripts/transcripts.tsv
  resources/transcripts/exons.tsv
  resources/reference/known_sequence.tsv

Only facts (coordinates, bases) are taken from the sources; no source file is
copied.  The shared folder is needed only when regenerating: the outputs are
committed and nothing reads ../shared at build, run or test time.

Every derived value is cross-checked (CDS translation, exon-length sums,
GRCh37/GRCh38 offsets, CIViC and MutScan anchors).  Any failed check makes the
script exit with status 1 and write nothing.

Standard library only.  Usage:
    python3 scripts/derive_resources.py --shared ../shared/data [--out resources]
"""

import argparse
import csv
import os
import re
import sys
import types

import derive_full_cds
import derive_genomic_excerpts

BUILDS = ("GRCh37", "GRCh38")
GF_BUILD = {"GRCh37": "hg19", "GRCh38": "hg38"}
PANEL = [
    "ALK", "EML4", "KIF5B", "KLC1", "TFG", "HIP1", "PTPN3", "MET", "KRAS",
    "NRAS", "KIT", "EGFR", "IGF1R", "BRAF", "PIK3CA", "MAP2K1", "TP53", "RB1",
    "PTEN", "MYC", "ROS1", "RET", "CDKN2A",
]

# ALK facts given by derived/README (cds_genomic_coordinates_derived.tsv) and the brief.
ALK_CDS = {"GRCh38": (29920659, 29193224), "GRCh37": (30143525, 29416090)}
ALK_CDS_LEN = 4863
ALK_PROT_LEN = 1620
ALK_OFFSET = 222866  # GRCh37 - GRCh38 over the ALK locus
ALK_REFSEQ = "NM_004304.4"  # version attested by CIViC (same c. numbering as ENST00000389048.3)
ALK_RESIDUES = ["G1202", "L1196", "I1171", "F1174", "G1269", "C1156", "L1198",
                "T1151", "D1203", "G1128"]

LBL_ALKFA = "derived/ALK_exons_intron19_coding_strand.fa (rev-comp)"
LBL_MD = "derived/chr2_ALK_EML4_GRCh38_regions_from_DNAfusion_MD.fa"
LBL_LIFT = "(GRCh38 bases, GRCh37 = GRCh38 %+d)"

COMP = str.maketrans("ACGTN", "TGCAN")


def rc(s):
    return s.translate(COMP)[::-1]


def comp(b):
    return b.translate(COMP)


_BASES = "TCAG"
_AA = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODON = {a + b + c: _AA[16 * i + 4 * j + k]
         for i, a in enumerate(_BASES) for j, b in enumerate(_BASES)
         for k, c in enumerate(_BASES)}


def translate(seq):
    return "".join(CODON.get(seq[i:i + 3], "X") for i in range(0, len(seq) - 2, 3))


def chrom_key(c):
    return (0, int(c), "") if c.isdigit() else (1, 0, c)


class Checks:
    def __init__(self):
        self.failures = []
        self.notes = []
        self.passed = 0

    def ok(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failures.append(msg)
        return cond

    def note(self, msg):
        self.notes.append(msg)


CK = Checks()


# --------------------------------------------------------------------------
# source parsers
# --------------------------------------------------------------------------

def read_fasta(path, upper=True):
    """[(name, sequence)]; upper=False keeps case (lowercase intron flanks mean something)."""
    recs = []
    name, seq = None, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            if line.startswith(">"):
                if name is not None:
                    recs.append((name, _joined(seq, upper)))
                name, seq = line[1:], []
            else:
                seq.append(line)
    if name is not None:
        recs.append((name, _joined(seq, upper)))
    return recs


def _joined(lines, upper):
    seq = "".join(lines)
    return seq.upper() if upper else seq


def read_genefuse(path):
    """GeneFuse exon table -> {gene: [(ensembl_or_None, chrom, [(n, s, e)])]} (1-based incl)."""
    out = {}
    cur = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            if line.startswith(">"):
                name, loc = line[1:].split(",")
                if "_" in name:
                    gene, enst = name.split("_", 1)
                else:
                    gene, enst = name, None
                chrom = loc.split(":")[0]
                chrom = chrom[3:] if chrom.startswith("chr") else chrom
                cur = (enst, chrom, [])
                out.setdefault(gene, [])
                # GeneFuse repeats some genes verbatim; keep distinct entries only
                out[gene].append(cur)
            else:
                n, s, e = line.split(",")
                cur[2].append((int(n), int(s), int(e)))
    for gene in out:
        uniq = []
        for ent in out[gene]:
            if ent not in uniq:
                uniq.append(ent)
        out[gene] = uniq
    return out


def read_spliceai(path):
    """SpliceAI annotation -> {gene: (chrom, strand, [(s, e)] genomic order, 1-based)}."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            starts = [int(x) + 1 for x in f[5].strip(",").split(",")]  # 0-based -> 1-based
            ends = [int(x) for x in f[6].strip(",").split(",")]
            out[f[0]] = (f[1], f[2], sorted(zip(starts, ends)))
    return out


def read_tsv(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


# --------------------------------------------------------------------------
# transcript model helpers
# --------------------------------------------------------------------------

def exonic_positions(tx):
    """All exonic genomic positions in transcript (5'->3') order."""
    pos = []
    for s, e in tx["exons"]:
        rng = range(s, e + 1) if tx["strand"] == "+" else range(e, s - 1, -1)
        pos.extend(rng)
    return pos


def cds_positions(tx):
    pos = exonic_positions(tx)
    i = pos.index(tx["cds_first"])
    j = pos.index(tx["cds_last"])
    return pos[i:j + 1]


def tx_order(exons_genomic, strand):
    ex = sorted(exons_genomic)
    return ex if strand == "+" else ex[::-1]


def check_exons_sane(tx, label):
    ex = sorted(tx["exons"])
    good = all(s <= e for s, e in ex) and all(ex[i][1] < ex[i + 1][0] for i in range(len(ex) - 1))
    CK.ok(good, "%s: exons overlap or are malformed" % label)


def constant_offset(pairs_a, pairs_b):
    """Return the offset a-b if every exon boundary shifts by the same amount, else None."""
    if len(pairs_a) != len(pairs_b):
        return None
    offs = set()
    for (sa, ea), (sb, eb) in zip(sorted(pairs_a), sorted(pairs_b)):
        offs.add(sa - sb)
        offs.add(ea - eb)
    return offs.pop() if len(offs) == 1 else None


# --------------------------------------------------------------------------
# known-sequence store
# --------------------------------------------------------------------------

MAX_SEGMENT = 100000  # bases per known_sequence row


class SeqStore:
    def __init__(self):
        self.bases = {}   # (build, chrom) -> {pos: base}
        self.srcs = {}    # (build, chrom) -> {pos: set(labels)}

    def add(self, build, chrom, start, seq, label):
        b = self.bases.setdefault((build, chrom), {})
        s = self.srcs.setdefault((build, chrom), {})
        conflicts = 0
        for i, base in enumerate(seq):
            p = start + i
            if base not in "ACGT":
                CK.ok(False, "%s: non-ACGT base %r at %s:%s:%d" % (label, base, build, chrom, p))
                continue
            if p in b and b[p] != base:
                conflicts += 1
                if conflicts <= 3:
                    CK.ok(False, "%s disagrees with %s at %s %s:%d (%s vs %s)" % (
                        label, "/".join(sorted(s[p])), build, chrom, p, base, b[p]))
                continue
            b[p] = base
            s.setdefault(p, set()).add(label)
        CK.ok(conflicts == 0, "%s: %d conflicting bases" % (label, conflicts))

    def add_map(self, build, chrom, posbase, label):
        """posbase: {pos: base} (not necessarily contiguous)."""
        for p in sorted(posbase):
            self.add(build, chrom, p, posbase[p], label)

    def get(self, build, chrom, p):
        return self.bases.get((build, chrom), {}).get(p)

    def segments(self):
        rows = []
        for (build, chrom) in self.bases:
            b = self.bases[(build, chrom)]
            s = self.srcs[(build, chrom)]
            ps = sorted(b)
            i = 0
            while i < len(ps):
                j = i
                while j + 1 < len(ps) and ps[j + 1] == ps[j] + 1:
                    j += 1
                # a run longer than MAX_SEGMENT is written as touching pieces, so that no line
                # exceeds common CSV field limits (Python's csv module stops at 131,072)
                for k in range(i, j + 1, MAX_SEGMENT):
                    piece = ps[k:min(j + 1, k + MAX_SEGMENT)]
                    labels = set()
                    for p in piece:
                        labels |= s[p]
                    rows.append((build, chrom, piece[0], piece[-1],
                                 "".join(b[p] for p in piece),
                                 "; ".join(sorted(labels))))
                i = j + 1
        rows.sort(key=lambda r: (r[0], chrom_key(r[1]), r[2]))
        return rows


# --------------------------------------------------------------------------
# main derivation
# --------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"),
                    help="shared reference-material folder (default: ../shared/data from repo root)")
    ap.add_argument("--out", default=os.path.join(repo, "resources"),
                    help="output resources folder (default: resources/ in the repo)")
    ap.add_argument("--test-data", default=os.path.join(repo, "test-data"),
                    help="test-data folder for the reference proteins the tests compare with")
    args = ap.parse_args()
    D = os.path.abspath(args.shared)
    if not os.path.isfile(os.path.join(D, "README.md")):
        sys.exit("shared data folder not found: %s" % D)

    # ---- load sources
    gf = {b: read_genefuse(os.path.join(D, "genefuse", "genes_cancer.%s.csv" % GF_BUILD[b])) for b in BUILDS}
    for b in BUILDS:  # druggable list is a subset; make sure it agrees
        dr = read_genefuse(os.path.join(D, "genefuse", "genes_druggable.%s.csv" % GF_BUILD[b]))
        for g, ents in dr.items():
            if g not in PANEL:
                continue
            for ent in ents:
                if g in gf[b]:
                    CK.ok(ent in gf[b][g], "genefuse druggable %s %s differs from cancer list" % (b, g))
                else:
                    gf[b][g] = [ent]
    gf_test = read_genefuse(os.path.join(D, "genefuse", "testdata_cancer.csv"))  # hg19, no IDs
    sa = {b: read_spliceai(os.path.join(D, "spliceai", "spliceai_1.3.1_annotations_%s_subset.txt" % b.lower()))
          for b in BUILDS}
    cds_tab = {r["tx_ac"]: r for r in read_tsv(os.path.join(D, "biocommons-hgvs", "transcripts_cds.tsv"))}
    mrna = {n.split()[0]: s for n, s in read_fasta(os.path.join(D, "biocommons-hgvs", "transcripts_mrna.fa"))}
    aln = read_tsv(os.path.join(D, "biocommons-hgvs", "tx_exons_GRCh37.tsv"))
    derived_cds = read_tsv(os.path.join(D, "derived", "cds_genomic_coordinates_derived.tsv"))
    alk_fa = read_fasta(os.path.join(D, "derived", "ALK_exons_intron19_coding_strand.fa"))
    md_fa = read_fasta(os.path.join(D, "derived", "chr2_ALK_EML4_GRCh38_regions_from_DNAfusion_MD.fa"))
    civic = read_tsv(os.path.join(D, "civic", "CIViC_01-Oct-2018_VariantSummaries_subset.tsv"))
    mutscan_lines = open(os.path.join(D, "mutscan", "builtin_hotspots_hg19.csv"), encoding="utf-8").read().splitlines()

    for tx_ac, r in cds_tab.items():
        CK.ok(tx_ac in mrna and len(mrna[tx_ac]) == int(r["mrna_len"]),
              "biocommons %s: mRNA length differs from transcripts_cds.tsv" % tx_ac)

    present = set()
    for b in BUILDS:
        present |= set(gf[b]) | set(sa[b])
    present |= set(gf_test)
    genes = [g for g in PANEL if g in present]
    missing = [g for g in PANEL if g not in present]
    for g in missing:
        CK.note("%s: in no source here; no rows written" % g)

    txs = {}  # (gene, build) -> transcript dict

    def new_tx(gene, build, chrom, strand, exons_g, refseq="", ensembl="", exon_src=""):
        t = {"gene": gene, "build": build, "chrom": chrom, "strand": strand,
             "exons": tx_order(exons_g, strand), "refseq": refseq, "ensembl": ensembl,
             "cds_first": None, "cds_last": None, "cds_length": None, "protein_length": None,
             "cds_status": "unknown", "source": "", "exon_src": exon_src}
        txs[(gene, build)] = t
        return t

    # ---- per-gene exon structures -------------------------------------------------
    def genefuse_entry(gene, build):
        ents = [e for e in gf[build].get(gene, []) if e[0]]
        if not ents:
            return None
        CK.ok(len(ents) == 1, "genefuse %s %s: %d transcripts" % (build, gene, len(ents)))
        enst, chrom, rows = ents[0]
        CK.ok([n for n, _, _ in rows] == list(range(1, len(rows) + 1)),
              "genefuse %s %s: exon numbers not 1..n" % (build, gene))
        return enst, chrom, [(s, e) for _, s, e in rows], rows

    def strand_of(rows):
        # GeneFuse numbers exons 5'->3'; descending coordinates mean minus strand
        if len(rows) < 2:
            return None
        return "+" if rows[1][1] > rows[0][1] else "-"

    gf_vs_sa = []
    for gene in genes:
        for build in BUILDS:
            ent = genefuse_entry(gene, build)
            if ent:
                enst, chrom, ex, rows = ent
                strand = strand_of(rows)
                if gene in sa[build]:
                    CK.ok(sa[build][gene][1] == strand and sa[build][gene][0] == chrom,
                          "%s %s: strand/chrom differ between genefuse and spliceai" % (gene, build))
                    same = sorted(ex) == sa[build][gene][2]
                    inner = sorted(ex)[1:-1] == sa[build][gene][2][1:-1]
                    gf_vs_sa.append((gene, build, "identical" if same else
                                     ("same internal exons" if inner and len(ex) == len(sa[build][gene][2]) else "differ")))
                src = "GeneFuse genes_cancer.%s.csv (%s)" % (GF_BUILD[build], enst)
                if gene in sa[build] and sorted(ex) == sa[build][gene][2]:
                    src += "; = SpliceAI %s exons" % build
                new_tx(gene, build, chrom, strand, ex, ensembl=enst, exon_src=src)
            elif gene in sa[build]:
                chrom, strand, ex = sa[build][gene]
                src = "SpliceAI 1.3.1 %s annotation (GENCODE; facts only)" % build
                if build == "GRCh37" and gene in gf_test:
                    tex = sorted((s, e) for _, s, e in gf_test[gene][0][2])
                    if tex == ex:
                        src += "; = GeneFuse testdata_cancer.csv hg19"
                        gf_vs_sa.append((gene, build, "identical (testdata)"))
                    elif tex[1:-1] == ex[1:-1]:
                        src += "; GeneFuse testdata_cancer.csv hg19 has same internal exons"
                        gf_vs_sa.append((gene, build, "same internal exons (testdata)"))
                    else:
                        gf_vs_sa.append((gene, build, "differ (testdata: %d exons vs %d)" % (len(tex), len(ex))))
                new_tx(gene, build, chrom, strand, ex, exon_src=src)

    # ---- RefSeq transcripts with GRCh37 splign alignments: KRAS, EGFR, PTEN -------
    aln_by_tx = {}
    for r in aln:
        aln_by_tx.setdefault(r["tx_ac"], []).append(r)

    def use_alignment(tx_ac):
        rows = sorted(aln_by_tx[tx_ac], key=lambda r: int(r["ord"]))
        gene = rows[0]["symbol"]
        seq = mrna[tx_ac]
        strand = "+" if rows[0]["alt_strand"] == "1" else "-"
        chrom = str(int(rows[0]["alt_ac"].split(".")[0].split("_")[1]))
        t2g = {}          # mRNA index (0-based) -> genomic position, '=' and 'X' columns
        eq = {}           # genomic pos -> plus-strand base, '=' columns only
        exons = []
        prev_end = 0
        n_x = n_i = n_d = 0
        for r in rows:
            ts, te = int(r["tx_start_i"]), int(r["tx_end_i"])
            gs, ge = int(r["alt_start_i"]), int(r["alt_end_i"])
            CK.ok(ts == prev_end, "%s: exon ord %s does not start where previous ended" % (tx_ac, r["ord"]))
            prev_end = te
            exons.append((gs + 1, ge))
            t = ts
            g = gs + 1 if strand == "+" else ge  # 1-based genomic pointer
            step = 1 if strand == "+" else -1
            for n, op in re.findall(r"(\d+)([=XID])", r["cigar"]):
                n = int(n)
                if op in "=X":
                    for _ in range(n):
                        t2g[t] = g
                        if op == "=":
                            eq[g] = seq[t] if strand == "+" else comp(seq[t])
                        t += 1
                        g += step
                    if op == "X":
                        n_x += n
                elif op == "I":   # extra genomic bases (consumes genome only)
                    g += step * n
                    n_i += n
                elif op == "D":   # extra transcript bases (consumes transcript only)
                    t += n
                    n_d += n
            CK.ok(t == te, "%s ord %s: CIGAR transcript length mismatch" % (tx_ac, r["ord"]))
            CK.ok(g == (ge + 1 if strand == "+" else gs), "%s ord %s: CIGAR genomic length mismatch" % (tx_ac, r["ord"]))
        CK.ok(prev_end <= len(seq), "%s: alignment extends past mRNA end" % tx_ac)
        info = cds_tab[tx_ac]
        cs, ce = int(info["cds_start_i(0-based)"]), int(info["cds_end_i(excl)"])
        CK.ok(all(i in t2g for i in range(cs, ce)), "%s: CDS not fully aligned" % tx_ac)
        cds_g = [t2g[i] for i in range(cs, ce)]
        return {"gene": gene, "strand": strand, "chrom": chrom, "exons": exons,
                "t2g": t2g, "eq": eq, "cds_first": cds_g[0], "cds_last": cds_g[-1],
                "cds_len": ce - cs, "prot": int(info["protein_len"]),
                "unaligned_tail": len(seq) - prev_end, "nx": n_x, "ni": n_i, "nd": n_d,
                "cds_all_eq": all(t2g[i] in eq for i in range(cs, ce))}

    aligned = {}
    for tx_ac in sorted(aln_by_tx):
        A = use_alignment(tx_ac)
        aligned[A["gene"]] = (tx_ac, A)
        CK.ok(A["cds_all_eq"], "%s: CDS contains X/I/D alignment columns" % tx_ac)

    derived_rows = {(r["gene"], r["build"]): r for r in derived_cds}

    def verified_offset(gene):
        """Offset GRCh37-GRCh38 and the GRCh37 intervals over which it is demonstrated
        (exons whose both ends shift identically in a two-build exon table)."""
        cands = []
        for label, e37, e38 in (
            ("GeneFuse", genefuse_entry(gene, "GRCh37"), genefuse_entry(gene, "GRCh38")),
            ("SpliceAI", sa["GRCh37"].get(gene), sa["GRCh38"].get(gene)),
        ):
            if not e37 or not e38:
                continue
            x37, x38 = e37[2], e38[2]  # exon (start, end) lists in both tuple layouts
            off = constant_offset(x37, x38)
            if off is not None:
                cands.append((label, off, sorted(x37)))
        return cands

    for gene in ("KRAS", "EGFR", "PTEN"):
        if gene not in aligned:
            continue
        tx_ac, A = aligned[gene]
        info = cds_tab[tx_ac]
        # GRCh37 exon structure = splign alignment
        t37 = txs.get((gene, "GRCh37"))
        ens37 = t37["ensembl"] if t37 else ""
        if t37 and t37["ensembl"]:
            CK.ok(sorted(t37["exons"]) == sorted(A["exons"]),
                  "%s: GeneFuse %s exons differ from %s alignment" % (gene, t37["ensembl"], tx_ac))
            exon_src37 = t37["exon_src"] + "; = biocommons splign %s GRCh37" % tx_ac
        else:
            ens37 = ""
            exon_src37 = "biocommons-hgvs splign alignment %s (NC GRCh37)" % tx_ac
            if t37:
                inner = sorted(t37["exons"])[1:-1] == sorted(A["exons"])[1:-1]
                exon_src37 += "; SpliceAI GRCh37 internal exons %s" % ("identical" if inner else "DIFFER")
                CK.ok(inner, "%s: SpliceAI internal exons differ from %s" % (gene, tx_ac))
        t = new_tx(gene, "GRCh37", A["chrom"], A["strand"], A["exons"], refseq=tx_ac, ensembl=ens37,
                   exon_src=exon_src37)
        t.update(cds_first=A["cds_first"], cds_last=A["cds_last"], cds_length=A["cds_len"],
                 protein_length=A["prot"], cds_status="verified")
        extra = []
        if A["nx"] or A["ni"] or A["nd"]:
            extra.append("alignment has %dX/%dI/%dD outside CDS" % (A["nx"], A["ni"], A["nd"]))
        t["source"] = "biocommons-hgvs %s cds %d..%d + splign GRCh37 alignment%s" % (
            tx_ac, int(info["cds_start_i(0-based)"]) + 1, int(info["cds_end_i(excl)"]),
            ("; " + "; ".join(extra)) if extra else "")
        d = derived_rows.get((gene, "GRCh37"))
        if d:
            same = (int(d["cds_first_base_genomic(1-based,ATG A)"]) == A["cds_first"] and
                    int(d["cds_last_base_genomic(1-based,stop codon last base)"]) == A["cds_last"])
            if not same:
                CK.note("%s GRCh37: derived table says %s..%s, alignment gives %d..%d (using alignment)" % (
                    gene, d["cds_first_base_genomic(1-based,ATG A)"],
                    d["cds_last_base_genomic(1-based,stop codon last base)"], A["cds_first"], A["cds_last"]))
                t["source"] += "; derived table %s..%s corrected" % (
                    d["cds_first_base_genomic(1-based,ATG A)"], d["cds_last_base_genomic(1-based,stop codon last base)"])

        # GRCh38 by verified constant offset
        cands = verified_offset(gene)
        offs = set(c[1] for c in cands)
        d38 = derived_rows.get((gene, "GRCh38"))
        if len(offs) != 1:
            CK.ok(False, "%s: no single verified GRCh37->GRCh38 offset (%s)" % (gene, cands))
            continue
        off = offs.pop()
        covered = []
        for label, _, x37 in cands:
            covered.extend(x37)
        lo = min(s for s, _ in covered)
        hi = max(e for _, e in covered)
        in_cov = lambda p: any(s <= p <= e for s, e in covered)
        ok_cds = in_cov(A["cds_first"]) and in_cov(A["cds_last"])
        ex38 = [(s - off, e - off) for s, e in A["exons"]]
        t38 = txs.get((gene, "GRCh38"))
        ens38 = t38["ensembl"] if (t38 and t38["ensembl"]) else ""
        if t38 and t38["ensembl"]:
            CK.ok(sorted(t38["exons"]) == sorted(ex38), "%s: GeneFuse GRCh38 exons differ from offset alignment" % gene)
        extrap = [(s, e) for s, e in A["exons"] if not (in_cov(s) and in_cov(e))]
        exsrc = "GRCh38 = GRCh37 %s exons %+d (offset shown by %s exon tables)" % (
            tx_ac, -off, "+".join(c[0] for c in cands))
        if ens38:
            exsrc = txs[(gene, "GRCh38")]["exon_src"] + "; = " + exsrc
        t = new_tx(gene, "GRCh38", A["chrom"], A["strand"], ex38, refseq=tx_ac, ensembl=ens38, exon_src=exsrc)
        t["exon_note"] = {(s - off, e - off): "; end outside the offset-verified span %d..%d (GRCh37) extrapolated" % (
            lo, hi) for s, e in extrap}
        t.update(cds_first=A["cds_first"] - off, cds_last=A["cds_last"] - off, cds_length=A["cds_len"],
                 protein_length=A["prot"])
        if ok_cds:
            t["cds_status"] = "verified"
            t["source"] = ("GRCh38 = GRCh37 %s CDS %+d; offset verified: every exon boundary of the %s two-build "
                           "tables shifts by %+d and both CDS bounds lie in those exons; CDS length over exons "
                           "re-checked" % (tx_ac, -off, "+".join(c[0] for c in cands), -off))
        else:
            t["cds_status"] = "provisional"
            t["source"] = "GRCh38 = GRCh37 %s CDS %+d; CDS bound outside offset-verified exons" % (tx_ac, -off)
        if d38:
            df = int(d38["cds_first_base_genomic(1-based,ATG A)"])
            dl = int(d38["cds_last_base_genomic(1-based,stop codon last base)"])
            if (df, dl) != (t["cds_first"], t["cds_last"]):
                CK.note("%s GRCh38: derived table (VERIFY) says %d..%d, alignment+offset gives %d..%d" % (
                    gene, df, dl, t["cds_first"], t["cds_last"]))
                t["source"] += "; derived table %d..%d corrected" % (df, dl)
            CK.ok(str(off) in d38["method"], "%s: derived GRCh38 offset differs from verified %d" % (gene, off))
        A["off"] = off
        A["covered37"] = covered

    # ---- ALK -----------------------------------------------------------------------
    for build in BUILDS:
        t = txs[("ALK", build)]
        CK.ok(t["strand"] == "-" and t["chrom"] == "2" and len(t["exons"]) == 29,
              "ALK %s: expected 29 exons on chr2 minus" % build)
        t["refseq"] = ALK_REFSEQ
        t["cds_first"], t["cds_last"] = ALK_CDS[build]
        t["cds_length"], t["protein_length"] = ALK_CDS_LEN, ALK_PROT_LEN
        t["cds_status"] = "verified"
        t["source"] = ("derived/cds_genomic_coordinates_derived.tsv (c.3173 = exon 20 first base, CDS 4863 nt); "
                       "checked: CDS over GeneFuse exons = 4863, exons 20-28 translate to p.1059-1388, "
                       "CIViC GRCh37 anchors")
    a37, a38 = txs[("ALK", "GRCh37")], txs[("ALK", "GRCh38")]
    CK.ok(constant_offset(a37["exons"], a38["exons"]) == ALK_OFFSET, "ALK: GeneFuse exon offset is not 222866")
    CK.ok(ALK_CDS["GRCh37"][0] - ALK_CDS["GRCh38"][0] == ALK_OFFSET and
          ALK_CDS["GRCh37"][1] - ALK_CDS["GRCh38"][1] == ALK_OFFSET, "ALK: CDS offset is not 222866")
    CK.ok(a38["exons"][19] == (29223342, 29223528), "ALK exon 20 GRCh38 is not 29223342-29223528")
    for build in BUILDS:
        t = txs[("ALK", build)]
        e29 = t["exons"][28]
        CK.ok(e29[0] <= t["cds_last"] <= e29[1], "ALK %s: cds_last not in exon 29" % build)
        for g in ("GRCh37", "GRCh38"):
            dr = derived_rows.get(("ALK", g))
            CK.ok(dr is not None and int(dr["cds_first_base_genomic(1-based,ATG A)"]) == ALK_CDS[g][0] and
                  int(dr["cds_last_base_genomic(1-based,stop codon last base)"]) == ALK_CDS[g][1] and
                  int(dr["cds_len"]) == ALK_CDS_LEN, "ALK %s: derived table disagrees with brief" % g)

    # ---- EML4 provisional CDS (derived table, GRCh38) ---------------------------------
    d = derived_rows.get(("EML4", "GRCh38"))
    if d and ("EML4", "GRCh38") in txs:
        t38 = txs[("EML4", "GRCh38")]
        t37 = txs.get(("EML4", "GRCh37"))
        first = int(d["cds_first_base_genomic(1-based,ATG A)"])
        clen = int(d["cds_len"])
        pos = exonic_positions(t38)
        i = pos.index(first)
        m = re.search(r"cDNA (\d+)", d["cds_last_base_genomic(1-based,stop codon last base)"])
        CK.ok(i + clen <= len(pos), "EML4: provisional CDS runs past transcript end")
        CK.ok(m is not None and int(m.group(1)) == i + clen, "EML4: cDNA end of provisional CDS inconsistent")
        ex_no = next(n + 1 for n, (s, e) in enumerate(t38["exons"]) if s <= pos[i + clen - 1] <= e)
        CK.ok("exon %d" % ex_no in d["cds_last_base_genomic(1-based,stop codon last base)"],
              "EML4: provisional stop not in the exon the derived table names")
        CK.ok(clen % 3 == 0, "EML4: CDS length not a multiple of 3")
        accession = d["transcript"].split("/")[1] if "/" in d["transcript"] else ""
        t38.update(cds_first=first, cds_last=pos[i + clen - 1], cds_length=clen, protein_length=clen // 3 - 1,
                   cds_status="provisional", refseq=accession)
        t38["source"] = ("derived/cds_genomic_coordinates_derived.tsv PROVISIONAL (assumes exon 6 ends c.667); "
                         "cds_last = c.%d over GeneFuse exons (cDNA %d)" % (clen, i + clen))
        if t37:
            off = constant_offset(t37["exons"], t38["exons"])
            CK.ok(off == 227140, "EML4: GeneFuse exon offset %s is not 227140" % off)
            t37.update(cds_first=first + off, cds_last=t38["cds_last"] + off, cds_length=clen,
                       protein_length=clen // 3 - 1, cds_status="provisional", refseq=accession)
            t37["source"] = ("GRCh37 = GRCh38 provisional CDS +227140 (every GeneFuse exon boundary shifts by "
                             "+227140); PROVISIONAL as GRCh38")

    # ---- BRAF / RET: RefSeq CDS placed on the Ensembl exon layout via CIViC anchors ----
    civic_snvs = []
    for r in civic:
        if r["reference_build"] != "GRCh37" or r["start"] != r["stop"]:
            continue
        if len(r["reference_bases"]) != 1 or len(r["variant_bases"]) != 1:
            continue
        for ex in r["hgvs_expressions"].split(","):
            m = re.match(r"^(N[MR]_\d+|ENST\d+)(\.\d+)?:c\.(\d+)([ACGT])>([ACGT])$", ex.strip())
            if m:
                civic_snvs.append({"gene": r["gene"], "variant": r["variant"], "chrom": r["chromosome"],
                                   "pos": int(r["start"]), "ref": r["reference_bases"], "alt": r["variant_bases"],
                                   "acc": m.group(1), "ver": (m.group(2) or "")[1:], "c": int(m.group(3)),
                                   "cref": m.group(4), "calt": m.group(5)})

    def ids(t):
        return {x.split(".")[0] for x in (t["refseq"], t["ensembl"]) if x}

    for gene, tx_ac in (("BRAF", "NM_004333.6"), ("RET", "NM_020975.4")):
        if tx_ac not in cds_tab or (gene, "GRCh37") not in txs:
            continue
        info = cds_tab[tx_ac]
        cs, ce = int(info["cds_start_i(0-based)"]), int(info["cds_end_i(excl)"])
        clen = ce - cs
        t37 = txs[(gene, "GRCh37")]
        t37["refseq"] = tx_ac
        pos = exonic_positions(t37)
        # anchors: CIViC SNVs numbered on this Ensembl transcript
        starts = set()
        anchors = []
        for a in civic_snvs:
            if a["gene"] == gene and a["acc"] == t37["ensembl"].split(".")[0]:
                exp_ref = a["cref"] if t37["strand"] == "+" else comp(a["cref"])
                if exp_ref == a["ref"]:
                    anchors.append(a)
                else:
                    CK.note("CIViC %s %s: %s:c.%d%s>%s contradicts its own g. ref/alt %s>%s (minus strand); "
                            "not used as anchor" % (gene, a["variant"], a["acc"], a["c"], a["cref"], a["calt"],
                                                     a["ref"], a["alt"]))
        nm_same = 0
        for a in anchors:
            if a["pos"] in pos:
                starts.add(pos.index(a["pos"]) - (a["c"] - 1))
        for a in civic_snvs:
            if a["gene"] == gene and a["acc"] == tx_ac.split(".")[0]:
                twin = [b for b in anchors if b["pos"] == a["pos"] and b["calt"] == a["calt"]]
                if twin:
                    nm_same += 1
                    CK.ok(twin[0]["c"] == a["c"], "%s: CIViC numbers %s and %s differently at g.%d" % (
                        gene, t37["ensembl"], tx_ac, a["pos"]))
        exons_hit = sorted({next(n + 1 for n, (s, e) in enumerate(t37["exons"]) if s <= a["pos"] <= e)
                            for a in anchors if a["pos"] in pos})
        if not CK.ok(len(starts) == 1 and len(exons_hit) >= 3,
                     "%s: CIViC anchors do not place the CDS uniquely (%s, exons %s)" % (gene, starts, exons_hit)):
            continue
        i0 = starts.pop()
        CK.ok(0 <= i0 and i0 + clen <= len(pos), "%s: CDS does not fit the exon layout" % gene)
        mapped_len = sum(1 for _ in pos[i0:i0 + clen])
        CK.ok(mapped_len == clen, "%s: CDS length over exons %d != %d" % (gene, mapped_len, clen))
        utr5_ens = i0
        utr3_ens = len(pos) - (i0 + clen)
        t37.update(cds_first=pos[i0], cds_last=pos[i0 + clen - 1], cds_length=clen,
                   protein_length=int(info["protein_len"]), cds_status="verified")
        t37["source"] = ("biocommons-hgvs %s CDS (%d nt) placed on %s exons by %d CIViC GRCh37 SNV anchors in "
                         "exons %s (all agree; %d also numbered identically on %s); Ensembl UTRs differ from the "
                         "mRNA (5'UTR %d vs %d nt, 3'UTR %d vs %d nt) - exon ends are Ensembl's" % (
                             tx_ac, clen, t37["ensembl"], len(anchors), ",".join(map(str, exons_hit)), nm_same,
                             tx_ac.split(".")[0], utr5_ens, cs, utr3_ens, len(mrna[tx_ac]) - ce))
        t37["_mrna_cds"] = (tx_ac, cs, ce)
        # GRCh38
        t38 = txs.get((gene, "GRCh38"))
        if t38:
            off = constant_offset(t37["exons"], t38["exons"])
            CK.ok(off is not None, "%s: GRCh38 exons not a constant shift of GRCh37" % gene)
            if off is not None:
                t38["refseq"] = tx_ac
                t38.update(cds_first=t37["cds_first"] - off, cds_last=t37["cds_last"] - off, cds_length=clen,
                           protein_length=int(info["protein_len"]), cds_status="verified")
                t38["source"] = ("GRCh38 = GRCh37 CDS %+d (every GeneFuse exon boundary shifts by %+d; CDS length "
                                 "over GRCh38 exons re-checked); Ensembl exon UTR ends differ from %s" % (-off, -off, tx_ac))
                t38["_mrna_cds"] = (tx_ac, cs, ce)

    # ---- full CDS of the other panel genes (derive_full_cds.py) -----------------------
    helpers = types.SimpleNamespace(CK=CK, translate=translate, comp=comp, rc=rc, CODON=CODON,
                                    exonic_positions=exonic_positions, cds_positions=cds_positions,
                                    constant_offset=constant_offset, read_tsv=read_tsv, read_fasta=read_fasta)
    full_plan = derive_full_cds.derive_bounds(txs, D, civic_snvs, helpers)

    # ---- GRCh37 vs GRCh38 exon models of the same gene --------------------------------
    build_pairs = {}
    for gene in genes:
        t37, t38 = txs.get((gene, "GRCh37")), txs.get((gene, "GRCh38"))
        if not t37 or not t38:
            continue
        CK.ok(t37["strand"] == t38["strand"] and t37["chrom"] == t38["chrom"],
              "%s: strand/chrom differ between builds" % gene)
        l37 = [e - s + 1 for s, e in t37["exons"]]
        l38 = [e - s + 1 for s, e in t38["exons"]]
        off = constant_offset(t37["exons"], t38["exons"])
        if off is not None:
            build_pairs[gene] = "constant offset %+d" % -off
        elif l37 == l38:
            build_pairs[gene] = "same exon lengths, non-constant offset"
        elif len(l37) == len(l38):
            d = [i + 1 for i in range(len(l37)) if l37[i] != l38[i]]
            build_pairs[gene] = "exon length differs in exon(s) %s" % d
        else:
            build_pairs[gene] = "exon count differs %d vs %d" % (len(l37), len(l38))
        if t37["cds_first"] is not None:
            CK.ok(off is not None or l37 == l38, "%s: CDS gene whose exons differ between GRCh37 and GRCh38" % gene)

    # ---- generic CDS/exon consistency ---------------------------------------------
    for (gene, build), t in sorted(txs.items()):
        check_exons_sane(t, "%s %s" % (gene, build))
        if t["cds_first"] is None:
            t["source"] = "exons: %s; no CDS bounds in any source here" % t["exon_src"]
            continue
        pos = exonic_positions(t)
        CK.ok(t["cds_first"] in pos and t["cds_last"] in pos, "%s %s: CDS bound not exonic" % (gene, build))
        if t["cds_first"] in pos and t["cds_last"] in pos:
            n = len(cds_positions(t))
            CK.ok(n == t["cds_length"], "%s %s: CDS over exons %d != %d" % (gene, build, n, t["cds_length"]))
            CK.ok(t["cds_length"] == 3 * (t["protein_length"] + 1), "%s %s: cds_length != 3*(aa+1)" % (gene, build))
        if t["strand"] == "+":
            CK.ok(t["cds_first"] < t["cds_last"], "%s %s: cds order" % (gene, build))
        else:
            CK.ok(t["cds_first"] > t["cds_last"], "%s %s: cds order (minus strand)" % (gene, build))

    # ---- known sequence -------------------------------------------------------------
    store = SeqStore()
    # ALK exons and intron 19 (coding strand) -> plus strand, both builds
    alk_exon_seq = {}
    hdr_re = re.compile(r"GRCh38=chr2:(\d+)-(\d+)\(-\) GRCh37=chr2:(\d+)-(\d+)\(-\) len=(\d+)")
    for name, seq in alk_fa:
        m = hdr_re.search(name)
        if not m:
            continue
        s38, e38, s37, e37, ln = map(int, m.groups())
        CK.ok(len(seq) == ln == e38 - s38 + 1 == e37 - s37 + 1, "ALK fa %s: length mismatch" % name.split()[0])
        CK.ok(s37 - s38 == ALK_OFFSET and e37 - e38 == ALK_OFFSET, "ALK fa %s: offset != 222866" % name.split()[0])
        label = name.split()[0]
        mx = re.search(r"_exon(\d+)$", label)
        if mx:
            n = int(mx.group(1))
            CK.ok(a38["exons"][n - 1] == (s38, e38) and a37["exons"][n - 1] == (s37, e37),
                  "ALK fa exon %d coordinates differ from GeneFuse" % n)
            alk_exon_seq[n] = seq
        else:
            CK.ok(label == "ALK_intron19" and s38 == a38["exons"][19][1] + 1 and e38 == a38["exons"][18][0] - 1,
                  "ALK intron 19 coordinates not between exons 19 and 20")
        store.add("GRCh38", "2", s38, rc(seq), LBL_ALKFA)
        store.add("GRCh37", "2", s37, rc(seq), LBL_ALKFA + " " + LBL_LIFT % ALK_OFFSET)
    seqs = dict(alk_fa)
    c3173 = next(s for n, s in alk_fa if n.startswith("ALK_c.3173"))
    p1059 = next(s for n, s in alk_fa if n.startswith("ALK_p.1059"))
    CK.ok(c3173 == "".join(alk_exon_seq.get(n, "") for n in range(20, 29)),
          "derived c.3173..exon28 != concatenated exons 20-28")

    # MD-reconstructed chr2 segments
    eml37 = txs.get(("EML4", "GRCh37"))
    eml38 = txs.get(("EML4", "GRCh38"))
    eml_off = constant_offset(eml37["exons"], eml38["exons"]) if eml37 and eml38 else None
    alk_span38 = (min(s for s, _ in a38["exons"]), max(e for _, e in a38["exons"]))
    md_lifted = md_37 = 0
    for name, seq in md_fa:
        m = re.match(r"chr2:(\d+)-(\d+) GRCh38", name)
        CK.ok(m is not None, "MD fa header unparsed: %s" % name)
        s38, e38 = int(m.group(1)), int(m.group(2))
        CK.ok(len(seq) == e38 - s38 + 1, "MD segment %s: length mismatch" % name.split()[0])
        store.add("GRCh38", "2", s38, seq, LBL_MD)
        m37 = re.search(r"GRCh37=chr2:(\d+)-(\d+)", name)
        mo = re.search(r"GRCh37 offset \+(\d+)", name)
        if m37:
            s37, e37 = int(m37.group(1)), int(m37.group(2))
            ok = (s37 - s38 == ALK_OFFSET and e37 - e38 == ALK_OFFSET and
                  alk_span38[0] <= s38 and e38 <= alk_span38[1])
            CK.ok(ok, "MD segment %s: GRCh37 header not at ALK offset 222866 inside ALK" % name.split()[0])
            if ok:
                store.add("GRCh37", "2", s37, seq, LBL_MD + " " + LBL_LIFT % ALK_OFFSET)
                md_37 += 1
        elif mo:
            off = int(mo.group(1))
            eml_span = (min(s for s, _ in eml38["exons"]), max(e for _, e in eml38["exons"]))
            ok = off == eml_off and eml_span[0] <= s38 and e38 <= eml_span[1]
            CK.ok(ok, "MD segment %s: EML4 offset %d not confirmed by GeneFuse exons" % (name.split()[0], off))
            if ok:
                store.add("GRCh37", "2", s38 + off, seq, LBL_MD + " " + LBL_LIFT % off)
                md_lifted += 1
        else:
            CK.note("MD segment %s: no GRCh37 coordinates; GRCh38 only" % name.split()[0])

    # KRAS/EGFR/PTEN: mRNA bases over '=' columns of the GRCh37 alignment, + GRCh38 where offset verified
    for gene in ("KRAS", "EGFR", "PTEN"):
        if gene not in aligned:
            continue
        tx_ac, A = aligned[gene]
        store.add_map("GRCh37", A["chrom"], A["eq"], "biocommons %s mRNA on splign '=' columns" % tx_ac)
        if "off" in A:
            inside = {p - A["off"]: b for p, b in A["eq"].items() if any(s <= p <= e for s, e in A["covered37"])}
            store.add_map("GRCh38", A["chrom"], inside,
                          "biocommons %s mRNA on splign '=' columns (GRCh38 = GRCh37 %+d, offset-verified exons)" % (
                              tx_ac, -A["off"]))

    # BRAF/RET: mRNA CDS bases through the anchored exon layout. Without an mRNA-genome
    # alignment a RefSeq base that differs from the genome would be shipped as the genome's;
    # where a genome-derived Ensembl cDNA (scripts/sources/cellbase_transcripts.fa) gives
    # another base, the RefSeq base is left out (noted) and the Ensembl one is added later.
    sources = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sources")
    ensembl_exons = derive_genomic_excerpts.exon_bases(txs, os.path.join(sources, "cellbase_transcripts.fa"), helpers)
    refseq_not_genome = {}  # (gene, build) -> c. positions where the RefSeq base is not the genome's
    for gene in ("BRAF", "RET"):
        for build in BUILDS:
            t = txs.get((gene, build))
            if not t or "_mrna_cds" not in t:
                continue
            tx_ac, cs, ce = t["_mrna_cds"]
            cp = cds_positions(t)
            seq = mrna[tx_ac][cs:ce]
            pb = {p: (b if t["strand"] == "+" else comp(b)) for p, b in zip(cp, seq)}
            for p in sorted(pb):
                e = ensembl_exons.get((build, t["chrom"], p))
                if e and e != pb[p]:
                    c = cp.index(p) + 1
                    CK.note("%s %s c.%d (%s:%d): %s has %s, the genome-derived Ensembl cDNA %s; the genome's "
                            "base is shipped" % (gene, build, c, t["chrom"], p, tx_ac,
                                                 pb[p] if t["strand"] == "+" else comp(pb[p]),
                                                 e if t["strand"] == "+" else comp(e)))
                    del pb[p]
                    refseq_not_genome.setdefault((gene, build), set()).add(c)
            store.add_map(build, t["chrom"], pb, "biocommons %s CDS on CIViC-anchored %s exons (no alignment)" % (
                tx_ac, t["ensembl"]))

    derive_full_cds.add_sequence(store, txs, full_plan, helpers)
    cds_fragments = derive_full_cds.add_cds_fragments(store, txs, full_plan, helpers)
    excerpts = derive_genomic_excerpts.add(store, txs, os.path.join(sources, "nirvana_reference_excerpts.fa"), helpers)
    excerpts += derive_genomic_excerpts.add_exons(store, txs, os.path.join(sources, "cellbase_transcripts.fa"), helpers)

    # ---- verification: CDS assembly from known_sequence --------------------------------
    full_cds = {}
    for (gene, build), t in sorted(txs.items()):
        if t["cds_first"] is None:
            continue
        cp = cds_positions(t)
        bases = [store.get(build, t["chrom"], p) for p in cp]
        cov = sum(1 for b in bases if b)
        if cov < len(cp):
            full_cds[(gene, build)] = "%d/%d" % (cov, len(cp))
            continue
        s = "".join(bases)
        if t["strand"] == "-":
            s = comp(s)  # bases are already in transcript order
        prot = translate(s)
        ref = next((r for r in cds_tab.values() if r["tx_ac"] == t["refseq"]), None)
        label = "%s %s" % (gene, build)
        CK.ok(prot.startswith("M"), label + ": CDS does not start with M")
        CK.ok(prot.endswith("*") and prot.count("*") == 1, label + ": stop codon problem")
        CK.ok(len(prot) - 1 == t["protein_length"], label + ": protein length mismatch")
        if ref:
            CK.ok(prot[:25] == ref["first_aa"], label + ": first 25 aa differ from biocommons")
            CK.ok(s[-3:] == ref["last_codon"], label + ": last codon differs from biocommons")
            mr = mrna[ref["tx_ac"]][int(ref["cds_start_i(0-based)"]):int(ref["cds_end_i(excl)"])]
            # the genome may differ from the RefSeq mRNA only where a genome-derived source says so,
            # and only synonymously
            diff = {i + 1 for i in range(min(len(s), len(mr))) if s[i] != mr[i]}
            CK.ok(len(s) == len(mr) and diff == refseq_not_genome.get((gene, build), set())
                  and translate(s) == translate(mr), label + ": assembled CDS differs from mRNA CDS")
        full_cds[(gene, build)] = "full"

    # ALK: c.3173..end of exon 28 from known_sequence, both builds
    alk_res_ok = {}
    for build in BUILDS:
        t = txs[("ALK", build)]
        cp = cds_positions(t)
        CK.ok(cp[3172] == t["exons"][19][1], "ALK %s: c.3173 is not the first base of exon 20" % build)
        end28 = cp.index(t["exons"][27][0])
        bases = [store.get(build, "2", p) for p in cp[3172:end28 + 1]]
        if not CK.ok(all(bases), "ALK %s: c.3173..exon 28 not covered" % build):
            continue
        s = comp("".join(bases))  # transcript order already
        CK.ok(s == c3173, "ALK %s: assembled c.3173.. differs from derived sequence" % build)
        prot = translate(s[2:])  # c.3175 = first base of codon 1059
        CK.ok(prot == p1059, "ALK %s: translation of codon 1059 onward differs from derived" % build)
        bad = []
        for r in ALK_RESIDUES:
            aa, n = r[0], int(r[1:])
            if prot[n - 1059] != aa:
                bad.append("%s is %s" % (r, prot[n - 1059]))
        CK.ok(not bad, "ALK %s residues: %s" % (build, ", ".join(bad)))
        alk_res_ok[build] = not bad
        # in-frame stop check over every fully covered CDS exon
        for n, (s_, e_) in enumerate(t["exons"], 1):
            ep = [p for p in cp if s_ <= p <= e_]
            if ep and all(store.get(build, "2", p) for p in ep):
                c0 = cp.index(ep[0])
                frame = (3 - c0 % 3) % 3
                cs_ = comp("".join(store.get(build, "2", p) for p in ep))
                aa = translate(cs_[frame:])
                if ep[-1] == t["cds_last"]:
                    aa = aa[:-1] if aa.endswith("*") else aa + "(no stop)"  # the last exon ends in the stop codon
                CK.ok("*" not in aa and "(no stop)" not in aa, "ALK %s exon %d: in-frame stop" % (build, n))

    # EML4 provisional frame: covered exonic CDS bases must not contain in-frame stops
    for build in BUILDS:
        t = txs.get(("EML4", build))
        if not t or t["cds_first"] is None:
            continue
        cp = cds_positions(t)
        for n, (s_, e_) in enumerate(t["exons"], 1):
            ep = [p for p in cp if s_ <= p <= e_ and store.get(build, t["chrom"], p)]
            if len(ep) >= 3 and ep == [p for p in cp if s_ <= p <= e_]:
                c0 = cp.index(ep[0])
                frame = (3 - c0 % 3) % 3
                es = "".join(store.get(build, t["chrom"], p) for p in ep)
                es = es if t["strand"] == "+" else comp(es)
                aa = translate(es[frame:])
                CK.ok("*" not in aa, "EML4 %s exon %d: in-frame stop under provisional CDS" % (build, n))
                CK.note("EML4 %s exon %d fully covered; provisional frame gives %s" % (build, n, aa))

    # CIViC anchors: c. -> g. and reference bases (GRCh37)
    civic_checked = {}
    for a in civic_snvs:
        t = txs.get((a["gene"], "GRCh37"))
        if not t or t["cds_first"] is None or a["acc"] not in ids(t):
            continue
        cp = cds_positions(t)
        if a["c"] > len(cp):
            continue
        g = cp[a["c"] - 1]
        lab = "CIViC %s %s %s:c.%d" % (a["gene"], a["variant"], a["acc"], a["c"])
        exp_ref = a["cref"] if t["strand"] == "+" else comp(a["cref"])
        if exp_ref != a["ref"]:
            continue  # internally inconsistent CIViC record (noted above)
        CK.ok(g == a["pos"], "%s maps to %d, CIViC says %d" % (lab, g, a["pos"]))
        kb = store.get("GRCh37", t["chrom"], a["pos"])
        if kb is not None:
            CK.ok(kb == a["ref"], "%s: known_sequence has %s, CIViC ref %s" % (lab, kb, a["ref"]))
        civic_checked[a["gene"]] = civic_checked.get(a["gene"], 0) + 1

    # MutScan 30-bp flanks (hg19 plus strand) against known_sequence
    ms_checked = 0
    for line in mutscan_lines:
        parts = [x.strip() for x in line.split(",")]
        if len(parts) != 5:
            continue
        f = parts[0].split("-")
        chrom = parts[4][3:] if parts[4].startswith("chr") else parts[4]
        if ":" in f[3]:
            s_, e_ = map(int, f[3].split(":"))
        else:
            s_ = e_ = int(f[3])
        left, right = parts[1], parts[3]
        if "ins" in parts[0] and "del" not in parts[0]:
            continue  # insertion records carry the inserted bases in the left flank
        # SNV / deletion / complex: left flank ends at start-1, right flank starts at end+1
        flank = [(s_ - len(left) + i, b) for i, b in enumerate(left)] + [(e_ + 1 + i, b) for i, b in enumerate(right)]
        hits = [(p, b, store.get("GRCh37", chrom, p)) for p, b in flank]
        hits = [h for h in hits if h[2] is not None]
        if hits:
            bad = [h for h in hits if h[1] != h[2]]
            CK.ok(not bad, "MutScan %s: flank disagrees with known_sequence at %s" % (parts[0], bad[:3]))
            ms_checked += len(hits)

    # Every fully covered codon of every CDS (incl. partial / provisional ones) must be a sense codon,
    # except the final stop codon.
    codons_checked = {}
    for (gene, build), t in sorted(txs.items()):
        if t["cds_first"] is None:
            continue
        cp = cds_positions(t)
        n_ok = 0
        for k in range(0, len(cp) - 3, 3):
            bs = [store.get(build, t["chrom"], p) for p in cp[k:k + 3]]
            if all(bs):
                cod = "".join(bs) if t["strand"] == "+" else comp("".join(bs))
                CK.ok(CODON[cod] != "*", "%s %s: stop codon at c.%d under the %s CDS" % (
                    gene, build, k + 1, t["cds_status"]))
                n_ok += 1
        last = [store.get(build, t["chrom"], p) for p in cp[-3:]]
        if all(last):
            cod = "".join(last) if t["strand"] == "+" else comp("".join(last))
            CK.ok(CODON[cod] == "*", "%s %s: last codon %s is not a stop" % (gene, build, cod))
        codons_checked[(gene, build)] = n_ok

    # CIViC GRCh37 reference_bases (any variant type) against known_sequence
    civic_ref_bases = 0
    for r in civic:
        if r["reference_build"] != "GRCh37" or not r["reference_bases"] or not r["start"]:
            continue
        s0, e0 = int(r["start"]), int(r["stop"])
        if e0 - s0 + 1 != len(r["reference_bases"]):
            continue
        for i, b in enumerate(r["reference_bases"]):
            kb = store.get("GRCh37", r["chromosome"], s0 + i)
            if kb is not None:
                CK.ok(kb == b, "CIViC %s %s: ref base %s at %s:%d, known_sequence has %s" % (
                    r["gene"], r["variant"], b, r["chromosome"], s0 + i, kb))
                civic_ref_bases += 1

    full_summary = derive_full_cds.verify(store, txs, full_plan, helpers)
    vep38 = derive_full_cds.check_grch38_vep_anchors(store, txs, helpers)

    # ---- outputs ------------------------------------------------------------------------
    if CK.failures:
        print("VERIFICATION FAILED (%d):" % len(CK.failures), file=sys.stderr)
        for f in CK.failures:
            print("  - " + f, file=sys.stderr)
        return 1

    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "transcripts"), exist_ok=True)
    os.makedirs(os.path.join(out, "reference"), exist_ok=True)

    def write(path, header, rows):
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write("\t".join(header) + "\n")
            for r in rows:
                vals = ["" if v is None else str(v) for v in r]
                for v in vals:
                    assert "\t" not in v and "\n" not in v and not v.startswith("#"), v
                fh.write("\t".join(vals) + "\n")

    def key_id(t):
        return t["ensembl"] or t["refseq"] or ("spliceai:%s" % t["gene"])

    tx_rows, ex_rows = [], []
    for (gene, build) in sorted(txs):
        t = txs[(gene, build)]
        lo = min(s for s, _ in t["exons"])
        hi = max(e for _, e in t["exons"])
        src = t["source"]
        tx_rows.append([gene, t["refseq"], t["ensembl"], key_id(t), build, t["chrom"], t["strand"], lo, hi,
                        t["cds_first"], t["cds_last"], t["cds_length"], t["protein_length"], t["cds_status"], src])
        for n, (s, e) in enumerate(t["exons"], 1):
            ex_rows.append([gene, key_id(t), build, t["chrom"], t["strand"], n, s, e,
                            t["exon_src"] + t.get("exon_note", {}).get((s, e), "")])
    write(os.path.join(out, "transcripts", "transcripts.tsv"),
          ["gene", "transcript", "ensembl", "transcript_id", "build", "chrom", "strand", "tx_start", "tx_end", "cds_first",
           "cds_last", "cds_length", "protein_length", "cds_status", "source"], tx_rows)
    write(os.path.join(out, "transcripts", "exons.tsv"),
          ["gene", "transcript_id", "build", "chrom", "strand", "exon", "start", "end", "source"], ex_rows)
    derive_full_cds.write_reference_proteins(
        os.path.join(os.path.abspath(args.test_data), "transcripts", "reference_proteins.tsv"), full_plan)
    seg_rows = store.segments()
    write(os.path.join(out, "reference", "known_sequence.tsv"),
          ["build", "chrom", "start", "end", "sequence", "source"], seg_rows)

    # ---- summary -------------------------------------------------------------------------
    print("alkres resources derived from %s" % D)
    print("  transcripts.tsv    %d rows (%d genes x 2 builds)" % (len(tx_rows), len({g for g, _ in txs})))
    print("  exons.tsv          %d rows" % len(ex_rows))
    nb = {b: sum(r[3] - r[2] + 1 for r in seg_rows if r[0] == b) for b in BUILDS}
    print("  known_sequence.tsv %d segments (GRCh37 %d bp, GRCh38 %d bp)" % (len(seg_rows), nb["GRCh37"], nb["GRCh38"]))
    print("CDS status:")
    for (gene, build) in sorted(txs):
        t = txs[(gene, build)]
        cov = full_cds.get((gene, build), "-")
        print("  %-7s %s %-11s %-19s cds=%s..%s cds_seq=%s" % (gene, build, t["cds_status"], key_id(t),
                                                               t["cds_first"] or "", t["cds_last"] or "", cov))
    print("GeneFuse vs SpliceAI exon tables:")
    for gene, build, res in gf_vs_sa:
        print("  %-7s %s %s" % (gene, build, res))
    print("GRCh37 -> GRCh38 exon models:")
    for gene in sorted(build_pairs):
        print("  %-7s %s" % (gene, build_pairs[gene]))
    print("CIViC GRCh37 SNV anchors checked: %s" % ", ".join("%s %d" % kv for kv in sorted(civic_checked.items())))
    print("MutScan flank bases checked against known_sequence: %d" % ms_checked)
    print("CIViC GRCh37 reference bases checked against known_sequence: %d" % civic_ref_bases)
    print("covered sense codons checked (no premature stop): %s" % ", ".join(
        "%s/%s %d" % (g, b[-2:], n) for (g, b), n in sorted(codons_checked.items())))
    print("ALK residues %s: %s" % (",".join(ALK_RESIDUES), alk_res_ok))
    print("GRCh38 positions checked against Ensembl VEP annotations (pVACtools VCFs): %s" % ", ".join(vep38))
    print("full CDS placements (reference protein check):")
    for (g, b), v in sorted(full_summary.items()):
        print("  %-7s %s %s; c.1 anchors: %s" % (g, b, v, ", ".join(full_plan["genes"][g]["evidence"][:6])))
    print("MD segments also placed on GRCh37: ALK %d, EML4 %d" % (md_37, md_lifted))
    print("CDS fragments placed by protein match: %s" % (", ".join(
        "%s %s" % (g, " ".join(v)) for g, v in sorted(cds_fragments.items())) or "none"))
    print("genome excerpts (Illumina/Nirvana unit-test references):")
    for line in excerpts:
        print("  " + line)
    for n in CK.notes:
        print("note: " + n)
    print("all %d checks passed" % CK.passed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
