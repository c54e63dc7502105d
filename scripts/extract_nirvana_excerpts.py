#!/usr/bin/env python3
"""Extract reference-genome excerpts over the panel genes from Nirvana's unit-test references.

Illumina/Nirvana @6769212 (v1.5.4, 2017) ships, as unit-test resources, small
"NirvanaReference" files (UnitTests/Resources/Caches/GRCh3x/*.bases): 2-bit packed
reference bases of one region each (Ensembl 84 reference, GRCh37 or GRCh38). Some of them
span whole panel genes (NRAS, TP53, KIT, EGFR, part of PTEN). Reference bases are facts
about the public genome assemblies; only those bases are taken (the files themselves, GPL-3.0
at that commit, are not copied). The format, as read here (version 5):

  .NET string "NirvanaReference", int32 version, int64 index offset, int64 masked-interval
  offset; at the index offset: varint n, then per sequence: varint-prefixed name, varint
  (num_bases | 0x40000000 if an offset follows), varint file offset, [varint sequence offset];
  then per sequence a varint count of masked (N) intervals, each two varints (0-based, inclusive).
  Base k (0-based from the sequence offset, i.e. genome position offset + k + 1) is
  (byte[k // 4] >> 2 * (3 - k % 4)) & 3, mapped through "GCTA".

Writes scripts/sources/nirvana_reference_excerpts.fa: one record per file, clipped to the
panel transcripts (resources/transcripts/transcripts.tsv) +- 1 kb, plus strand, with
build, coordinates and repo@commit:path in the header. derive_resources.py verifies and uses
it; run this only to regenerate it from a Nirvana git directory:

    python3 scripts/extract_nirvana_excerpts.py --nirvana-git /path/to/Illumina+Nirvana.git
"""

import argparse
import csv
import os
import struct
import subprocess

COMMIT = "6769212fb0e9c1bcd2b953c620a27e0502c0e626"
FILES = [
    ("GRCh37", "UnitTests/Resources/Caches/GRCh37/ENST00000369535_chr1_Ensembl84.bases"),  # NRAS
    ("GRCh37", "UnitTests/Resources/Caches/GRCh37/ENST00000269305_chr17_Ensembl84.bases"),  # TP53
    ("GRCh37", "UnitTests/Resources/Caches/GRCh37/ENST00000359597_chr17_Ensembl84.bases"),  # TP53 region
    ("GRCh37", "UnitTests/Resources/Caches/GRCh37/ENST00000288135_chr4_Ensembl84.bases"),  # KIT
    ("GRCh37", "UnitTests/Resources/Caches/GRCh37/ENST00000275493_chr7_Ensembl84.bases"),  # EGFR
    ("GRCh37", "UnitTests/Resources/Caches/GRCh37/ENST00000472832_chr10_Ensembl84.bases"),  # PTEN (part)
    ("GRCh38", "UnitTests/Resources/Caches/GRCh38/ENST00000620739_chr17_Ensembl84.bases"),  # TP53
]
FLANK = 1000


def decode(data):
    """{chrom: (offset, bases)} of one NirvanaReference (version 5) file."""
    pos = [0]

    def varint():
        r = s = 0
        while True:
            b = data[pos[0]]
            pos[0] += 1
            r |= (b & 127) << s
            s += 7
            if not b & 128:
                return r

    def string():
        n = varint()
        x = data[pos[0]:pos[0] + n].decode("ascii")
        pos[0] += n
        return x

    if string() != "NirvanaReference":
        raise SystemExit("not a NirvanaReference file")
    (version,) = struct.unpack_from("<i", data, pos[0])
    if version != 5:
        raise SystemExit("NirvanaReference version %d, expected 5" % version)
    index_offset, _ = struct.unpack_from("<qq", data, pos[0] + 4)
    pos[0] = index_offset
    entries = []
    for _ in range(varint()):
        name = string()
        enc = varint()
        n_bases, file_offset = enc & 0x3FFFFFFF, varint()
        seq_offset = varint() if enc & 0x40000000 else 0
        entries.append([name, n_bases, file_offset, seq_offset, []])
    for i in range(varint()):
        entries[i][4] = [(varint(), varint()) for _ in range(varint())]
    out = {}
    for name, n, off, seq_offset, masked in entries:
        if not n:
            continue
        buf = data[off:off + n // 4 + 1]
        bases = ["GCTA"[(buf[k // 4] >> (2 * (3 - k % 4))) & 3] for k in range(n)]
        for b, e in masked:
            for k in range(max(b, 0), min(e + 1, n)):
                bases[k] = "N"
        out[name] = (seq_offset, "".join(bases))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nirvana-git", required=True, help="git directory of Illumina/Nirvana")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--transcripts", default=os.path.join(here, "..", "resources", "transcripts", "transcripts.tsv"))
    ap.add_argument("--out", default=os.path.join(here, "sources", "nirvana_reference_excerpts.fa"))
    args = ap.parse_args()
    with open(args.transcripts, encoding="utf-8") as fh:
        txs = list(csv.DictReader(fh, delimiter="\t"))
    records = []
    for build, path in FILES:
        data = subprocess.run(["git", "--git-dir", args.nirvana_git, "show", "%s:%s" % (COMMIT, path)],
                              check=True, capture_output=True).stdout
        for chrom, (offset, bases) in decode(data).items():
            lo, hi = offset + 1, offset + len(bases)
            for t in txs:
                if t["build"] != build or t["chrom"] != chrom:
                    continue
                a = max(lo, int(t["tx_start"]) - FLANK)
                b = min(hi, int(t["tx_end"]) + FLANK)
                if a > b:
                    continue
                seq = bases[a - lo:b - lo + 1]
                if "N" in seq:
                    raise SystemExit("%s: N bases inside %s" % (path, t["gene"]))
                records.append((build, chrom, a, b, t["gene"], path, seq))
    records.sort(key=lambda r: (r[0], r[1], r[2]))
    with open(args.out, "w", encoding="ascii", newline="") as fh:
        for build, chrom, a, b, gene, path, seq in records:
            fh.write(">%s build=%s %s:%d-%d(+) source=Illumina/Nirvana@%s:%s\n" % (
                gene, build, chrom, a, b, COMMIT, path))
            for i in range(0, len(seq), 80):
                fh.write(seq[i:i + 80] + "\n")
    print("wrote %d excerpts (%d bp) to %s" % (len(records), sum(r[3] - r[2] + 1 for r in records), args.out))


if __name__ == "__main__":
    main()
