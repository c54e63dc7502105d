#!/usr/bin/env python3
"""Writes the bad-input corpus: one file (or folder) per defect, named after the defect.

README.md beside this script says, for each, the command and what a correct alkres must do;
tests/bad_inputs.rs runs them. Run from the repository root:

    python3 tests/bad_inputs/make_bad_inputs.py

Needs Python 3 and `bgzip`/`tabix` (htslib) for the compressed and indexed cases.
Deterministic: positions and counts are fixed, no randomness.
"""

import struct
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUPPORT = HERE / "support"

# GRCh38 ALK G1202R, c.3604G>A, is chr2:29220747 C>T (tests/fixtures/small_variants/GRCh38.chr.vcf);
# C>G at the same base is c.3604G>C, GGA>CGA, also p.Gly1202Arg.
G1202R = "chr2\t29220747\t.\tC\tT\t50\tPASS\tDP=90\tGT:AD\t0/1:49,41\n"
HEADER = (
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=chr1,length=248956422>\n"
    "##contig=<ID=chr2,length=242193529>\n"
    "##contig=<ID=chr7,length=159345973>\n"
    "##contig=<ID=chr12,length=133275309>\n"
    '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allele depths">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
)


def write(name, text):
    (HERE / name).write_text(text)


def filler(n, chrom="chr1", start=1_000_000):
    # Off-panel SNVs 10 bp apart on chr1 (no panel gene within 1 Mb of 1.0-1.3 Mb).
    return "".join(f"{chrom}\t{start + i * 10}\t.\tA\tC\t50\tPASS\tDP=40\tGT:AD\t0/1:20,20\n" for i in range(n))


def bgzf_blocks(data):
    """Offsets where each BGZF block starts (BSIZE is in the BC extra subfield)."""
    offsets, off = [], 0
    while off < len(data):
        offsets.append(off)
        xlen = struct.unpack_from("<H", data, off + 10)[0]
        extra, pos, bsize = data[off + 12 : off + 12 + xlen], 0, None
        while pos < xlen:
            si1, si2, slen = extra[pos], extra[pos + 1], struct.unpack_from("<H", extra, pos + 2)[0]
            if si1 == 66 and si2 == 67:
                bsize = struct.unpack_from("<H", extra, pos + 4)[0]
            pos += 4 + slen
        off += bsize + 1
    return offsets


def bgzip_text(text, path):
    raw = path.with_suffix("")  # drop .gz
    raw.write_text(text)
    subprocess.run(["bgzip", "-f", str(raw)], check=True)


def main():
    SUPPORT.mkdir(exist_ok=True)
    (SUPPORT / "g1202r.grch38.vcf").write_text(HEADER + G1202R)

    write("duplicate-record.vcf", HEADER + G1202R + G1202R)
    write(
        "multiallelic-self-duplicate.vcf",
        HEADER + "chr2\t29220747\t.\tC\tT,G\t50\tPASS\tDP=90\tGT:AD\t1/2:20,35,35\n",
    )

    # 20,000 filler records, then G1202R as record 20,001; cut at a block boundary near the
    # middle, so the file ends cleanly on a block but has no EOF marker.
    full = HERE / "bgzf-truncated-at-block-boundary.vcf.gz"
    bgzip_text(HEADER + filler(20_000) + G1202R, full)
    data = full.read_bytes()
    blocks = bgzf_blocks(data)
    full.write_bytes(data[: blocks[len(blocks) // 2]])

    # A tabix index made for another file of the same name.
    stale = HERE / "stale-tabix-index.vcf.gz"
    bgzip_text(HEADER + filler(2000, "chr2", 29_000_000) + G1202R, stale)
    subprocess.run(["tabix", "-f", "-p", "vcf", str(stale)], check=True)
    bgzip_text(HEADER + filler(50, "chr2", 29_100_000) + G1202R, stale)

    # An indexed file whose panel record on line 137 lacks its sample column (tabix indexes
    # it; alkres must name line 137). Lines 11-135 are off-panel filler, line 136 is G1202R.
    lines = HEADER.count("\n")
    bad = "chr2\t29220800\t.\tG\tA\t50\tPASS\tDP=80\tGT:AD\n"
    indexed = HERE / "indexed-bad-record-line-137.vcf.gz"
    bgzip_text(HEADER + filler(135 - lines, "chr2", 28_000_000) + G1202R + bad, indexed)
    subprocess.run(["tabix", "-f", "-p", "vcf", str(indexed)], check=True)

    # Knowledge-base tables with unchecked values.
    cols = "alteration\tdrug\tcall\tevidence\tic50_nm\tcitation\tnote\n"
    for name, row in [
        ("kb-capital-Sensitive", "ALK:G1202R\tlorlatinib\tSensitive\tclinical\t\t\t\n"),
        ("kb-unknown-drug", "ALK:G1202R\tnotadrugib\tsensitive\tclinical\t\t\t\n"),
    ]:
        d = HERE / name
        d.mkdir(exist_ok=True)
        (d / "calls.tsv").write_text(cols + row)

    write(
        "cnvkit-log2-inf.cns",
        "chromosome\tstart\tend\tgene\tlog2\tprobes\tweight\n"
        "chr2\t29192774\t29921586\tALK\tinf\t120\t0.9\n"
        "chr7\t116672196\t116798377\tMET\t0.05\t80\t0.9\n",
    )

    sheet = "sample,vcf,prior_tkis,timepoint,months_on_treatment\n"
    row = "P1,support/g1202r.grch38.vcf,alectinib,progression,14\n"
    write("samplesheet-comment-line.csv", "# cohort export 2026-11-30\n" + sheet + row)
    write("samplesheet-months-negative.csv", sheet + row.replace(",14", ",-1"))
    write(
        "samplesheet-name-collision.csv",
        sheet + row.replace("P1,", "A/B,") + row.replace("P1,", "A_B,"),
    )

    arriba_header = (
        "#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tsite1\tsite2\ttype\t"
        "split_reads1\tsplit_reads2\tdiscordant_mates\tcoverage1\tcoverage2\tconfidence\n"
    )
    write(
        "fusion-counts-non-numeric.tsv",
        arriba_header
        + "EML4\tALK\t+/+\t-/-\tchr2:42295516\tchr2:29223528\tsplice-site\tsplice-site\tinversion\tmany\t31\t40\t120\t90\thigh\n",
    )

    # FusionCatcher's VCF convention (written by us): END redefined as a String holding "5"/"3",
    # no ##contig lines, build only in ##reference. bcftools reads it with a warning.
    fc = (
        "##fileformat=VCFv4.3\n"
        "##source=fusioncatcher_v1.20\n"
        "##reference=ftp://ftp.ensembl.org/pub/release-98/fasta/homo_sapiens/dna/Homo_sapiens.GRCh38.dna.primary_assembly.fa\n"
        '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">\n'
        '##INFO=<ID=MATEID,Number=1,Type=String,Description="ID of the mate breakend">\n'
        '##INFO=<ID=SR,Number=1,Type=Integer,Description="Spanning reads mapping on fusion junction">\n'
        '##INFO=<ID=SP,Number=1,Type=Integer,Description="Spanning pairs supporting the fusion gene">\n'
        '##INFO=<ID=END,Number=1,Type=String,Description="End of the fusion to which it belongs, that is 5 or 3 end">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        "2\t42301391\tEML4--ALK__5\tN\tN]2:29223587]\t.\tPASS\tSVTYPE=BND;MATEID=EML4--ALK__3;END=5;SR=4;SP=5\n"
        "2\t29223587\tEML4--ALK__3\tN\t[2:42301391[N\t.\tPASS\tSVTYPE=BND;MATEID=EML4--ALK__5;END=3;SR=4;SP=5\n"
    )
    write("reserved-info-key-redefined.vcf", fc)

    # The Manta EML4-ALK example, plus one malformed BND record on chr1 far from any panel gene.
    manta = (HERE.parent.parent / "test-data/example/P01.manta.vcf").read_text()
    head = "".join(l for l in manta.splitlines(True) if l.startswith("#"))
    body = "".join(l for l in manta.splitlines(True) if not l.startswith("#"))
    junk = "chr1\t150000000\tMantaBND:9:0:1:0:0:0:0\tG\tG]chr1:notanumber]\t.\tPASS\tSVTYPE=BND\tPR:SR\t10,0:10,0\t10,5:10,6\n"
    write("sv-malformed-record-far-from-alk.vcf", head + junk + body)


if __name__ == "__main__":
    main()
