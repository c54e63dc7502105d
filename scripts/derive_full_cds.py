"""Full coding sequences for the panel genes, placed on the exon models of both builds.

Called by derive_resources.py (one step of the same derivation; standard library only).

A coding sequence (CDS) taken from a cited public source is placed on the genome exon by
exon: c.1 sits at one transcript index of the exon model, so one anchor fixes the placement
and every other anchor checks it. Anchors are
  * genomic exon fragments with intron flanks (transcripts/genomic/sequences.fa, GRCh37):
    the exon part must occur exactly once in the CDS, and its c. range must map back onto
    the fragment's own coordinates;
  * CIViC GRCh37 variants whose HGVS c. is numbered on the same Ensembl transcript: c. must
    map to the CIViC position and the placed base must be CIViC's reference base.
Then: the CDS must fit the exons (c.1 and the stop exonic, the exon bases from c.1 to the
stop sum to the CDS length), translate to the reference protein (proteins.fa, UniProt or
Ensembl), and GRCh38 follows by the gene's constant exon offset (every exon boundary of the
two-build table shifts by one amount). The transcript sequence is build-independent, so the
same CDS bases are written at the GRCh38 positions.

Where only exon fragments are known (MET, NRAS, MAP2K1) the CDS bounds come from the exon
model and the protein alignment of the fragments; only the fragments' bases are shipped.
"""

import os
import re

# gene -> how its CDS is obtained. refseq: accession of the same CDS (version only where a
# file attests it); cds: (fasta file under transcripts/, record gene, 'cds' | 'mrna');
# protein: proteins.fa record; civic_tx: Ensembl transcript CIViC numbers the gene on.
SPECS = {
    "ALK": {"cds": ("transcripts.fa", "ALK", "cds"), "protein": "ALK", "civic_tx": "ENST00000389048"},
    "ROS1": {"cds": ("transcripts.fa", "ROS1", "cds"), "protein": "ROS1", "refseq": "NM_002944",
             "civic_tx": "ENST00000368508"},
    "PIK3CA": {"cds": ("transcripts.fa", "PIK3CA", "mrna"), "protein": "PIK3CA", "refseq": "NM_006218",
               "civic_tx": "ENST00000263967"},
    "TP53": {"cds": ("transcripts.fa", "TP53", "cds"), "protein": "TP53", "refseq": "NM_000546",
             "civic_tx": "ENST00000269305"},
    "KIT": {"cds": ("genomic/sequences.fa", "KIT", "cds"), "protein": "KIT", "refseq": "NM_000222",
            "civic_tx": "ENST00000288135"},
    "RB1": {"cds": ("genomic/sequences.fa", "RB1", "cds-nostop"), "protein": "RB1", "refseq": "NM_000321",
            "civic_tx": "ENST00000267163"},
    # fragments only: CDS bounds from the exon model + protein alignment of the fragments
    "MET": {"cds": None, "protein": "MET", "refseq": "NM_000245", "civic_tx": "ENST00000397752"},
    "NRAS": {"cds": None, "protein": "NRAS", "refseq": "NM_002524", "civic_tx": "ENST00000369535"},
    "MAP2K1": {"cds": None, "protein": "MAP2K1", "refseq": "NM_002755", "civic_tx": "ENST00000307102"},
}

CDS_SOURCES = {
    "ALK": "genome-nexus/fusion-annotation@59523ba6deaf78bb0ba186d07818173596f846bf:tests/fixtures/gn_fixture.json "
           "(Ensembl ENST00000389048 CDS; Apache-2.0)",
    "ROS1": "genome-nexus/fusion-annotation@59523ba6deaf78bb0ba186d07818173596f846bf:tests/fixtures/gn_fixture.json "
            "(Ensembl ENST00000368508 CDS; Apache-2.0)",
    "PIK3CA": "broadinstitute/oncotator@d5ac82faa806e6c38f51d3207fa5355dc4cdc26c:"
              "test/testdata/gencode/PIK3CA.gencode.v19.pc_transcripts.fa (GENCODE v19 ENST00000263967.3 mRNA)",
    "TP53": "chambm/customProDB@13cbebf9e3f26507afbbb661c9e985da2fd0840a:"
            "tests/testthat/procodingseq_hsapiens_gene_ensembl_87.rds (Ensembl 87 ENST00000269305 CDS; Artistic-2.0)",
    "KIT": "jkubis96/JBioSeqTools@534faa89382a5647ee608920706c82418a2cd579:aav_build.py "
           "(KIT CDS, MIT; a 12-nt insertion of the source removed, see shared transcripts/genomic/MANIFEST.tsv)",
    "RB1": "public R script (find_string id 52993411058; repository not resolved; CDS without stop codon)",
}

PROTEIN_SOURCES = {
    "ALK": "UniProt Q9UM73", "ROS1": "UniProt P08922", "PIK3CA": "UniProt P42336", "TP53": "UniProt P04637",
    "KIT": "UniProt P10721", "RB1": "Ensembl ENSP00000267163", "MET": "UniProt P08581 (1390 aa)",
    "NRAS": "UniProt P01111", "MAP2K1": "UniProt Q02750",
}

# Coding-strand exon sequences with no genomic coordinates in their source: each is placed by
# its unique match (12-aa windows) on the reference protein, then mapped through the gene's
# placed CDS. verify() checks every codon it completes; derive_resources checks the CIViC
# reference bases at its positions (MAP2K1 C121S and P124S lie in this one).
CDS_FRAGMENTS = [
    ("MAP2K1", "GCAGGTTCTGCATGAGTGCAACTCTCCGTACATCGTGGGCTTCTATGGTG",
     "pospiwoo/evaluation_script@bd13a8fe511da2febebc42bfcba56701d091d26e:"
     "est_error_from_predefined_mutations.py (MEK1 'ref' 50-mer of a COSM1315861 error test)"),
]

# MET: the long isoform (NM_001127500, 1408 aa) carries 18 extra residues;
# CIViC names D1228N (ENST00000397752.3:c.3682G>A) p.Asp1246Asn on NM_001127500.2 (c.3736G>A).
MET_LONG_ISOFORM_SHIFT = 18


# GRCh38 checks independent of the GRCh37 placement: Ensembl VEP (GRCh38 cache) annotations in
# public pVACtools test VCFs (griffithlab/pVACtools@0c05768b7b9b317eebdeeb2a7a178b8a12c880d6,
# BSD-3-Clause-Clear; only the facts are used). (gene, GRCh38 position, c. position, intron
# offset, coding-strand reference base or '', file).
PVAC = "griffithlab/pVACtools@0c05768b7b9b317eebdeeb2a7a178b8a12c880d6:"
GRCH38_VEP_ANCHORS = [
    ("ROS1", 117365718, 2836, 0, "G", PVAC + "tests/test_data/pvacvector/input_negative_start.vcf.gz"),
    ("ROS1", 117366022, 2812, 54, "", PVAC + "pvactools/tools/pvacseq/example_data/annotated.expression.vcf.gz"),
    ("TP53", 7674947, 584, 0, "T", PVAC + "tests/test_data/pvacvector/input_negative_start.vcf.gz"),
    ("TP53", 7675088, 524, 0, "G", PVAC + "pvactools/tools/pvacseq/example_data/annotated.expression.vcf.gz"),
    # VCF 48479821 ATATGCAGTAAATTAACTGTAACTCCC>A deletes TATG..CCC from 48479822; VEP names it 3'-shifted
    # (HGVS rule) c.2714-174_2714-149delTGCAGTAAATTAACTGTAACTCCCTA: the same string rotated by 2, so
    # c.2714-174 is 48479822 + 2
    ("RB1", 48479824, 2714, -174, "", PVAC + "tests/test_data/proximal_variant/somatic.vcf.gz"),
]


def check_grch38_vep_anchors(store, txs, h):
    """c. -> GRCh38 position (and base) agree with VEP's annotation of public GRCh38 VCFs."""
    done = []
    for gene, g38, c, intron, base, src in GRCH38_VEP_ANCHORS:
        t = txs[(gene, "GRCh38")]
        cp = h.cds_positions(t)
        exonic = cp[c - 1]
        if intron:
            # position of an exon boundary + intron offset: c. must be the exon's last (+) or first (-) base
            edge = [e for s_, e_ in t["exons"] for e in (s_, e_) if e == exonic]
            step = intron if t["strand"] == "+" else -intron
            h.CK.ok(edge and exonic + step == g38, "VEP GRCh38 %s c.%d%+d is at %d, model says %d" % (
                gene, c, intron, g38, exonic + step))
        else:
            h.CK.ok(exonic == g38, "VEP GRCh38 %s c.%d is at %d, model says %d" % (gene, c, g38, exonic))
            got = store.get("GRCh38", t["chrom"], g38)
            want = base if t["strand"] == "+" else h.comp(base)
            h.CK.ok(got == want, "VEP GRCh38 %s c.%d: reference %s, shipped %s" % (gene, c, want, got))
        done.append("%s c.%d%s" % (gene, c, "%+d" % intron if intron else ""))
    return done


def load_sources(D, h):
    """CDS strings, reference proteins and GRCh37 exon fragments from the shared folder."""
    T = os.path.join(D, "transcripts")
    proteins = {n.split()[0]: s for n, s in h.read_fasta(os.path.join(T, "proteins.fa"))}
    cds, cds_hdr = {}, {}
    for gene, spec in SPECS.items():
        if not spec["cds"]:
            continue
        fname, rec, kind = spec["cds"]
        hits = [(n, s) for n, s in h.read_fasta(os.path.join(T, fname), upper=False)
                if n.split()[0] == rec and ("what=cds" in n or fname == "transcripts.fa")]
        if len(hits) != 1:
            raise SystemExit("full CDS: %d records for %s in %s" % (len(hits), rec, fname))
        name, seq = hits[0]
        seq = seq.upper()
        if kind == "mrna":
            m = re.search(r"cds=(\d+)\.\.(\d+)", name)
            seq = seq[int(m.group(1)) - 1:int(m.group(2))]
        cds[gene] = seq
        cds_hdr[gene] = (name, kind)
    frags = []
    hdr = re.compile(r"^(\S+) build=GRCh37 chr(\w+):(\d+)-(\d+)\(([+-])\) what=(\S+)")
    for name, seq in h.read_fasta(os.path.join(T, "genomic", "sequences.fa"), upper=False):
        m = hdr.match(name)
        if not m or m.group(1) not in SPECS:
            continue
        src = re.search(r"source=(.*)$", name).group(1)
        frags.append({"gene": m.group(1), "chrom": m.group(2), "start": int(m.group(3)), "end": int(m.group(4)),
                      "strand": m.group(5), "what": m.group(6), "seq": seq, "source": src})
    return cds, cds_hdr, proteins, frags


def _exon_part(frag):
    """(first, last) genomic position and coding-strand bases of the uppercase (exonic) part."""
    seq = frag["seq"]
    idx = [i for i, c in enumerate(seq) if c.isupper()]
    lo, hi = idx[0], idx[-1]
    assert hi - lo + 1 == len(idx), "exon part not contiguous"
    if frag["strand"] == "+":
        g_first, g_last = frag["start"] + lo, frag["start"] + hi
    else:
        g_first, g_last = frag["end"] - lo, frag["end"] - hi
    return g_first, g_last, seq[lo:hi + 1]


def _fragment_c_first(exon_bases, seq, protein, h):
    """c. of the fragment's first base, from every 30-nt window found once in the CDS (or, with
    no CDS, every 12-aa window found once in the protein). Windows in UTR find nothing; all that
    match must agree, else the fragment contradicts the CDS."""
    hits = set()
    if seq is not None:
        n = min(30, len(exon_bases))
        for k in range(0, len(exon_bases) - n + 1, 5):
            w = exon_bases[k:k + n]
            j = seq.find(w)
            if j >= 0 and seq.find(w, j + 1) < 0:
                hits.add(j + 1 - k)
        return hits
    for frame in range(3):
        aa = h.translate(exon_bases[frame:])
        for k in range(0, len(aa) - 11, 4):
            w = aa[k:k + 12]
            j = protein.find(w)
            if "*" not in w and "X" not in w and j >= 0 and protein.find(w, j + 1) < 0:
                hits.add(3 * j + 1 - (frame + 3 * k))
    return hits


def derive_bounds(txs, D, civic_snvs, h):
    """Set CDS bounds on both builds for every SPECS gene; return the placement plan."""
    CK = h.CK
    cds, cds_hdr, proteins, frags = load_sources(D, h)
    plan = {"cds": cds, "proteins": proteins, "frags": frags, "genes": {}}
    for gene, spec in SPECS.items():
        t37, t38 = txs.get((gene, "GRCh37")), txs.get((gene, "GRCh38"))
        if not CK.ok(t37 and t38, "full CDS %s: no exon model on both builds" % gene):
            continue
        prot = proteins.get(spec["protein"])
        if not CK.ok(prot, "full CDS %s: no reference protein %s" % (gene, spec["protein"])):
            continue
        seq = cds.get(gene)
        cds_len = 3 * (len(prot) + 1)
        if seq is not None:
            if cds_hdr[gene][1] == "cds-nostop":
                CK.ok(len(seq) == cds_len - 3, "%s: CDS without stop has %d nt, protein %d aa" % (gene, len(seq), len(prot)))
            else:
                CK.ok(len(seq) == cds_len, "%s: CDS %d nt, protein %d aa" % (gene, len(seq), len(prot)))
                CK.ok(h.translate(seq) == prot + "*", "%s: CDS does not translate to %s" % (gene, PROTEIN_SOURCES[gene]))
            if cds_hdr[gene][1] == "cds-nostop":
                CK.ok(h.translate(seq) == prot, "%s: CDS does not translate to %s" % (gene, PROTEIN_SOURCES[gene]))
        pos = h.exonic_positions(t37)
        starts = {}   # transcript index of c.1 -> evidence labels
        # anchors from genomic exon fragments
        gfr = [f for f in frags if f["gene"] == gene]
        for f in gfr:
            CK.ok(f["chrom"] == t37["chrom"] and f["strand"] == t37["strand"],
                  "%s fragment %s: chrom/strand differ from the exon model" % (gene, f["what"]))
            g_first, g_last, eb = _exon_part(f)
            hits = _fragment_c_first(eb, seq, prot, h)
            if not CK.ok(len(hits) == 1, "%s fragment %s: places c. at %s" % (gene, f["what"], sorted(hits))):
                continue
            c_first = hits.pop()
            if not CK.ok(g_first in pos, "%s fragment %s: first exon base %d not exonic" % (gene, f["what"], g_first)):
                continue
            label = re.match(r"exon\d+(-partial)?", f["what"]).group(0)
            starts.setdefault(pos.index(g_first) - (c_first - 1), []).append("exon fragment " + label)
            f["c_first"] = c_first
        # anchors from CIViC variants numbered on this Ensembl transcript
        for a in civic_snvs:
            if a["gene"] != gene or a["acc"] != spec.get("civic_tx"):
                continue
            exp_ref = a["cref"] if t37["strand"] == "+" else h.comp(a["cref"])
            if exp_ref != a["ref"] or a["pos"] not in pos:
                continue
            starts.setdefault(pos.index(a["pos"]) - (a["c"] - 1), []).append("CIViC " + a["variant"])
        extra_versions = set()
        for a in plan_extra_anchors(gene, D, h):
            starts.setdefault(pos.index(a[0]) - (a[1] - 1), []).append(a[2])
            extra_versions.add(a[3])
        if not CK.ok(len(starts) == 1, "%s: anchors disagree on c.1 (%s)" % (
                gene, {pos[i] if 0 <= i < len(pos) else i: v[:3] for i, v in starts.items()})):
            continue
        i0, evidence = next(iter(starts.items()))
        if not CK.ok(0 <= i0 and i0 + cds_len <= len(pos), "%s: CDS does not fit the exons" % gene):
            continue
        n_frag = sum(1 for e in evidence if e.startswith("exon fragment"))
        n_civic = len(evidence) - n_frag
        distinct = {e.split(" (")[0] for e in evidence}
        if gene == "RB1":
            # one CIViC anchor only (no RB1 SNV or exon fragment in any source): its residue must agree too
            CK.ok(distinct == {"CIViC RB1 M695FS*26"} and prot[694] == "M", "RB1: anchor M695 not confirmed")
        else:
            CK.ok(len(distinct) >= 2, "%s: fewer than two independent anchors for the CDS placement" % gene)
        # The spliced transcript is the same on both builds when every exon keeps its length:
        # c.N is then at the same transcript index of the GRCh38 exon model.
        len37 = [e - s + 1 for s, e in t37["exons"]]
        len38 = [e - s + 1 for s, e in t38["exons"]]
        if not CK.ok(len37 == len38, "%s: exon lengths differ between GRCh37 and GRCh38" % gene):
            continue
        pos38 = h.exonic_positions(t38)
        shifts = sorted({a[0] - b[0] for a, b in zip(t37["exons"], t38["exons"])})
        # ALK keeps its derived bounds: they must agree with the placement
        if gene == "ALK":
            CK.ok(t37["cds_first"] == pos[i0] and t37["cds_last"] == pos[i0 + cds_len - 1],
                  "ALK: full CDS placement differs from the derived CDS bounds")
        checks = "%d exon fragment(s) and %d CIViC GRCh37 anchors agree on c.1" % (n_frag, n_civic)
        if gene == "RB1":
            checks = ("placed by a single CIViC GRCh37 anchor (M695fs: ENST00000267163.4:c.2083_2084insA = "
                      "g.49033946_49033947insA; residue 695 is M); stop codon bases not in the source")
        what = ("CDS %s" % CDS_SOURCES[gene]) if seq is not None else (
            "CDS bounds from the exon model and exon fragments aligned to %s; bases only where a fragment "
            "is known" % PROTEIN_SOURCES[gene])
        for build, t, p_ in (("GRCh37", t37, pos), ("GRCh38", t38, pos38)):
            t.update(cds_first=p_[i0], cds_last=p_[i0 + cds_len - 1], cds_length=cds_len,
                     protein_length=len(prot), cds_status="verified")
            if spec.get("civic_tx") and n_civic and not t["ensembl"]:
                # the CDS is numbered as CIViC numbers this Ensembl transcript (version: GRCh37 only)
                vers = {a["ver"] for a in civic_snvs if a["acc"] == spec["civic_tx"] and a["ver"]} or extra_versions
                t["ensembl"] = spec["civic_tx"] + ("." + vers.pop() if build == "GRCh37" and len(vers) == 1 else "")
            if spec.get("refseq"):
                t["refseq"] = spec["refseq"]
            src = "%s; %s to %s; %s" % (what, "translates" if seq is not None else "every known codon translates",
                                         PROTEIN_SOURCES[gene], checks)
            if build == "GRCh38":
                src += ("; GRCh38: same CDS on the GRCh38 exons (every exon has the same length on both builds; "
                        "exon shifts %s)" % ",".join("%+d" % -x for x in shifts))
            if gene == "MET":
                src += ("; 1390-aa isoform (CIViC numbers D1228N c.3682G>A on ENST00000397752); the 1408-aa "
                        "isoform NM_001127500 numbers residues after its 18-aa insertion +%d "
                        "(CIViC: D1228N = NM_001127500.2:c.3736G>A p.Asp1246Asn)" % MET_LONG_ISOFORM_SHIFT)
            t["source"] = src if gene != "ALK" else t["source"] + "; full CDS " + CDS_SOURCES["ALK"]
        plan["genes"][gene] = {"i0": i0, "len": cds_len, "evidence": evidence,
                               "exon_shift": [a[0] - b[0] for a, b in zip(t37["exons"], t38["exons"])]}
    return plan


def plan_extra_anchors(gene, D, h):
    """Anchors that are not SNVs: (GRCh37 position, c., label)."""
    out = []
    if gene == "RB1":
        # CIViC RB1 M695FS*26: ENST00000267163.4:c.2083_2084insA = g.49033946_49033947insA (plus strand)
        for r in h.read_tsv(os.path.join(D, "civic", "CIViC_01-Oct-2018_VariantSummaries_subset.tsv")):
            m = re.search(r"ENST00000267163\.(\d+):c\.(\d+)_(\d+)ins[ACGT]+", r["hgvs_expressions"])
            g = re.search(r"NC_000013\.10:g\.(\d+)_(\d+)ins", r["hgvs_expressions"])
            if r["gene"] == "RB1" and m and g:
                out.append((int(g.group(1)), int(m.group(2)), "CIViC RB1 %s (insertion c.%s_%s)" % (
                    r["variant"], m.group(2), m.group(3)), m.group(1)))
                out.append((int(g.group(2)), int(m.group(3)), "CIViC RB1 %s (second flank)" % r["variant"], m.group(1)))
    return out


def add_sequence(store, txs, plan, h):
    """Write the placed CDS bases (both builds) and the exon fragments with flanks."""
    for gene, p in plan["genes"].items():
        seq = plan["cds"].get(gene)
        t37 = txs[(gene, "GRCh37")]
        for build in ("GRCh37", "GRCh38"):
            t = txs[(gene, build)]
            if seq is not None:
                cp = h.cds_positions(t)
                bases = {g: (b if t["strand"] == "+" else h.comp(b)) for g, b in zip(cp, seq)}
                label = "%s CDS placed on %s exons" % (gene, build)
                store.add_map(build, t["chrom"], bases, label + " [" + CDS_SOURCES[gene] + "]")
            for f in plan["frags"]:
                if f["gene"] != gene:
                    continue
                plus = f["seq"].upper() if f["strand"] == "+" else h.rc(f["seq"].upper())
                g_first = _exon_part(f)[0]
                n = next(i for i, (s_, e_) in enumerate(t37["exons"]) if s_ <= g_first <= e_)
                shift = 0 if build == "GRCh37" else p["exon_shift"][n]
                lo, hi = f["start"] - shift, f["end"] - shift
                span = (min(s for s, _ in t["exons"]), max(e for _, e in t["exons"]))
                if not h.CK.ok(span[0] <= lo and hi <= span[1], "%s fragment %s outside the transcript" % (
                        gene, f["what"])):
                    continue
                label = "%s exon fragment %s [%s]" % (gene, re.match(r"exon\d+(-partial)?", f["what"]).group(0),
                                                      f["source"])
                if shift:
                    label += " (GRCh37 bases at GRCh37 %+d, the shift of exon %d)" % (-shift, n + 1)
                store.add(build, t["chrom"], lo, plus, label)


def add_cds_fragments(store, txs, plan, h):
    """Place CDS_FRAGMENTS on both builds; returns {gene: ["c.A-c.B (source)"]}."""
    placed = {}
    for gene, bases, source in CDS_FRAGMENTS:
        if gene not in plan["genes"]:
            continue
        prot = plan["proteins"][SPECS[gene]["protein"]]
        hits = _fragment_c_first(bases, None, prot, h)
        if not h.CK.ok(len(hits) == 1, "%s CDS fragment: places c. at %s" % (gene, sorted(hits))):
            continue
        c_first = hits.pop()
        c_last = c_first + len(bases) - 1
        for build in ("GRCh37", "GRCh38"):
            t = txs[(gene, build)]
            cp = h.cds_positions(t)
            if not h.CK.ok(1 <= c_first and c_last <= len(cp), "%s CDS fragment outside the CDS" % gene):
                continue
            posbase = {cp[c - 1]: (b if t["strand"] == "+" else h.comp(b))
                       for c, b in zip(range(c_first, c_last + 1), bases)}
            store.add_map(build, t["chrom"], posbase, "%s CDS fragment c.%d-c.%d [%s]" % (
                gene, c_first, c_last, source))
            t["source"] += "; CDS bases c.%d-c.%d from %s" % (c_first, c_last, source)
        placed.setdefault(gene, []).append("c.%d-c.%d" % (c_first, c_last))
    return placed


def verify(store, txs, plan, h):
    """Every known codon of every placed CDS is the reference protein's residue; returns a summary."""
    CK = h.CK
    summary = {}
    for gene, p in plan["genes"].items():
        prot = plan["proteins"][SPECS[gene]["protein"]] + "*"
        for build in ("GRCh37", "GRCh38"):
            t = txs[(gene, build)]
            cp = h.cds_positions(t)
            CK.ok(len(cp) == p["len"], "%s %s: exon bases c.1..stop %d != CDS %d" % (gene, build, len(cp), p["len"]))
            known = bad = 0
            for k in range(0, len(cp), 3):
                bs = [store.get(build, t["chrom"], g) for g in cp[k:k + 3]]
                if not all(bs):
                    continue
                cod = "".join(bs) if t["strand"] == "+" else h.comp("".join(bs))
                known += 1
                if h.CODON[cod] != prot[k // 3]:
                    bad += 1
                    if bad <= 3:
                        CK.ok(False, "%s %s codon %d: %s (%s), protein has %s" % (
                            gene, build, k // 3 + 1, cod, h.CODON[cod], prot[k // 3]))
            CK.ok(bad == 0, "%s %s: %d codons differ from the reference protein" % (gene, build, bad))
            p.setdefault("known", {})[build] = known
            summary[(gene, build)] = "%d/%d codons known, all = %s" % (known, len(prot), PROTEIN_SOURCES[gene])
    return summary


def write_reference_proteins(path, plan):
    """The reference proteins the placed CDSs were checked against, for the test suite."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("gene\tprotein_source\tcds_bases\tsequence\n")
        for gene in sorted(plan["genes"]):
            prot = plan["proteins"][SPECS[gene]["protein"]]
            every_codon = all(k == len(prot) + 1 for k in plan["genes"][gene].get("known", {}).values())
            full = "full" if every_codon else (
                "all but stop" if gene in plan["cds"] else "exon fragments")
            fh.write("%s\t%s\t%s\t%s\n" % (gene, PROTEIN_SOURCES[gene], full, plan["proteins"][SPECS[gene]["protein"]]))
