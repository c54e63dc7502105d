#!/usr/bin/env python3
"""Extract Ensembl transcript sequences of panel genes from OpenCB CellBase's test data.

OpenCB CellBase (Apache-2.0) ships, as test resources, gene documents of its GRCh38 database
(Ensembl): each transcript with its exons' genomic coordinates and its cDNA (`cDnaSequence`),
some exons also with their own `sequence`. Two of them hold panel transcripts:

  * RB1 ENST00000267163 (cdna 4,840 nt, every exon with coordinates and sequence):
    opencb/cellbase@0b7c0dae3d4cb1c16db22c6642cf5701e529190c:cellbase-core/src/test/resources/hgvs/gene.test.json.gz
  * RET ENST00000355710 (cdna 5,659 nt, exon coordinates):
    opencb/cellbase@36da8fc14be648446effafa93b8781d5585d6511:cellbase-lib/src/test/resources/variant-annotation/grch38/gene.test.json.gz

The cDNA is cut along the exons (its length must equal the summed exon lengths; where an exon
carries its own sequence, the cut must equal it; the CDS from cdnaCodingStart must translate
to the document's proteinSequence with one stop at its end). Each exon is written on the plus
strand to scripts/sources/cellbase_transcripts.fa with its GRCh38 coordinates;
derive_resources.py (derive_genomic_excerpts.add_exons) checks the coordinates against the
shipped exon models and uses the bases. Run only to regenerate that file:

    python3 scripts/extract_cellbase_transcripts.py --cellbase-git /path/to/opencb+cellbase.git
"""

import argparse
import gzip
import json
import os
import subprocess

SOURCES = [
    ("RB1", "ENST00000267163", "0b7c0dae3d4cb1c16db22c6642cf5701e529190c",
     "cellbase-core/src/test/resources/hgvs/gene.test.json.gz"),
    ("RET", "ENST00000355710", "36da8fc14be648446effafa93b8781d5585d6511",
     "cellbase-lib/src/test/resources/variant-annotation/grch38/gene.test.json.gz"),
]

COMP = str.maketrans("ACGT", "TGCA")
_B = "TCAG"
_AA = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODON = {a + b + c: _AA[16 * i + 4 * j + k] for i, a in enumerate(_B) for j, b in enumerate(_B)
         for k, c in enumerate(_B)}


def translate(s):
    return "".join(CODON.get(s[i:i + 3], "X") for i in range(0, len(s) - 2, 3))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cellbase-git", required=True, help="git directory of opencb/cellbase")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "sources", "cellbase_transcripts.fa"))
    args = ap.parse_args()
    out = []
    for gene, tx, commit, path in SOURCES:
        data = subprocess.run(["git", "--git-dir", args.cellbase_git, "show", "%s:%s" % (commit, path)],
                              check=True, capture_output=True).stdout
        docs = [json.loads(line) for line in gzip.decompress(data).decode().splitlines() if line.strip()]
        hits = [t for d in docs if d.get("name") == gene for t in d["transcripts"] if t["id"] == tx]
        if len(hits) != 1:
            raise SystemExit("%s %s: %d transcripts in %s" % (gene, tx, len(hits), path))
        t = hits[0]
        cdna = t["cDnaSequence"].upper()
        exons = sorted(t["exons"], key=lambda e: e["exonNumber"])
        if sum(e["end"] - e["start"] + 1 for e in exons) != len(cdna):
            raise SystemExit("%s: cDNA length differs from the summed exon lengths" % tx)
        cds = cdna[t["cdnaCodingStart"] - 1:t["cdnaCodingEnd"]]
        prot = translate(cds)
        if prot != t["proteinSequence"] + "*":
            raise SystemExit("%s: CDS does not translate to the document's protein" % tx)
        k = 0
        for e in exons:
            n = e["end"] - e["start"] + 1
            piece = cdna[k:k + n]
            k += n
            if e.get("sequence") and e["sequence"].upper() != piece:
                raise SystemExit("%s exon %d: its sequence differs from the cDNA cut" % (tx, e["exonNumber"]))
            plus = piece if t["strand"] == "+" else piece.translate(COMP)[::-1]
            out.append((gene, t["chromosome"], e["start"], e["end"], plus,
                        "opencb/cellbase@%s:%s#%s.exon%d" % (commit, path, tx, e["exonNumber"])))
    with open(args.out, "w", encoding="ascii", newline="") as fh:
        for gene, chrom, s, e, seq, src in out:
            fh.write(">%s build=GRCh38 %s:%d-%d(+) source=%s\n" % (gene, chrom, s, e, src))
            for i in range(0, len(seq), 80):
                fh.write(seq[i:i + 80] + "\n")
    print("wrote %d exons of %d transcripts to %s" % (len(out), len(SOURCES), args.out))


if __name__ == "__main__":
    main()
