#!/usr/bin/env python3
"""Sample plan, tumour haplotypes and truth of the truth-set benchmark (stdlib only).

  truthset.py plan [--quick|--fusions] WORK
                                       write WORK/samples.tsv and WORK/truth.tsv
  truthset.py capture WORK             write WORK/capture.fa (one ART record per bait window)
  truthset.py tumour WORK SAMPLE       write WORK/SAMPLE/tumour.fa (+ .origins: the wild-type
                                       records the tumour allele replaces, and the keep fraction)

A sample is a background pool (wild-type reads over every bait window at 500x, simulated and
aligned once) plus tumour reads simulated from haplotypes that carry the event: fusion
junction contigs (both junctions of a balanced rearrangement), bait windows carrying point
mutations (cis: one haplotype with both; trans: one haplotype each), or extra / fewer copies of
a gene's windows. The wild-type reads of the windows the event covers are thinned to 1 - f,
so the depth stays 500x and f is the fraction of molecules carrying the event.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "ref")
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEPTH = 500
FLANK = 100  # ART records extend each bait window so fragments reach its edges
PARTNER_LEN = 400  # partner sequence on a junction contig (fragments overlapping ALK baits)
ALK_WINDOW = (29222900 - 200, 29227500 + 200)  # captured ALK intron 18-19 tile

# name, partner, partner strand, partner chrom, partner breakpoint (last partner base kept),
# ALK breakpoint (last ALK intron-19 base kept on the 3' ALK side), partner exon, ALK exon
FUSIONS = {
    "EML4-ALK_V1": ("EML4", "+", "chr2", 42297600, 29224100, 13, 20),
    "EML4-ALK_V2": ("EML4", "+", "chr2", 42325850, 29224700, 20, 20),
    "EML4-ALK_V3ab": ("EML4", "+", "chr2", 42267200, 29223900, 6, 20),
    "KIF5B-ALK_K15": ("KIF5B", "-", "chr10", 32025600, 29225000, 15, 20),
    "KLC1-ALK_K9": ("KLC1", "+", "chr14", 103674800, 29224400, 9, 20),
}

# ALK hotspots: protein change, c. position, ref base (coding strand), alt base (coding strand)
HOTSPOTS = {
    "F1174L": (3522, "C", "A"),
    "I1171N": (3512, "T", "A"),
    "L1196M": (3586, "C", "A"),
    "G1202R": (3604, "G", "A"),
    "G1269A": (3806, "G", "C"),
}
HOTSPOT_SETS = {"A": ["F1174L", "G1202R", "G1269A"], "B": ["I1171N", "L1196M"]}

CODON = {}
for i, a in enumerate("FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"):
    CODON["TCAG"[i // 16] + "TCAG"[i // 4 % 4] + "TCAG"[i % 4]] = a
COMP = str.maketrans("ACGTN", "TGCAN")


def revcomp(s):
    return s.translate(COMP)[::-1]


def read_fasta(path):
    seqs, name, buf = {}, None, []
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if line.startswith(">"):
                if name:
                    seqs[name] = "".join(buf)
                name, buf = line[1:].split()[0], []
            else:
                buf.append(line)
    if name:
        seqs[name] = "".join(buf)
    return seqs


class Genome:
    """The small reference, addressed in GRCh38 coordinates."""

    def __init__(self):
        self.seqs = read_fasta(os.path.join(REF, "truthset_ref.fa"))
        self.segs = []
        with open(os.path.join(REF, "segments.tsv")) as fh:
            next(fh)
            for line in fh:
                f = line.split("\t")
                self.segs.append((f[1], int(f[2]), int(f[3]), f[0]))
        self.windows = []  # (origin name, chrom, start, end, genes) of ART records
        with open(os.path.join(REF, "capture.bed")) as fh:
            for line in fh:
                c, s, e, g = line.rstrip("\n").split("\t")
                s, e = int(s) + 1 - FLANK, int(e) + FLANK
                self.windows.append((f"cap_{c}_{s}", c, s, e, g.split("+")))

    def get(self, chrom, start, end):
        for c, s, e, name in self.segs:
            if c == chrom and s <= start and end <= e:
                return self.seqs[name][start - s:end - s + 1]
        raise SystemExit(f"truthset.py: {chrom}:{start}-{end} is not in one reference segment")

    def overlapping(self, chrom, start, end):
        return [w for w in self.windows if w[1] == chrom and w[2] <= end and w[3] >= start]


def alk_cds_map():
    """c. position -> GRCh38 position for ALK (minus strand), from the shipped exon table."""
    exons = []
    with open(os.path.join(ROOT, "resources/transcripts/exons.tsv")) as fh:
        header = next(fh).rstrip("\n").split("\t")
        for line in fh:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            if r["gene"] == "ALK" and r["build"] == "GRCh38":
                exons.append((int(r["exon"]), int(r["start"]), int(r["end"])))
    cds_first = 29920659  # resources/transcripts/transcripts.tsv, ALK GRCh38 cds_first
    pos_of, c = {}, 0
    for _, start, end in sorted(exons):
        for g in range(min(end, cds_first), start - 1, -1):
            c += 1
            pos_of[c] = g
    return pos_of


def hotspot_site(genome, cmap, name):
    """(GRCh38 pos, plus-strand ref, plus-strand alt), checked by translating the codon."""
    cpos, ref, alt = HOTSPOTS[name]
    first = cpos - (cpos - 1) % 3
    codon = "".join(revcomp(genome.get("chr2", cmap[first + i], cmap[first + i])) for i in range(3))
    mutated = list(codon)
    if codon[cpos - first] != ref:
        raise SystemExit(f"truthset.py: {name}: c.{cpos} is {codon[cpos - first]}, not {ref}")
    mutated[cpos - first] = alt
    aa, aa_alt = CODON[codon], CODON["".join(mutated)]
    if aa != name[0] or aa_alt != name[-1] or (first + 2) // 3 != int(name[1:-1]):
        raise SystemExit(f"truthset.py: {name}: codon {codon}>{''.join(mutated)} is {aa}>{aa_alt}")
    return cmap[cpos], revcomp(ref), revcomp(alt)


def plan(work, quick, fusions_only=False):
    """The sample list. `fusions_only`: the full grid's fusion and negative samples only."""
    fr = [1, 5] if quick else [1, 5, 10, 30]
    # Replicates per fusion x fraction: at 1 % (~4 junction fragments at 500x) one sample says
    # little, so the full grid has 4 there (each with its own ART seed, pool and thinning).
    fus_reps = {1: 1 if quick else 4}
    vafs = [0.5, 2, 5] if quick else [0.5, 1, 2, 5, 10, 20]
    fusions = ["EML4-ALK_V1", "KIF5B-ALK_K15"] if quick else list(FUSIONS)
    reps = 1
    pools = ["neg01"] if quick else ["neg01", "neg02", "neg03"]
    samples = []  # name, pool, kind, spec
    truth = []  # sample, kind, item, expected
    # negatives: fresh pools (each its own simulation), and derived conditions
    # (4 independent simulations in the full grid; 6 more negatives derived from them)
    negs = [("neg01", "art", "seed=101")] if quick else [
        (f"neg{i:02d}", "art", f"seed={100 + i}") for i in range(1, 4)]
    negs += [("neg_err05a", "art_err", "seed=201")]
    for name, how, spec in negs:
        samples.append((name, name, "pool:" + how, spec))
    derived = [("neg_paralog", "neg01", "decoys=1"),
               ("neg_panel", "neg01" if quick else "neg02", "drop=MET,TP53,RB1,PTEN,MYC,KIT")]
    if not quick:
        derived += [("neg_paralog2", "neg03", "decoys=1"),
                    ("neg_panel2", "neg03", "drop=EGFR,KRAS,NRAS,BRAF,RET"),
                    ("neg_half01", "neg01", "subsample=0.5"),
                    ("neg_half02", "neg02", "subsample=0.5")]
    for name, pool, spec in derived:
        samples.append((name, pool, "negative", spec))
    for name in [n[0] for n in negs] + [d[0] for d in derived]:
        truth.append((name, "negative", "-", "no finding"))
    k = 0
    for fus in fusions:
        for f in fr:
            for r in range(fus_reps.get(f, 1)):
                name = f"fus_{fus}_{f}pct" + (f"_r{r + 1}" if r else "")
                samples.append((name, pools[k % len(pools)], "fusion",
                                f"fusion={fus};f={f / 100}"))
                truth.append((name, "fusion", fus, f"{f}"))
                k += 1
    if fusions_only:
        vafs, phase_vafs, cns = [], [], []
    else:
        phase_vafs = [10] if quick else [5, 20]
        cns = [("MET", 8), ("PTEN", 1)] if quick else [("MET", 8), ("MET", 5), ("EGFR", 4),
                                                       ("PTEN", 1), ("RB1", 1)]
    for v in vafs:
        for r in range(reps):
            for set_name, muts in HOTSPOT_SETS.items():
                name = f"hot_{set_name}_{v}pct_r{r + 1}"
                spec = f"hotspots={','.join(muts)};v={v / 100};seed={r}"
                samples.append((name, pools[k % len(pools)], "hotspot", spec))
                for m in muts:
                    truth.append((name, "hotspot", m, f"{v}"))
                k += 1
    for v in phase_vafs:
        for how in ("cis", "trans"):
            name = f"phase_{how}_{v}pct"
            spec = f"hotspots=G1202R,L1196M;v={v / 100};phase={how}"
            samples.append((name, pools[k % len(pools)], "phase", spec))
            truth.append((name, "phase", "G1202R+L1196M", how))
            k += 1
    for gene, cn in cns:
        name = f"cn_{gene}_{cn}"
        samples.append((name, pools[k % len(pools)], "cn", f"gene={gene};cn={cn}"))
        truth.append((name, "cn", gene, "amplification" if cn >= 6 else "gain" if cn >= 3
                      else "loss"))
        k += 1
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "samples.tsv"), "w") as fh:
        fh.write("sample\tpool\tkind\tspec\n")
        for row in samples:
            fh.write("\t".join(row) + "\n")
    with open(os.path.join(work, "truth.tsv"), "w") as fh:
        fh.write("sample\tkind\titem\texpected\n")
        for row in truth:
            fh.write("\t".join(row) + "\n")


def capture(work, genome):
    with open(os.path.join(work, "capture.fa"), "w") as fh:
        for name, c, s, e, _ in genome.windows:
            fh.write(f">{name}\n{genome.get(c, s, e)}\n")
    # off-target decoys (paralogous copies, Alu copies) that a capture also pulls down
    with open(os.path.join(work, "decoys.fa"), "w") as fh:
        for c, s, e, name in genome.segs:
            if name in ("seg_chr15_41500001", "seg_chr2_29600001",
                        "seg_chr14_GL000225v1_random_100001"):
                fh.write(f">dec_{c}_{s}\n{genome.seqs[name]}\n")


def junctions(genome, fus):
    partner, strand, pchrom, pbp, abp, _, _ = FUSIONS[fus]
    alk3 = genome.get("chr2", ALK_WINDOW[0], abp)  # plus strand, ALK 3' side (exon 20 onward)
    alk5 = genome.get("chr2", abp + 1, ALK_WINDOW[1])  # ALK 5' side (intron 19 up to exon 18)
    if strand == "+":  # partner 5' part is plus[.. pbp]: an inversion-type join
        j1 = alk3 + revcomp(genome.get(pchrom, pbp - PARTNER_LEN + 1, pbp))
        j2 = revcomp(alk5) + genome.get(pchrom, pbp + 1, pbp + PARTNER_LEN)
    else:  # partner on the minus strand: 5' part is plus[pbp ..]
        j1 = alk3 + genome.get(pchrom, pbp, pbp + PARTNER_LEN - 1)
        j2 = genome.get(pchrom, pbp - PARTNER_LEN, pbp - 1) + alk5
    return [(f"tum_{fus}_J1", j1), (f"tum_{fus}_J2", j2)]


def tumour(work, sample, genome):
    rows = {}
    with open(os.path.join(work, "samples.tsv")) as fh:
        next(fh)
        for line in fh:
            f = line.rstrip("\n").split("\t")
            rows[f[0]] = f
    _, pool, kind, spec = rows[sample]
    p = dict(kv.split("=", 1) for kv in spec.split(";") if kv)
    records, origins, keep, fold = [], [], 1.0, 0.0
    if kind == "fusion":
        f = float(p["f"])
        records = junctions(genome, p["fusion"])
        origins = [w[0] for w in genome.overlapping("chr2", *ALK_WINDOW)]
        keep, fold = 1 - f, f * DEPTH
    elif kind in ("hotspot", "phase"):
        v = float(p["v"])
        cmap = alk_cds_map()
        sites = [(m, *hotspot_site(genome, cmap, m)) for m in p["hotspots"].split(",")]
        groups, wins = {}, {}  # window name -> sites in it
        for site in sites:
            w = genome.overlapping("chr2", site[1], site[1])[0]
            wins[w[0]] = w
            groups.setdefault(w[0], []).append(site)
        n_hap = 1
        for wname, ss in groups.items():
            w = wins[wname]
            haps = [ss] if p.get("phase", "cis") == "cis" else [[s] for s in ss]
            n_hap = max(n_hap, len(haps))
            for i, hap in enumerate(haps):
                seq = list(genome.get(w[1], w[2], w[3]))
                for _, pos, ref, alt in hap:
                    assert seq[pos - w[2]] == ref, (sample, pos)
                    seq[pos - w[2]] = alt
                records.append((f"tum_{w[0]}_h{i}", "".join(seq)))
            origins.append(w[0])
        keep, fold = 1 - v * n_hap, v * DEPTH
    elif kind == "cn":
        cn = int(p["cn"])
        wins = [w for w in genome.windows if p["gene"] in w[4]]
        origins = [w[0] for w in wins]
        if cn > 2:
            records = [(f"tum_{w[0]}", genome.get(w[1], w[2], w[3])) for w in wins]
            fold = DEPTH * (cn - 2) / 2
        else:
            keep = cn / 2
    out = os.path.join(work, sample)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "tumour.fa"), "w") as fh:
        for name, seq in records:
            fh.write(f">{name}\n{seq}\n")
    with open(os.path.join(out, "tumour.env"), "w") as fh:
        fh.write(f"POOL={pool}\nKIND={kind}\nFOLD={fold:g}\nKEEP={keep:g}\n")
        fh.write(f"ORIGINS='{'|'.join(origins)}'\n")
        fh.write(f"DECOYS='{p.get('decoys', '')}'\nSUBSAMPLE='{p.get('subsample', '')}'\n")
        drop = [w[0] for w in genome.windows if set(w[4]) & set(p.get("drop", "-").split(","))]
        fh.write(f"DROP='{'|'.join(drop)}'\n")


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    cmd = args.pop(0)
    if cmd == "plan":
        flags = {"--quick", "--fusions"}
        plan([a for a in args if a not in flags][0], "--quick" in args, "--fusions" in args)
    elif cmd == "capture":
        capture(args[0], Genome())
    elif cmd == "tumour":
        tumour(args[0], args[1], Genome())
    else:
        raise SystemExit(f"truthset.py: unknown command {cmd}\n{__doc__}")


if __name__ == "__main__":
    main()
