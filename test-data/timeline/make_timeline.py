#!/usr/bin/env python3
"""Build the two-patient timeline example (test-data/timeline/): GRCh38 VCFs, Arriba tables and
a CNV VCF for a patient followed over three timepoints and one whose G1202R was there at baseline.

Only the repository's own files are read: resources/reference/known_sequence.tsv (every REF base
is checked against it) and tests/fixtures/small_variants/cases.tsv (the c./p. names of the
records, made and verified by test-data/make_test_data.py). Deterministic: two runs give
identical files. Run: python3 test-data/timeline/make_timeline.py
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# GRCh38 lengths of the contigs the header names (build detection reads them).
CONTIGS = [("chr2", 242193529), ("chr7", 159345973)]


def fail(msg):
    sys.stderr.write("make_timeline.py: %s\n" % msg)
    sys.exit(1)


def known_base(chrom, pos):
    with open(os.path.join(ROOT, "resources/reference/known_sequence.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["build"] == "GRCh38" and row["chrom"] == chrom and int(row["start"]) <= pos <= int(row["end"]):
                return row["sequence"][pos - int(row["start"])]
    fail("GRCh38 %s:%d is not in known_sequence.tsv" % (chrom, pos))


def case(case_id):
    """The GRCh38 chr-style record of a verified small-variant case."""
    with open(os.path.join(ROOT, "tests/fixtures/small_variants/cases.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["case_id"] == case_id and row["file"] == "GRCh38.chr.vcf":
                pos = int(row["pos"])
                base = known_base(row["chrom"].replace("chr", ""), pos)
                if base != row["ref"]:
                    fail("%s: REF %s but known_sequence has %s" % (case_id, row["ref"], base))
                return row
    fail("case %s not found" % case_id)


G1202R = case("ALK_G1202R")  # c.3604G>A p.Gly1202Arg, chr2:29220747 C>T
L1196M = case("ALK_L1196M")  # c.3586C>A p.Leu1196Met, chr2:29220765 G>T


def vcf(sample, records):
    lines = ["##fileformat=VCFv4.2", "##source=alkres test-data/timeline/make_timeline.py"]
    lines += ["##contig=<ID=%s,length=%d>" % c for c in CONTIGS]
    lines += [
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total read depth at the locus">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
        '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">',
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", sample]),
    ]
    # records: (case row, ref reads, alt reads, phase set or None)
    for row, ref_n, alt_n, ps in sorted(records, key=lambda r: int(r[0]["pos"])):
        depth = ref_n + alt_n
        gt, fmt, extra = ("0|1", "GT:AD:DP:PS", ":%d" % ps) if ps else ("0/1", "GT:AD:DP", "")
        lines.append("\t".join([
            row["chrom"], row["pos"], row["case_id"], row["ref"], row["alt"], "60", "PASS",
            "DP=%d" % depth, fmt, "%s:%d,%d:%d%s" % (gt, ref_n, alt_n, depth, extra),
        ]))
    return "\n".join(lines) + "\n"


ARRIBA_HEADER = ("#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\t"
                 "site1\tsite2\ttype\tsplit_reads1\tsplit_reads2\tdiscordant_mates\tcoverage1\tcoverage2\t"
                 "confidence\treading_frame\ttags\tretained_protein_domains\tclosest_genomic_breakpoint1\t"
                 "closest_genomic_breakpoint2\tgene_id1\tgene_id2\ttranscript_id1\ttranscript_id2\t"
                 "direction1\tdirection2\tfilters\tfusion_transcript\tpeptide_sequence\tread_identifiers")
# EML4 exon 6 (chr2:42264731, end of the exon) joined to ALK exon 20 (chr2:29223528): V3; EML4
# exon 13 (chr2:42295516) to ALK exon 20: V1. The same junctions as test-data/fusions/.
EML4_EXON = {"V3": "chr2:42264731", "V1": "chr2:42295516"}


def arriba(variant, split1, split2, discordant):
    row = ["EML4", "ALK", "+/+", "-/-", EML4_EXON[variant], "chr2:29223528", "splice-site", "splice-site",
           "inversion", str(split1), str(split2), str(discordant), "120", "90", "high", "in-frame", ".",
           ".", ".", ".", "ENSG00000143924.19", "ENSG00000171094.18", "ENST00000318522.10",
           "ENST00000389048.8", "downstream", "downstream", ".", ".", ".", "."]
    return ARRIBA_HEADER + "\n" + "\t".join(row) + "\n"


def cnv_vcf(sample, met_cn):
    lines = ["##fileformat=VCFv4.2", "##reference=GRCh38"]
    lines += ["##contig=<ID=%s,length=%d>" % c for c in CONTIGS]
    lines += [
        '##ALT=<ID=DUP,Description="Duplication">',
        '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">',
        '##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the variant">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=CN,Number=1,Type=Integer,Description="Copy number">',
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", sample]),
        # MET is chr7:116,672,196-116,798,377 on GRCh38; the segment covers it.
        "\t".join(["chr7", "116600000", "cnv_met", "N", "<DUP>", ".", "PASS",
                   "SVTYPE=DUP;END=116900000", "GT:CN", "./.:%d" % met_cn]),
    ]
    return "\n".join(lines) + "\n"


FILES = {
    # Patient PT1: baseline EML4-ALK V3 only; G1202R at 8% after alectinib; G1202R + L1196M
    # in cis (same phase set, same haplotype) and MET amplification after lorlatinib.
    "PT1_T0.vcf": vcf("PT1_T0", []),
    "PT1_T0.arriba.tsv": arriba("V3", 22, 25, 31),
    "PT1_T1.vcf": vcf("PT1_T1", [(G1202R, 460, 40, None)]),
    "PT1_T1.arriba.tsv": arriba("V3", 18, 20, 26),
    "PT1_T2.vcf": vcf("PT1_T2", [(G1202R, 330, 170, 29220747), (L1196M, 352, 148, 29220747)]),
    "PT1_T2.arriba.tsv": arriba("V3", 15, 19, 22),
    "PT1_T2.cnv.vcf": cnv_vcf("PT1_T2", 9),
    # Patient PT2: G1202R at 3% before any TKI (pre-existing), 31% after alectinib.
    "PT2_A.vcf": vcf("PT2_A", [(G1202R, 388, 12, None)]),
    "PT2_A.arriba.tsv": arriba("V1", 30, 28, 41),
    "PT2_B.vcf": vcf("PT2_B", [(G1202R, 276, 124, None)]),
    "PT2_B.arriba.tsv": arriba("V1", 26, 24, 35),
    "samples.csv": (
        "sample,patient,timepoint,date,index,tki_since_previous,vcf,arriba,cnv\n"
        "PT1_T0,PT1,baseline,2023-01-10,,,PT1_T0.vcf,PT1_T0.arriba.tsv,\n"
        "PT1_T1,PT1,progression,2024-03-05,,alectinib,PT1_T1.vcf,PT1_T1.arriba.tsv,\n"
        "PT1_T2,PT1,progression,2025-06-20,,lorlatinib,PT1_T2.vcf,PT1_T2.arriba.tsv,PT1_T2.cnv.vcf\n"
        "PT2_A,PT2,baseline,,1,,PT2_A.vcf,PT2_A.arriba.tsv,\n"
        "PT2_B,PT2,progression,,2,alectinib,PT2_B.vcf,PT2_B.arriba.tsv,\n"
    ),
}

for name, text in FILES.items():
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)
print("wrote %d files to %s" % (len(FILES), HERE))
