#!/usr/bin/env python3
"""SAM filter: move alignments on the small reference's segments into GRCh38 coordinates.

stdin: SAM from `bwa mem` against ref/truthset_ref.fa (records seg_<chrom>_<start>).
stdout: SAM whose header lists the real GRCh38 contigs and lengths (ref/contigs.tsv) and whose
RNAME/POS, RNEXT/PNEXT, SA and XA tags are shifted by the segment's start. Mates on different
segments of the same chromosome get RNEXT "=" and the template length a whole-chromosome
aligner would give (outer distance), as bwa mem gives none across contigs.

Options: --keep-fraction F --thin-origins a,b --seed S : drop read pairs whose simulated origin
(the ART/dwgsim record named before the first '-' or '_' of the read name) is listed, keeping a
fraction F (deterministic by name hash): that is how a tumour allele replaces wild-type reads.
--drop-origins a,b drops those origins completely (genes a panel does not capture).
Usage: shift_sam.py REF_DIR [--rg ID] [--thin ORIGINS:F ...] [--drop ORIGINS] < in.sam > out.sam
"""

import hashlib
import os
import sys


def load(ref_dir):
    segs = {}
    with open(os.path.join(ref_dir, "segments.tsv")) as fh:
        next(fh)
        for line in fh:
            f = line.split("\t")
            segs[f[0]] = (f[1], int(f[2]) - 1)
    with open(os.path.join(ref_dir, "contigs.tsv")) as fh:
        contigs = [line.split() for line in fh if line.strip()]
    return segs, contigs


def origin(name):
    # ART: <record>-<n>; our dwgsim wrapper: <record>_<n>... ; record names are cap_<chrom>_<pos>
    return name.rsplit("-", 1)[0] if "-" in name else name.split(":", 1)[0]


def keep(name, fraction, seed):
    h = hashlib.blake2b(f"{seed}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2**64 < fraction


def shift_tag(value, segs, sep):
    out = []
    for item in value.split(";"):
        if not item:
            continue
        parts = item.split(",")
        chrom, off = segs[parts[0]]
        parts[0] = chrom
        if sep == "XA":  # XA: chr,+pos,CIGAR,NM
            parts[1] = parts[1][0] + str(int(parts[1][1:]) + off)
        else:  # SA: chr,pos,strand,CIGAR,mapQ,NM
            parts[1] = str(int(parts[1]) + off)
        out.append(",".join(parts))
    return ";".join(out) + ";"


def main():
    args = sys.argv[1:]
    ref_dir = args.pop(0)
    rg = None
    thin = {}
    drop = set()
    seed = "0"
    while args:
        flag = args.pop(0)
        if flag == "--rg":
            rg = args.pop(0)
        elif flag == "--thin":
            spec = args.pop(0)
            names, frac = spec.rsplit(":", 1)
            for n in names.split(","):
                if n:
                    thin[n] = float(frac)
        elif flag == "--drop":
            drop.update(n for n in args.pop(0).split(",") if n)
        elif flag == "--seed":
            seed = args.pop(0)
        else:
            raise SystemExit(f"shift_sam.py: unknown option {flag}")
    segs, contigs = load(ref_dir)
    out = sys.stdout
    out.write("@HD\tVN:1.6\tSO:unsorted\n")
    for name, length in contigs:
        out.write(f"@SQ\tSN:{name}\tLN:{length}\n")
    if rg:
        out.write(f"@RG\tID:{rg}\tSM:{rg}\tPL:ILLUMINA\tLB:{rg}\n")
    kept = dropped = 0
    for line in sys.stdin:
        if line.startswith("@"):
            if line.startswith("@PG"):
                out.write(line)
            continue
        f = line.rstrip("\n").split("\t")
        o = origin(f[0])
        if o in drop or (o in thin and not keep(f[0], thin[o], seed)):
            dropped += 1
            continue
        kept += 1
        seg_r, seg_m = f[2], (f[2] if f[6] == "=" else f[6])
        chrom = mchrom = "*"
        if seg_r != "*":
            chrom, off = segs[seg_r]
            f[2] = chrom
            f[3] = str(int(f[3]) + off)
        if seg_m != "*":
            mchrom, moff = segs[seg_m]
            f[7] = str(int(f[7]) + moff)
            f[6] = "=" if mchrom == chrom else mchrom
            if seg_m != seg_r and mchrom == chrom:
                pos, mpos = int(f[3]), int(f[7])
                span = abs(mpos - pos) + len(f[9])
                f[8] = str(span if pos <= mpos else -span)
        for i in range(11, len(f)):
            if f[i].startswith("SA:Z:"):
                f[i] = "SA:Z:" + shift_tag(f[i][5:], segs, "SA")
            elif f[i].startswith("XA:Z:"):
                f[i] = "XA:Z:" + shift_tag(f[i][5:], segs, "XA")
        if rg:
            f.append(f"RG:Z:{rg}")
        out.write("\t".join(f) + "\n")
    print(f"shift_sam: kept {kept} records, dropped {dropped}", file=sys.stderr)


if __name__ == "__main__":
    main()
