"""Reference-genome excerpts over whole panel genes (called by derive_resources.py).

scripts/sources/nirvana_reference_excerpts.fa holds plus-strand reference bases that
scripts/extract_nirvana_excerpts.py took from Illumina/Nirvana@6769212's unit-test reference
files (GRCh37: NRAS, TP53, KIT, EGFR and part of PTEN; GRCh38: TP53). They are written to
known_sequence at their own build, where they must agree base for base with every other
source (the SeqStore refuses conflicts). A GRCh37 excerpt reaches GRCh38 only exon by exon
(+- FLANK bases), shifted by that exon's own GRCh37->GRCh38 offset and only where the exon has
the same length on both builds: the spliced transcript is then the same, while intron bases
between assemblies are not known to be.

Checks here: every intron of every panel transcript lying inside an excerpt has a canonical
splice-site pair (GT-AG or GC-AG on the coding strand), so the exon coordinates agree with the
sequence. The CDS translation against the reference protein, the CIViC reference bases and
the MutScan flanks are checked afterwards by derive_resources.py over the whole store.
"""

import os
import re

FLANK = 10
HDR = re.compile(r"^(\S+) build=(GRCh3[78]) (\w+):(\d+)-(\d+)\(\+\) source=(\S+)$")


def read(path, h):
    out = []
    for name, seq in h.read_fasta(path):
        m = HDR.match(name)
        if not h.CK.ok(m, "%s: bad header %r" % (path, name)):
            continue
        gene, build, chrom, start, end, src = m.groups()
        start, end = int(start), int(end)
        h.CK.ok(len(seq) == end - start + 1, "%s %s: %d bases for %d-%d" % (path, gene, len(seq), start, end))
        out.append({"gene": gene, "build": build, "chrom": chrom, "start": start, "end": end, "seq": seq,
                    "source": src})
    return out


def _inside(t, ex):
    lo = min(s for s, _ in t["exons"])
    hi = max(e for _, e in t["exons"])
    return ex["chrom"] == t["chrom"] and ex["start"] <= lo and hi <= ex["end"]


def add(store, txs, path, h):
    """Add the excerpts; returns a list of 'gene build: what' lines for the summary."""
    excerpts = read(path, h)
    done = []
    for ex in excerpts:
        label = "%s genome excerpt [%s]" % (ex["gene"], ex["source"])
        store.add(ex["build"], ex["chrom"], ex["start"], ex["seq"], label)
    for ex in excerpts:
        for (gene, build), t in sorted(txs.items()):
            if build != ex["build"] or not _inside(t, ex):
                continue
            base = lambda p: ex["seq"][p - ex["start"]]
            bad = []
            exons = sorted(t["exons"])
            for (s1, e1), (s2, e2) in zip(exons, exons[1:]):
                donor = base(e1 + 1) + base(e1 + 2)
                acceptor = base(s2 - 2) + base(s2 - 1)
                pair = (donor, acceptor) if t["strand"] == "+" else (h.rc(acceptor), h.rc(donor))
                if pair not in (("GT", "AG"), ("GC", "AG")):
                    bad.append("%d-%d %s-%s" % (e1, s2, pair[0], pair[1]))
            h.CK.ok(not bad, "%s %s: non-canonical splice sites in the genome excerpt at %s" % (gene, build, bad))
            note = "whole transcript in the genome excerpt %s (%s %s:%d-%d); %d introns GT/GC-AG" % (
                ex["source"], build, ex["chrom"], ex["start"], ex["end"], len(exons) - 1)
            t["source"] += "; " + note
            done.append("%s %s: %s" % (gene, build, note))
            if build != "GRCh37" or (gene, "GRCh38") not in txs:
                continue
            t38 = txs[(gene, "GRCh38")]
            len37 = [e - s + 1 for s, e in t["exons"]]
            len38 = [e - s + 1 for s, e in t38["exons"]]
            if not h.CK.ok(len37 == len38, "%s: exon lengths differ between builds; excerpt not lifted" % gene):
                continue
            for n, ((s37, e37), (s38, e38)) in enumerate(zip(t["exons"], t38["exons"]), 1):
                shift = s37 - s38
                lo, hi = s37 - FLANK, e37 + FLANK
                store.add("GRCh38", t38["chrom"], lo - shift, ex["seq"][lo - ex["start"]:hi - ex["start"] + 1],
                          "%s exon %d +-%d bp from the GRCh37 genome excerpt [%s] (GRCh37 %+d)" % (
                              gene, n, FLANK, ex["source"], -shift))
            t38["source"] += ("; exons +-%d bp from the GRCh37 genome excerpt %s, each shifted by its own "
                              "GRCh37->GRCh38 offset (exon lengths equal on both builds)" % (FLANK, ex["source"]))
    return done


def _placed_exons(txs, path, h):
    """(record, exon index, model of that build, model of the other build) per exon record."""
    other = {"GRCh37": "GRCh38", "GRCh38": "GRCh37"}
    out = []
    for ex in read(path, h):
        t, t2 = txs.get((ex["gene"], ex["build"])), txs.get((ex["gene"], other[ex["build"]]))
        n = next((i for i, (s, e) in enumerate(t["exons"]) if (s, e) == (ex["start"], ex["end"])), None) if t else None
        if h.CK.ok(n is not None and ex["chrom"] == t["chrom"], "%s %s: %s:%d-%d is no exon of the shipped model" % (
                ex["gene"], ex["build"], ex["chrom"], ex["start"], ex["end"])):
            out.append((ex, n, t, t2))
    return out


def exon_bases(txs, path, h):
    """{(build, chrom, pos): base} of the exon records on both builds (for conflict checks)."""
    bases = {}
    for ex, n, t, t2 in _placed_exons(txs, path, h):
        s2, e2 = t2["exons"][n]
        for i, b in enumerate(ex["seq"]):
            bases[(ex["build"], ex["chrom"], ex["start"] + i)] = b
            if e2 - s2 == ex["end"] - ex["start"]:
                bases[(t2["build"], ex["chrom"], s2 + i)] = b
    return bases


def add_exons(store, txs, path, h):
    """Exon sequences with their own coordinates (scripts/sources/cellbase_transcripts.fa, one
    build): each must be exactly an exon of the shipped model of that gene and build; the other
    build gets the same bases at that exon's position there (exon lengths must agree)."""
    done = {}
    for ex, n, t, t2 in _placed_exons(txs, path, h):
        gene = ex["gene"]
        store.add(ex["build"], ex["chrom"], ex["start"], ex["seq"], "%s exon %d [%s]" % (gene, n + 1, ex["source"]))
        s2, e2 = t2["exons"][n]
        if h.CK.ok(e2 - s2 == ex["end"] - ex["start"], "%s exon %d: length differs between builds" % (gene, n + 1)):
            store.add(t2["build"], ex["chrom"], s2, ex["seq"], "%s exon %d [%s] (%s %+d)" % (
                gene, n + 1, ex["source"], ex["build"], s2 - ex["start"]))
        done.setdefault(gene, (set(), []))
        done[gene][0].add(ex["source"].split("#")[0])
        done[gene][1].append(n + 1)
    lines = []
    for gene, (srcs, exons) in sorted(done.items()):
        exons.sort()
        for build in ("GRCh37", "GRCh38"):
            t = txs[(gene, build)]
            full = exons == list(range(1, len(t["exons"]) + 1))
            t["source"] += "; %s exon bases from the Ensembl cDNA cut along the GRCh38 exons (%s)" % (
                "every" if full else "%d" % len(exons), ", ".join(sorted(srcs)))
        lines.append("%s: exons %s of %d placed (%s)" % (gene, "all" if full else exons, len(t["exons"]),
                                                      ", ".join(sorted(srcs))))
    return lines
