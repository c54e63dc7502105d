#!/usr/bin/env python3
"""Write the SV-caller and RNA-fusion-caller fixtures of tests/fusions_sv.rs and
tests/fusions_rna.rs into this folder.

Each file imitates one caller's output layout (header lines, ID style, INFO/FORMAT keys,
breakend notation) with records placed at real GRCh37/GRCh38 coordinates of the shipped
transcript table (resources/transcripts/exons.tsv). The expected result of every record is
written next to it in a comment of this script, and asserted by the tests.

The LUMPY file is a shortened excerpt of SnpEff's tests/old/EML4-ALK_fusion.vcf (MIT licence,
pcingola/SnpEff @1db1599; real LUMPY calls on hg19): the ANN/LOF/SIMPLE_ANN annotations and
most records are dropped. Everything else is written here.

Alignments (BAM/CRAM) are not made here: tests/common/bam.rs writes them at test time.

Usage: python3 test-data/fusions/make_fusion_fixtures.py   (rewrites the files in place)
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

GRCH37 = [
    ("1", 249250621), ("2", 243199373), ("3", 198022430), ("4", 191154276), ("5", 180915260),
    ("6", 171115067), ("7", 159138663), ("8", 146364022), ("9", 141213431), ("10", 135534747),
    ("11", 135006516), ("12", 133851895), ("13", 115169878), ("14", 107349540),
    ("15", 102531392), ("16", 90354753), ("17", 81195210), ("18", 78077248), ("19", 59128983),
    ("20", 63025520), ("21", 48129895), ("22", 51304566), ("X", 155270560), ("Y", 59373566),
]
GRCH38 = [
    ("1", 248956422), ("2", 242193529), ("3", 198295559), ("4", 190214555), ("5", 181538259),
    ("6", 170805979), ("7", 159345973), ("8", 145138636), ("9", 138394717), ("10", 133797422),
    ("11", 135086622), ("12", 133275309), ("13", 114364328), ("14", 107043718),
    ("15", 101991189), ("16", 90338345), ("17", 83257441), ("18", 80373285), ("19", 58617616),
    ("20", 64444167), ("21", 46709983), ("22", 50818468), ("X", 156040895), ("Y", 57227415),
]


def contigs(table, chr_prefix):
    p = "chr" if chr_prefix else ""
    return "".join(f"##contig=<ID={p}{n},length={l}>\n" for n, l in table)


def write(name, text):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)


def rows(*records):
    return "".join("\t".join(str(c) for c in r) + "\n" for r in records)


# --- Manta (GenerateSVCandidates 1.6, somatic, NORMAL + TUMOR), GRCh38 ----------------------
MANTA_HEADER = (
    "##fileformat=VCFv4.1\n"
    "##fileDate=20240105\n"
    "##source=GenerateSVCandidates 1.6.0\n"
    "##reference=file:///ref/GRCh38_full_analysis_set_plus_decoy_hla.fa\n"
    + "{contigs}"
    + '##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description="Imprecise structural variation">\n'
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">\n'
    '##INFO=<ID=SVLEN,Number=.,Type=Integer,Description="Difference in length between REF and ALT alleles">\n'
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the variant described in this record">\n'
    '##INFO=<ID=CIPOS,Number=2,Type=Integer,Description="Confidence interval around POS">\n'
    '##INFO=<ID=CIEND,Number=2,Type=Integer,Description="Confidence interval around END">\n'
    '##INFO=<ID=HOMLEN,Number=.,Type=Integer,Description="Length of base pair identical homology at event breakpoints">\n'
    '##INFO=<ID=HOMSEQ,Number=.,Type=String,Description="Sequence of base pair identical homology at event breakpoints">\n'
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakend">\n'
    '##INFO=<ID=EVENT,Number=1,Type=String,Description="ID of event associated to breakend">\n'
    '##INFO=<ID=INV3,Number=0,Type=Flag,Description="Inversion breakends open 3\' of reported location">\n'
    '##INFO=<ID=INV5,Number=0,Type=Flag,Description="Inversion breakends open 5\' of reported location">\n'
    '##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Somatic mutation">\n'
    '##INFO=<ID=SOMATICSCORE,Number=1,Type=Integer,Description="Somatic variant quality score">\n'
    '##INFO=<ID=BND_DEPTH,Number=1,Type=Integer,Description="Read depth at local translocation breakend">\n'
    '##INFO=<ID=MATE_BND_DEPTH,Number=1,Type=Integer,Description="Read depth at remote translocation mate breakend">\n'
    '##FORMAT=<ID=PR,Number=.,Type=Integer,Description="Spanning paired-read support for the ref and alt alleles in the order listed">\n'
    '##FORMAT=<ID=SR,Number=.,Type=Integer,Description="Split reads for the ref and alt alleles in the order listed">\n'
    '##FILTER=<ID=MinSomaticScore,Description="Somatic score is less than 30">\n'
    '##ALT=<ID=DEL,Description="Deletion">\n'
    '##ALT=<ID=INS,Description="Insertion">\n'
    '##ALT=<ID=INV,Description="Inversion">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR\n"
)

manta38 = MANTA_HEADER.format(contigs=contigs(GRCH38, True)) + rows(
    # EML4-ALK V1 as an inversion breakend pair (++): ALK intron 19, EML4 intron 13.
    ("chr2", 29224100, "MantaBND:1021:0:1:0:0:0:0", "G", "G]chr2:42297000]", ".", "PASS",
     "SVTYPE=BND;MATEID=MantaBND:1021:0:1:0:0:0:1;CIPOS=0,3;HOMLEN=3;HOMSEQ=TGA;INV3;"
     "EVENT=MantaBND:1021:0:1:0:0:0:0;SOMATIC;SOMATICSCORE=95;BND_DEPTH=48;MATE_BND_DEPTH=41",
     "PR:SR", "35,0:40,0", "22,14:25,11"),
    # KIF5B-ALK t(2;10): ALK intron 19 joined to KIF5B intron 24 (KIF5B is on the minus strand).
    ("chr2", 29224600, "MantaBND:2210:0:1:0:0:0:0", "T", "T[chr10:32016500[", ".", "PASS",
     "SVTYPE=BND;MATEID=MantaBND:2210:0:1:0:0:0:1;SOMATIC;SOMATICSCORE=88;BND_DEPTH=44;MATE_BND_DEPTH=39",
     "PR:SR", "30,0:33,0", "18,9:20,7"),
    # TFG-ALK breakend pair that failed a filter: reported only with --include-filtered.
    ("chr2", 29224900, "MantaBND:3300:0:1:0:0:0:0", "A", "A]chr3:100725000]", ".", "MinSomaticScore",
     "SVTYPE=BND;MATEID=MantaBND:3300:0:1:0:0:0:1;IMPRECISE;CIPOS=-150,150;SOMATIC;SOMATICSCORE=12",
     "PR:SR", "28,0:0,0", "25,3:0,0"),
    # Intragenic deletion inside ALK intron 19: not a fusion.
    ("chr2", 29224800, "MantaDEL:3310:0:0:0:0:0", "C", "<DEL>", ".", "PASS",
     "END=29225000;SVTYPE=DEL;SVLEN=-200;SOMATIC;SOMATICSCORE=40", "PR:SR", "30,0:30,0", "25,5:20,4"),
    # Insertion near ALK: not a rearrangement.
    ("chr2", 29300000, "MantaINS:3320:0:0:0:0:0", "A", "<INS>", ".", "PASS",
     "END=29300000;SVTYPE=INS;CIPOS=0,5;CIEND=0,5;SOMATIC;SOMATICSCORE=35", "PR:SR", "30,0:30,0", "20,4:22,6"),
    ("chr3", 100725000, "MantaBND:3300:0:1:0:0:0:1", "G", "G]chr2:29224900]", ".", "MinSomaticScore",
     "SVTYPE=BND;MATEID=MantaBND:3300:0:1:0:0:0:0;IMPRECISE;CIPOS=-150,150;SOMATIC;SOMATICSCORE=12",
     "PR:SR", "28,0:0,0", "25,3:0,0"),
    # EGFR deletion: not an ALK rearrangement.
    ("chr7", 55019278, "MantaDEL:4001:0:1:0:0:0", "T", "<DEL>", ".", "PASS",
     "END=55020000;SVTYPE=DEL;SVLEN=-722;SOMATIC;SOMATICSCORE=70", "PR:SR", "30,0:30,0", "25,8:22,6"),
    ("chr2", 42297000, "MantaBND:1021:0:1:0:0:0:1", "A", "A]chr2:29224100]", ".", "PASS",
     "SVTYPE=BND;MATEID=MantaBND:1021:0:1:0:0:0:0;CIPOS=0,3;HOMLEN=3;HOMSEQ=TGA;INV3;"
     "EVENT=MantaBND:1021:0:1:0:0:0:0;SOMATIC;SOMATICSCORE=95;BND_DEPTH=41;MATE_BND_DEPTH=48",
     "PR:SR", "35,0:40,0", "22,14:25,11"),
    ("chr10", 32016500, "MantaBND:2210:0:1:0:0:0:1", "C", "]chr2:29224600]C", ".", "PASS",
     "SVTYPE=BND;MATEID=MantaBND:2210:0:1:0:0:0:0;SOMATIC;SOMATICSCORE=88;BND_DEPTH=39;MATE_BND_DEPTH=44",
     "PR:SR", "30,0:33,0", "18,9:20,7"),
)
write("manta_somatic.grch38.vcf", manta38)

# --- Manta (1.1, <INV> with INV3/INV5), GRCh37: EML4-ALK V2, balanced ----------------------
manta37 = MANTA_HEADER.format(contigs=contigs(GRCH37, False)).replace(
    "GRCh38_full_analysis_set_plus_decoy_hla.fa", "hs37d5.fa").replace(
    "GenerateSVCandidates 1.6.0", "GenerateSVCandidates 1.1.1") + rows(
    # ++ junction: 5' EML4 (exon 1-20) → 3' ALK (exon 20-29) = V2.
    ("2", 29447000, "MantaINV:5120:0:1:0:0:0", "A", "<INV>", ".", "PASS",
     "END=42553000;SVTYPE=INV;SVLEN=13106000;CIPOS=0,2;CIEND=-2,0;HOMLEN=2;HOMSEQ=AC;INV3;SOMATIC;SOMATICSCORE=61",
     "PR:SR", "30,0:28,0", "25,9:20,7"),
    # -- junction of the same balanced inversion: the reciprocal ALK → EML4.
    ("2", 29447001, "MantaINV:5120:1:2:0:0:0", "C", "<INV>", ".", "PASS",
     "END=42553001;SVTYPE=INV;SVLEN=13106000;INV5;SOMATIC;SOMATICSCORE=55",
     "PR:SR", "30,0:28,0", "27,6:24,3"),
)
write("manta_inversion.grch37.vcf", manta37)

# --- GRIDSS (2.x, BND pairs with o/h IDs, per-sample FORMAT counts), GRCh37 ------------------
gridss37 = (
    "##fileformat=VCFv4.2\n"
    "##source=GRIDSS\n"
    "##gridssVersion=2.13.2\n"
    + contigs(GRCH37, False)
    + '##INFO=<ID=ASSR,Number=1,Type=Integer,Description="Count of split, soft clipped or indel-containing reads incorporated into any breakpoint assemblies">\n'
    '##INFO=<ID=EVENT,Number=1,Type=String,Description="ID of event associated to breakend">\n'
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakends">\n'
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">\n'
    '##INFO=<ID=SR,Number=1,Type=Integer,Description="Count of split reads supporting breakpoint">\n'
    '##INFO=<ID=RP,Number=1,Type=Integer,Description="Count of read pairs supporting breakpoint">\n'
    '##INFO=<ID=VF,Number=1,Type=Integer,Description="Count of fragments supporting the variant breakpoint allele and not the reference allele.">\n'
    '##INFO=<ID=REF,Number=1,Type=Integer,Description="Count of reads mapping across this breakend">\n'
    '##INFO=<ID=REFPAIR,Number=1,Type=Integer,Description="Count of reference read pairs spanning this breakpoint supporting the reference allele">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=SR,Number=1,Type=Integer,Description="Count of split reads supporting breakpoint">\n'
    '##FORMAT=<ID=RP,Number=1,Type=Integer,Description="Count of read pairs supporting breakpoint">\n'
    '##FORMAT=<ID=VF,Number=1,Type=Integer,Description="Count of fragments supporting the variant breakpoint allele">\n'
    '##FORMAT=<ID=REF,Number=1,Type=Integer,Description="Count of reads mapping across this breakend">\n'
    '##FORMAT=<ID=REFPAIR,Number=1,Type=Integer,Description="Count of reference read pairs spanning this breakpoint">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tCOLO_N\tCOLO_T\n"
) + rows(
    # Unrelated translocation chr1-chr12: not ALK (two records).
    ("1", 18992158, "gridss2_101o", "C", "C[12:84963533[", "455.1", "PASS",
     "ASSR=5;EVENT=gridss2_101;MATEID=gridss2_101h;SVTYPE=BND;SR=4;RP=6;VF=10;REF=30;REFPAIR=20",
     "GT:SR:RP:VF:REF:REFPAIR", ".:0:0:0:15:10", ".:4:6:10:15:10"),
    # EML4-ALK V3 (++ inversion junction): ALK intron 19, EML4 intron 6.
    ("2", 29447300, "gridss12_345o", "T", "T]2:42500000]", "812.4", "PASS",
     "ASSR=15;EVENT=gridss12_345;MATEID=gridss12_345h;SVTYPE=BND;SR=9;RP=12;VF=21;REF=40;REFPAIR=25",
     "GT:SR:RP:VF:REF:REFPAIR", ".:0:0:0:20:15", ".:9:12:21:20:10"),
    # A single breakend in ALK: no partner locus.
    ("2", 29447800, "gridss14_7b", "C", "C.", "120.5", "PASS",
     "ASSR=3;SVTYPE=BND;SR=3;VF=3;REF=30;REFPAIR=12",
     "GT:SR:RP:VF:REF:REFPAIR", ".:0:0:0:15:6", ".:3:0:3:15:6"),
    ("2", 42500000, "gridss12_345h", "A", "A]2:29447300]", "812.4", "PASS",
     "ASSR=15;EVENT=gridss12_345;MATEID=gridss12_345o;SVTYPE=BND;SR=9;RP=12;VF=21;REF=38;REFPAIR=22",
     "GT:SR:RP:VF:REF:REFPAIR", ".:0:0:0:19:11", ".:9:12:21:19:11"),
    ("12", 84963533, "gridss2_101h", "G", "]1:18992158]G", "455.1", "PASS",
     "ASSR=5;EVENT=gridss2_101;MATEID=gridss2_101o;SVTYPE=BND;SR=4;RP=6;VF=10;REF=30;REFPAIR=20",
     "GT:SR:RP:VF:REF:REFPAIR", ".:0:0:0:15:10", ".:4:6:10:15:10"),
)
write("gridss_somatic.grch37.vcf", gridss37)

# --- DELLY (symbolic alleles with CT/CHR2, old <TRA> and new BND), GRCh38 -----------------
delly38 = (
    "##fileformat=VCFv4.2\n"
    "##FILTER=<ID=LowQual,Description=\"Poor quality and insufficient number of PEs and SRs.\">\n"
    + contigs(GRCH38, True)
    + '##ALT=<ID=DEL,Description="Deletion">\n'
    '##ALT=<ID=INV,Description="Inversion">\n'
    '##ALT=<ID=TRA,Description="Translocation">\n'
    '##INFO=<ID=CIEND,Number=2,Type=Integer,Description="PE confidence interval around END">\n'
    '##INFO=<ID=CIPOS,Number=2,Type=Integer,Description="PE confidence interval around POS">\n'
    '##INFO=<ID=CHR2,Number=1,Type=String,Description="Chromosome for POS2 coordinate in case of an inter-chromosomal translocation">\n'
    '##INFO=<ID=POS2,Number=1,Type=Integer,Description="Genomic position for CHR2 in case of an inter-chromosomal translocation">\n'
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the structural variant">\n'
    '##INFO=<ID=PE,Number=1,Type=Integer,Description="Paired-end support of the structural variant">\n'
    '##INFO=<ID=MAPQ,Number=1,Type=Integer,Description="Median mapping quality of paired-ends">\n'
    '##INFO=<ID=SR,Number=1,Type=Integer,Description="Split-read support">\n'
    '##INFO=<ID=CT,Number=1,Type=String,Description="Paired-end signature induced connection type">\n'
    '##INFO=<ID=PRECISE,Number=0,Type=Flag,Description="Precise structural variation">\n'
    '##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description="Imprecise structural variation">\n'
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">\n'
    '##INFO=<ID=SVMETHOD,Number=1,Type=String,Description="Type of approach used to detect SV">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype Quality">\n'
    '##FORMAT=<ID=FT,Number=1,Type=String,Description="Per-sample genotype filter">\n'
    '##FORMAT=<ID=DR,Number=1,Type=Integer,Description="# high-quality reference pairs">\n'
    '##FORMAT=<ID=DV,Number=1,Type=Integer,Description="# high-quality variant pairs">\n'
    '##FORMAT=<ID=RR,Number=1,Type=Integer,Description="# high-quality reference junction reads">\n'
    '##FORMAT=<ID=RV,Number=1,Type=Integer,Description="# high-quality variant junction reads">\n'
    "##source=DELLY\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ttumour\n"
) + rows(
    ("chr1", 1000000, "DEL00000001", "N", "<DEL>", "600", "PASS",
     "PRECISE;SVTYPE=DEL;SVMETHOD=EMBL.DELLYv0.8.7;END=1005000;PE=10;MAPQ=60;CT=3to5;CIPOS=-2,2;CIEND=-2,2;SR=6",
     "GT:GQ:FT:DR:DV:RR:RV", "0/1:90:PASS:30:10:25:6"),
    # EML4-ALK V5a: ALK intron 19 → EML4 intron 2, inversion 3'-to-3'.
    ("chr2", 29224300, "INV00000012", "N", "<INV>", "1200", "PASS",
     "PRECISE;SVTYPE=INV;SVMETHOD=EMBL.DELLYv0.8.7;END=42250000;PE=14;MAPQ=60;CT=3to3;CIPOS=-3,3;CIEND=-3,3;SR=9",
     "GT:GQ:FT:DR:DV:RR:RV", "0/1:120:PASS:30:14:25:9"),
    # KIF5B-ALK as an old-style <TRA> with CHR2/END and CT.
    ("chr2", 29224600, "TRA00000003", "N", "<TRA>", "900", "PASS",
     "PRECISE;SVTYPE=TRA;SVMETHOD=EMBL.DELLYv0.7.8;CHR2=chr10;END=32016500;PE=8;MAPQ=60;CT=3to5;CIPOS=-4,4;CIEND=-4,4;SR=5",
     "GT:GQ:FT:DR:DV:RR:RV", "0/1:80:PASS:28:8:22:5"),
    # TFG-ALK as a DELLY 1.x BND with CHR2/POS2.
    ("chr2", 29224950, "BND00000004", "N", "N]chr3:100725000]", "700", "PASS",
     "PRECISE;SVTYPE=BND;SVMETHOD=EMBL.DELLYv1.1.6;CHR2=chr3;POS2=100725000;PE=7;MAPQ=60;CT=3to3;SR=4",
     "GT:GQ:FT:DR:DV:RR:RV", "0/1:70:PASS:31:7:26:4"),
    # Low-quality ALK record: filtered.
    ("chr2", 29225200, "INV00000013", "N", "<INV>", "30", "LowQual",
     "IMPRECISE;SVTYPE=INV;SVMETHOD=EMBL.DELLYv0.8.7;END=52000000;PE=2;MAPQ=20;CT=5to5;CIPOS=-300,300;CIEND=-300,300",
     "GT:GQ:FT:DR:DV:RR:RV", "0/1:3:LowQual:30:2:0:0"),
)
write("delly.grch38.vcf", delly38)

# --- LUMPY: excerpt of SnpEff tests/old/EML4-ALK_fusion.vcf (MIT), hg19, no contig lengths --
lumpy37 = (
    "##fileformat=VCFv4.1\n"
    "##source=LUMPY\n"
    "##comment=Excerpt of pcingola/SnpEff tests/old/EML4-ALK_fusion.vcf (MIT licence); ANN/LOF/SIMPLE_ANN removed\n"
    '##INFO=<ID=CIEND,Number=2,Type=Integer,Description="Confidence interval around END for imprecise variants">\n'
    '##INFO=<ID=CIPOS,Number=2,Type=Integer,Description="Confidence interval around POS for imprecise variants">\n'
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the variant described in this record">\n'
    '##INFO=<ID=EVENT,Number=1,Type=String,Description="ID of event associated to breakend">\n'
    '##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description="Imprecise structural variation">\n'
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakends">\n'
    '##INFO=<ID=PE,Number=.,Type=Integer,Description="Number of paired-end reads supporting the variant across all samples">\n'
    '##INFO=<ID=SECONDARY,Number=0,Type=Flag,Description="Secondary breakend in a multi-line variants">\n'
    '##INFO=<ID=SR,Number=.,Type=Integer,Description="Number of split reads supporting the variant across all samples">\n'
    '##INFO=<ID=STRANDS,Number=.,Type=String,Description="Strand orientation of the adjacency in BEDPE format (DEL:+-, DUP:-+, INV:++/--)">\n'
    '##INFO=<ID=SU,Number=.,Type=Integer,Description="Number of pieces of evidence supporting the variant across all samples">\n'
    '##INFO=<ID=SVLEN,Number=.,Type=Integer,Description="Difference in length between REF and ALT alleles">\n'
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=PE,Number=1,Type=Integer,Description="Number of paired-end reads supporting the variant">\n'
    '##FORMAT=<ID=SR,Number=1,Type=Integer,Description="Number of split reads supporting the variant">\n'
    '##FORMAT=<ID=SU,Number=1,Type=Integer,Description="Number of pieces of evidence supporting the variant">\n'
    "##contig=<ID=chr1>\n##contig=<ID=chr2>\n##contig=<ID=chr5>\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tHDC134P\n"
) + rows(
    ("chr1", 87181493, "1", "N", "<DEL>", ".", "PASS",
     "CIEND=-340,10;CIPOS=-10,299;END=87181917;IMPRECISE;PE=8;SR=0;STRANDS=+-:8;SU=8;SVLEN=-424;SVTYPE=DEL",
     "GT:PE:SR:SU", "1/1:8:0:8"),
    # EML4-ALK V1 as LUMPY writes it: one <INV> record with both junctions in STRANDS.
    ("chr2", 29447648, "6", "N", "<INV>", ".", "PASS",
     "CIEND=-1,0;CIPOS=0,0;END=42524140;IMPRECISE;PE=413;SR=0;STRANDS=++:212,--:201;SU=413;SVLEN=13076492;SVTYPE=INV",
     "GT:PE:SR:SU", "1/1:413:0:413"),
    # A small inversion inside ALK intron 18: intragenic.
    ("chr2", 29448814, "5", "N", "<INV>", ".", "PASS",
     "CIEND=0,164;CIPOS=-54,88;END=29449226;IMPRECISE;PE=4;SR=0;STRANDS=++:3,--:1;SU=4;SVLEN=412;SVTYPE=INV",
     "GT:PE:SR:SU", "1/1:4:0:4"),
    ("chr5", 180477296, "25_2", "N", "[CHR5:180477143[N", ".", "PASS",
     "CIEND=-10,10;CIPOS=-10,10;EVENT=25;MATEID=25_1;PE=6;SECONDARY;SR=6;STRANDS=--:12;SU=12;SVTYPE=BND",
     "GT:PE:SR:SU", "1/1:6:6:12"),
    ("chr5", 180477143, "25_1", "N", "[CHR5:180477296[N", ".", "PASS",
     "CIEND=-10,10;CIPOS=-10,10;EVENT=25;MATEID=25_2;PE=6;SR=6;STRANDS=--:12;SU=12;SVTYPE=BND",
     "GT:PE:SR:SU", "1/1:6:6:12"),
)
write("lumpy_snpeff_excerpt.hg19.vcf", lumpy37)

# --- LUMPY-style breakend pair (written here), GRCh38: KIF5B-ALK --------------------------
lumpy38 = (
    "##fileformat=VCFv4.2\n"
    "##source=LUMPY\n"
    + contigs(GRCH38, True)
    + '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">\n'
    '##INFO=<ID=STRANDS,Number=.,Type=String,Description="Strand orientation of the adjacency in BEDPE format (DEL:+-, DUP:-+, INV:++/--)">\n'
    '##INFO=<ID=EVENT,Number=1,Type=String,Description="ID of event associated to breakend">\n'
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakends">\n'
    '##INFO=<ID=SECONDARY,Number=0,Type=Flag,Description="Secondary breakend in a multi-line variants">\n'
    '##INFO=<ID=SU,Number=.,Type=Integer,Description="Number of pieces of evidence supporting the variant across all samples">\n'
    '##INFO=<ID=PE,Number=.,Type=Integer,Description="Number of paired-end reads supporting the variant across all samples">\n'
    '##INFO=<ID=SR,Number=.,Type=Integer,Description="Number of split reads supporting the variant across all samples">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=SU,Number=1,Type=Integer,Description="Number of pieces of evidence supporting the variant">\n'
    '##FORMAT=<ID=PE,Number=1,Type=Integer,Description="Number of paired-end reads supporting the variant">\n'
    '##FORMAT=<ID=SR,Number=1,Type=Integer,Description="Number of split reads supporting the variant">\n'
    '##FORMAT=<ID=AB,Number=A,Type=Float,Description="Allele balance, fraction of observations from alternate allele">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tLUNG7\n"
) + rows(
    ("chr10", 32016500, "12_2", "N", "]chr2:29224600]N", ".", ".",
     "SVTYPE=BND;STRANDS=-+:17;EVENT=12;MATEID=12_1;SECONDARY;SU=17;PE=11;SR=6",
     "GT:SU:PE:SR:AB", "0/1:17:11:6:0.31"),
    ("chr2", 29224600, "12_1", "N", "N[chr10:32016500[", ".", ".",
     "SVTYPE=BND;STRANDS=+-:17;EVENT=12;MATEID=12_2;SU=17;PE=11;SR=6",
     "GT:SU:PE:SR:AB", "0/1:17:11:6:0.31"),
)
write("lumpy_bnd.grch38.vcf", lumpy38)

# --- Arriba 2.x fusions.tsv, GRCh38 -------------------------------------------------------
ARRIBA_COLUMNS = [
    "#gene1", "gene2", "strand1(gene/fusion)", "strand2(gene/fusion)", "breakpoint1", "breakpoint2",
    "site1", "site2", "type", "split_reads1", "split_reads2", "discordant_mates", "coverage1",
    "coverage2", "confidence", "reading_frame", "tags", "retained_protein_domains",
    "closest_genomic_breakpoint1", "closest_genomic_breakpoint2", "gene_id1", "gene_id2",
    "transcript_id1", "transcript_id2", "direction1", "direction2", "filters",
    "fusion_transcript", "peptide_sequence", "read_identifiers",
]
arriba38 = "\t".join(ARRIBA_COLUMNS) + "\n" + rows(
    # EML4 exon 13 → ALK exon 20 (V1), in frame.
    ("EML4", "ALK", "+/+", "-/-", "chr2:42295516", "chr2:29223528", "splice-site", "splice-site",
     "inversion", 25, 31, 40, 120, 90, "high", "in-frame", "Mitelman",
     "WD40_repeat(100%)|Protein_kinase_domain(100%)", "chr2:42297010(1494)", "chr2:29224090(562)",
     "ENSG00000143924.19", "ENSG00000171094.18", "ENST00000318522.10", "ENST00000389048.8",
     "downstream", "downstream", "duplicates(12)", "GGTTTCAAAGGA|GTGTACCGCCGGAAG", "...", "r1,r2"),
    # EML4 exon 6 → ALK exon 20 (V3a): the junction at the end of exon 6(a).
    ("EML4", "ALK", "+/+", "-/-", "chr2:42264731", "chr2:29223528", "splice-site", "splice-site",
     "inversion", 9, 11, 14, 80, 70, "high", "in-frame", ".", ".", ".", ".",
     "ENSG00000143924.19", "ENSG00000171094.18", "ENST00000318522.10", "ENST00000389048.8",
     "downstream", "downstream", ".", ".", ".", "r3"),
    # The reciprocal ALK → EML4 transcript (ALK exon 19 → EML4 exon 14).
    ("ALK", "EML4", "-/-", "+/+", "chr2:29225461", "chr2:42301241", "splice-site", "splice-site",
     "inversion", 2, 1, 3, 60, 70, "medium", "out-of-frame", ".", ".", ".", ".",
     "ENSG00000171094.18", "ENSG00000143924.19", "ENST00000389048.8", "ENST00000318522.10",
     "upstream", "upstream", ".", ".", ".", "r4"),
    # Not an ALK fusion.
    ("BCAS4", "BCAS3", "+/+", "+/+", "chr20:50795173", "chr17:60677422", "splice-site",
     "splice-site", "translocation", 10, 12, 8, 50, 60, "high", "in-frame", ".", ".", ".", ".",
     ".", ".", ".", ".", "downstream", "upstream", ".", ".", ".", "r5"),
)
write("arriba_fusions.grch38.tsv", arriba38)

# --- Arriba without direction columns (orientation from the strands), GRCh37: KLC1-ALK -----
ARRIBA_OLD = [
    "#gene1", "gene2", "strand1(gene/fusion)", "strand2(gene/fusion)", "breakpoint1", "breakpoint2",
    "site1", "site2", "type", "split_reads1", "split_reads2", "discordant_mates", "coverage1",
    "coverage2", "confidence", "reading_frame",
]
arriba37 = "\t".join(ARRIBA_OLD) + "\n" + rows(
    # KLC1 (plus strand, chr14) exon 9 → ALK exon 20; KLC1 has no CDS in the table.
    ("KLC1", "ALK", "+/+", "-/-", "14:104139768", "2:29446394", "splice-site", "splice-site",
     "translocation", 6, 7, 9, 40, 50, "high", "in-frame"),
)
write("arriba_fusions_no_direction.grch37.tsv", arriba37)

# --- STAR-Fusion abridged predictions, GRCh38 ---------------------------------------------
STAR_COLUMNS = [
    "#FusionName", "JunctionReadCount", "SpanningFragCount", "est_J", "est_S", "SpliceType",
    "LeftGene", "LeftBreakpoint", "RightGene", "RightBreakpoint", "LargeAnchorSupport", "FFPM",
    "LeftBreakDinuc", "LeftBreakEntropy", "RightBreakDinuc", "RightBreakEntropy", "annots",
]
star38 = "\t".join(STAR_COLUMNS) + "\n" + rows(
    ("EML4--ALK", 54, 40, "54.00", "40.00", "ONLY_REF_SPLICE", "EML4^ENSG00000143924.19",
     "chr2:42295516:+", "ALK^ENSG00000171094.18", "chr2:29223528:-", "YES_LDAS", "12.3456",
     "GT", "1.8892", "AG", "1.9656", '["ChimerKB","Cosmic","INTERCHROMOSOMAL[chr2:42.24Mb]"]'),
    # KIF5B (minus strand) exon 24 → ALK exon 20.
    ("KIF5B--ALK", 12, 7, "12.00", "7.00", "ONLY_REF_SPLICE", "KIF5B^ENSG00000170759.11",
     "chr10:32017143:-", "ALK^ENSG00000171094.18", "chr2:29223528:-", "YES_LDAS", "2.1234",
     "GT", "1.9219", "AG", "1.9656", '["ChimerKB","INTERCHROMOSOMAL[chr10--chr2]"]'),
    ("TMPRSS2--ERG", 30, 20, "30.00", "20.00", "ONLY_REF_SPLICE", "TMPRSS2^ENSG00000184012.12",
     "chr21:41508081:-", "ERG^ENSG00000157554.19", "chr21:38445621:-", "YES_LDAS", "8.1",
     "GT", "1.9", "AG", "1.8", '["Cosmic"]'),
)
write("star-fusion.fusion_predictions.abridged.grch38.tsv", star38)

# --- STAR-Fusion with the coding-effect column, GRCh37: EML4-ALK V2 -----------------------
STAR_CODING = STAR_COLUMNS + ["CDS_LEFT_ID", "CDS_LEFT_RANGE", "CDS_RIGHT_ID", "CDS_RIGHT_RANGE", "PROT_FUSION_TYPE"]
star37 = "\t".join(STAR_CODING) + "\n" + rows(
    ("EML4--ALK", 21, 13, "21.00", "13.00", "ONLY_REF_SPLICE", "EML4^ENSG00000143924.14",
     "chr2:42552694:+", "ALK^ENSG00000171094.11", "chr2:29446394:-", "YES_LDAS", "5.5",
     "GT", "1.9", "AG", "1.9", '["ChimerKB"]', "ENST00000318522.5", "1-2242",
     "ENST00000389048.3", "3173-4863", "INFRAME"),
)
write("star-fusion.abridged.coding_effect.grch37.tsv", star37)
