#!/usr/bin/env python3
"""Score alkres's JSON reports against the truth-set benchmark's truth (stdlib only).

Usage: score.py WORK --mode quick|full --elapsed S --command CMD --alkres BIN [--speed MD] --out MD
Prints the markdown tables and writes them to --out; the last stdout line is the summary
`TRUTHSET key=value ...`. Targets unmet never change the exit status.
"""

import datetime
import glob
import json
import os
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
from truthset import FUSIONS  # noqa: E402


def tsv(path):
    with open(path) as fh:
        header = next(fh).rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in fh]


def report(work, sample):
    paths = glob.glob(os.path.join(work, sample, "out", "*.alkres.*.json"))
    if not paths:
        raise SystemExit(f"score.py: no alkres JSON for {sample} in {work}/{sample}/out")
    with open(paths[0]) as fh:
        return json.load(fh)


def pct(num, den):
    return "n/a" if den == 0 else f"{100 * num / den:.0f}% ({num}/{den})"


def fusion_label(f):
    return (f"{f['partner']} e{f['partner_exon']};A{f['alk_exon']}"
            f"{' ' + f['variant'] if f.get('variant') else ''}"
            f" [{f['split_reads']}sr/{f['discordant_pairs']}dp/{f['clipped_reads']}cl]")


def cn_label(c):
    return f"{c['gene']} {c['call']} (CN {c['copy_number']:.1f})" if isinstance(
        c.get("copy_number"), (int, float)) else f"{c['gene']} {c['call']}"


def abnormal_cn(rep):
    return [c for c in rep["copy_number"] if c.get("call") not in (None, "neutral")]


def alk_hotspots(rep):
    return [f for f in rep["findings"] if f.get("gene") == "ALK" and f.get("protein_short")]


def version(cmd):
    try:
        out = subprocess.run(cmd, shell=True, capture_output=True, text=True, errors="replace", timeout=20)
        text = (out.stdout + out.stderr).strip().splitlines()
        return text[0].strip() if text else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def main():
    args = sys.argv[1:]
    work = args.pop(0)
    opt = dict(zip(args[0::2], args[1::2]))
    samples = {r["sample"]: r for r in tsv(os.path.join(work, "samples.tsv"))}
    truth = defaultdict(list)
    for r in tsv(os.path.join(work, "truth.tsv")):
        truth[r["sample"]].append(r)
    reps, missing = {}, []
    for s in samples:
        try:
            reps[s] = report(work, s)
        except SystemExit:
            missing.append(s)
    if missing:  # an interrupted run: score what finished, say what did not
        print(f"score.py: no report for {len(missing)} samples: {' '.join(missing)}",
              file=sys.stderr)
        samples = {s: r for s, r in samples.items() if s in reps}
        truth = defaultdict(list, {s: r for s, r in truth.items() if s in reps})

    lines = []
    out = lines.append
    # ---- fusions ----
    fus = defaultdict(lambda: [0, 0, 0, 0])  # (variant, f) -> found, samples, tp calls, calls
    fus_detail = []
    for s, rows in truth.items():
        for t in (r for r in rows if r["kind"] == "fusion"):
            partner, _, _, _, _, pexon, aexon = FUSIONS[t["item"]]
            calls = reps[s]["fusions"]
            ok = [c for c in calls if c["partner"] == partner and c["partner_exon"] == pexon
                  and c["alk_exon"] == aexon]
            cell = fus[(t["item"], float(t["expected"]))]
            cell[0] += bool(ok)
            cell[1] += 1
            cell[2] += min(1, len(ok))
            cell[3] += len(calls)
            wrong = [fusion_label(c) for c in calls if c not in ok[:1]]
            if wrong:
                fus_detail.append(f"{s}: " + "; ".join(wrong))
    fracs = sorted({f for _, f in fus})
    out("### Fusions: recall (precision) per variant x fraction of molecules, 500x\n")
    out("| variant | " + " | ".join(f"{f:g} %" for f in fracs) + " |")
    out("|---|" + "---|" * len(fracs))
    rec_num = rec_den = prec_num = prec_den = 0
    for v in FUSIONS:
        if not any(k[0] == v for k in fus):
            continue
        cells = []
        for f in fracs:
            found, n, tp, calls = fus.get((v, f), [0, 0, 0, 0])
            cells.append(f"{pct(found, n)}; prec {pct(tp, calls)}" if n else "-")
            if f >= 1:
                rec_num, rec_den, prec_num, prec_den = (rec_num + found, rec_den + n,
                                                        prec_num + tp, prec_den + calls)
        out(f"| {v} | " + " | ".join(cells) + " |")
    out("\nFusion calls other than the true one in positive samples (precision losses):\n")
    out("\n".join(f"- {d}" for d in fus_detail) or "- none")

    # ---- hotspots ----
    hot = defaultdict(lambda: [0, 0])
    hot_fp = []
    for s, rows in truth.items():
        called = {f["protein_short"]: f for f in alk_hotspots(reps[s])}
        expected = {r["item"] for r in rows if r["kind"] in ("hotspot",)}
        expected |= {m for r in rows if r["kind"] == "phase" for m in r["item"].split("+")}
        for r in rows:
            if r["kind"] == "hotspot":
                cell = hot[float(r["expected"])]
                cell[0] += r["item"] in called
                cell[1] += 1
        for name, f in called.items():
            if name not in expected:
                hot_fp.append((s, f"{name} (VAF {f.get('vaf') or 0:.4f}, "
                                  f"{f.get('alt_depth')}/{f.get('depth')})"))
    out("\n### ALK hotspots: sensitivity per VAF (5 hotspots: F1174L, I1171N, L1196M, G1202R, "
        "G1269A), 500x\n")
    out("| VAF | " + " | ".join(f"{v:g} %" for v in sorted(hot)) + " |")
    out("|---|" + "---|" * len(hot))
    out("| recall | " + " | ".join(pct(*hot[v]) for v in sorted(hot)) + " |")
    hot_num = sum(hot[v][0] for v in hot if v >= 2)
    hot_den = sum(hot[v][1] for v in hot if v >= 2)

    # ---- phasing ----
    # Truth per pair: phase samples as planned; in hotspot samples mutations in one bait
    # window were written on one haplotype (cis), mutations in different windows share no
    # fragment (not resolvable: the right answer is "unknown").
    window = {"F1174L": 23, "G1202R": 23, "L1196M": 23, "I1171N": 22, "G1269A": 25}
    ph_right = ph_resolvable = ph_total = ph_overclaim = 0
    ph_rows = []
    for s, rows in truth.items():
        pairs = {}
        for r in rows:
            if r["kind"] == "phase":
                pairs[frozenset(r["item"].split("+"))] = r["expected"]
        hs = sorted(r["item"] for r in rows if r["kind"] == "hotspot")
        for a in hs:
            for b in hs:
                if a < b:
                    pairs[frozenset((a, b))] = "cis" if window[a] == window[b] else "unresolvable"
        called = {f["protein_short"] for f in alk_hotspots(reps[s])}
        for parts, expected in sorted(pairs.items(), key=lambda kv: sorted(kv[0])):
            comps = [c for c in reps[s]["verdict"]["compounds"]
                     if parts <= {x.split()[-1] for x in c["components"]}]
            got = comps[0]["phase"] if comps else ("not paired" if parts <= called
                                                   else "not both called")
            ph_total += 1
            if expected == "unresolvable":
                ph_overclaim += got in ("cis", "trans")
            elif got in ("cis", "trans"):
                ph_resolvable += 1
                ph_right += got == expected
            ph_rows.append(f"| {s} | {'+'.join(sorted(parts))} | {expected} | {got} |")
    out("\n### Phasing (pairs in one bait window share reads; G1202R-L1196M 18 bp, "
        "F1174L-G1202R 82 bp apart)\n")
    out("| sample | pair | truth | alkres |\n|---|---|---|---|")
    out("\n".join(ph_rows))
    out(f"\nright in {pct(ph_right, ph_resolvable)} of resolvable pairs alkres phased; "
        f"phase claimed for {ph_overclaim} pair(s) no fragment joins; "
        f"{ph_total} pairs in all.")

    # ---- copy number ----
    out("\n### Copy number (tumour purity 100 %)\n")
    out("| sample | truth | alkres calls (all non-neutral genes) |\n|---|---|---|")
    cn_right = cn_n = 0
    for s, rows in truth.items():
        for r in (r for r in rows if r["kind"] == "cn"):
            calls = abnormal_cn(reps[s])
            cn_n += 1
            cn_right += any(c["gene"] == r["item"] and c["call"] == r["expected"] for c in calls)
            out(f"| {s} | {r['item']} {r['expected']} | "
                f"{', '.join(cn_label(c) for c in calls) or 'none'} |")

    # ---- negatives ----
    out("\n### False findings per negative sample (no fusion, no CN change, no ALK mutation)\n")
    out("| sample | condition | fusions | fusion candidates | copy number | ALK hotspots | "
        "verdict mechanisms |\n|---|---|---|---|---|---|---|")
    neg_fus = neg_cn = 0
    err_hot = 0
    for s, rows in truth.items():
        if rows[0]["kind"] != "negative":
            continue
        rep = reps[s]
        fl, cl = rep["fusions"], abnormal_cn(rep)
        hl = [h for x, h in hot_fp if x == s]
        neg_fus += len(fl)
        neg_cn += len(cl)
        if "err05" in s:
            err_hot += len(hl)
        cond = {"pool:art": "ART HS25, own seed", "pool:art_err": "ART HS25, ~0.5 % base error",
                "negative": samples[s]["spec"]}.get(samples[s]["kind"], samples[s]["kind"])
        cands = rep.get("fusion_candidates", [])
        out(f"| {s} | {cond} | {len(fl)}: {'; '.join(fusion_label(f) for f in fl) or '-'} | "
            f"{len(cands)} | {len(cl)}: {', '.join(cn_label(c) for c in cl) or '-'} | "
            f"{len(hl)}: {', '.join(hl) or '-'} | "
            f"{'; '.join(m['label'] for m in rep['verdict']['mechanisms']) or '-'} |")
    pos_hot_fp = [f"{s}: {h}" for s, h in hot_fp if truth[s][0]["kind"] != "negative"]
    out("\nFalse ALK hotspot calls in positive samples: " + ("; ".join(pos_hot_fp) or "none"))

    # ---- targets ----
    targets = [
        ("0 false fusion or CN findings over all negative samples",
         f"{neg_fus} fusion, {neg_cn} CN", neg_fus == 0 and neg_cn == 0),
        ("fusion recall >= 95 % at fraction >= 1 % (500x)", pct(rec_num, rec_den),
         rec_den > 0 and rec_num >= 0.95 * rec_den),
        ("hotspot recall >= 95 % at VAF >= 2 % (500x)", pct(hot_num, hot_den),
         hot_den > 0 and hot_num >= 0.95 * hot_den),
        ("0 false hotspot calls at 0.5 % base error", f"{err_hot}", err_hot == 0),
        ("phasing right in >= 99 % of resolvable pairs", pct(ph_right, ph_resolvable),
         ph_resolvable > 0 and ph_right >= 0.99 * ph_resolvable),
    ]
    # a mode without the samples of a target (--fusions: no hotspot or phase samples)
    unmeasured = {1: rec_den == 0, 2: hot_den == 0, 4: ph_resolvable == 0 and ph_total == 0}
    out("\n### Issue 10 targets\n\n| target | measured | met |\n|---|---|---|")
    for i, (name, got, ok) in enumerate(targets):
        out(f"| {name} | {got} | "
            f"{'not run in this mode' if unmeasured.get(i) else 'yes' if ok else 'NO'} |")
    out(f"\nFusion precision at fraction >= 1 %: {pct(prec_num, prec_den)}; "
        f"CN truth calls right: {pct(cn_right, cn_n)}.")

    body = "\n".join(lines)
    print(body)
    alkres = opt["--alkres"]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = version("git -C " + HERE + " rev-parse --short HEAD")
    tools = ", ".join([
        version(f"{alkres} --version") + f" (commit {commit})",
        version("bwa 2>&1 | grep Version").replace("Version: ", "bwa "),
        version("samtools --version"),
        "ART " + version("art_illumina 2>&1 | grep -o 'Version [0-9.]*'"),
        version("python3 --version"),
    ])
    speed = ""
    if opt.get("--speed") and os.path.exists(opt["--speed"]):
        with open(opt["--speed"]) as fh:
            speed = "\n### Speed (issue 10 item 7)\n\n" + fh.read()
    doc = (f"# Truth-set benchmark ({opt['--mode']} grid)\n\n"
           f"Command: `{opt['--command']}` (from the repository root)  \n"
           f"Date: {now}; wall time {opt['--elapsed']} s on this machine ({os.cpu_count()} "
           f"cores, shared)  \nTools: {tools}  \n"
           + (f"**Not run (interrupted): {len(missing)} samples: {', '.join(missing)}**  \n"
              if missing else "")
           + f"Samples: {len(samples)}; reads: ART `HS25` 2x150, fragments 250 +- 60, bwa mem, "
           f"500x over the bait windows (ref/capture.bed).\n\n{body}\n{speed}")
    os.makedirs(os.path.dirname(os.path.abspath(opt["--out"])), exist_ok=True)
    with open(opt["--out"], "w") as fh:
        fh.write(doc)
    met = sum(ok for _, _, ok in targets)
    measured = len(targets) - sum(unmeasured.values())
    print(f"\nwrote {opt['--out']}", file=sys.stderr)
    print(f"TRUTHSET mode={opt['--mode']} samples={len(samples)} "
          f"fusion_recall_ge1pct={rec_num}/{rec_den} fusion_precision_ge1pct={prec_num}/{prec_den} "
          f"hotspot_recall_ge2pct={hot_num}/{hot_den} false_hotspots_err05={err_hot} "
          f"phasing_right={ph_right}/{ph_resolvable} neg_false_fusions={neg_fus} "
          f"neg_false_cn={neg_cn} cn_right={cn_right}/{cn_n} targets_met={met}/{len(targets)} "
          f"targets_measured={measured} elapsed_s={opt['--elapsed']}")


if __name__ == "__main__":
    main()
