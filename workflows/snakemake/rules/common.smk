# Helpers of the alkres Snakemake rules (included by rules/alkres.smk): sample-sheet parsing,
# per-sample inputs and options. See rules/alkres.smk for the config keys.

import csv
import re
import shlex
import sys
from pathlib import Path

ALKRES_COLUMNS = [
    "sample",
    "vcf",
    "bam",
    "reference",
    "sv",
    "cnv",
    "arriba",
    "star_fusion",
    "prior_tkis",
    "timepoint",
    "months_on_treatment",
]
# Input columns -> `alkres run` option; the multi-valued ones may hold several ';'-separated paths.
ALKRES_SINGLE_INPUTS = {"vcf": "--vcf", "bam": "--bam", "reference": "--reference"}
ALKRES_MULTI_INPUTS = {
    "sv": "--sv",
    "cnv": "--cnv",
    "arriba": "--arriba",
    "star_fusion": "--star-fusion",
}
ALKRES_HISTORY = {
    "prior_tkis": "--prior-tkis",
    "timepoint": "--timepoint",
    "months_on_treatment": "--months-on-treatment",
}
ALKRES_OUTDIR = str(config.get("outdir", "results")).rstrip("/")


def alkres_config_path(value):
    """A path from the config: as given when absolute or present relative to the working
    directory, else relative to the main Snakefile's folder (workflow.basedir)."""
    path = Path(str(value)).expanduser()
    if path.is_absolute() or path.exists():
        return path.resolve()
    return (Path(workflow.basedir) / path).resolve()


def alkres_read_samplesheet(sheet):
    """{sample: {column: value}}, input paths as absolute path lists (resolved against the
    sheet's folder, like `alkres batch`). Raises ValueError naming the file and line."""
    sheet = Path(sheet)
    if not sheet.is_file():
        raise ValueError(f"alkres: sample sheet {sheet} does not exist")
    with sheet.open(newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, start=1) if not line.lstrip().startswith("#") and line.strip()]
    if not lines:
        raise ValueError(f"alkres: sample sheet {sheet} is empty")
    reader = csv.DictReader(line for _, line in lines)
    header = [c.strip() for c in (reader.fieldnames or [])]
    if "sample" not in header:
        raise ValueError(f"alkres: {sheet}: no `sample` column (columns: {','.join(ALKRES_COLUMNS)})")
    unknown = [c for c in header if c not in ALKRES_COLUMNS]
    if unknown:  # ignored, as `alkres batch` does, but said: a typo would drop an input
        print(
            f"alkres: warning: {sheet}: column(s) {','.join(unknown)} ignored"
            f" (known: {','.join(ALKRES_COLUMNS)})",
            file=sys.stderr,
        )
    samples = {}
    for (line_no, _), raw in zip(lines[1:], reader):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        sample = row.get("sample", "")
        where = f"alkres: {sheet}:{line_no}"
        if not sample:
            raise ValueError(f"{where}: empty sample name")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", sample):
            raise ValueError(f"{where}: sample name {sample!r} must be letters, digits, '.', '_' or '-'")
        if sample in samples:
            raise ValueError(f"{where}: sample {sample!r} appears twice")
        entry = {"sample": sample}
        for col in list(ALKRES_SINGLE_INPUTS) + list(ALKRES_MULTI_INPUTS):
            paths = [str((sheet.parent / p.strip()).resolve()) for p in row.get(col, "").split(";") if p.strip()]
            if col in ALKRES_SINGLE_INPUTS and len(paths) > 1:
                raise ValueError(f"{where}: sample {sample!r}: one {col} only")
            entry[col] = paths
        for col in ALKRES_HISTORY:
            entry[col] = row.get(col, "")
        if not any(entry[c] for c in ("vcf", "bam", "sv", "cnv", "arriba", "star_fusion")):
            raise ValueError(f"{where}: sample {sample!r} has no input (vcf, bam, sv, cnv, arriba or star_fusion)")
        samples[sample] = entry
    return samples


if "samplesheet" not in config:
    raise ValueError("alkres: set `samplesheet:` in the config (or --config samplesheet=samples.csv)")
ALKRES_SAMPLESHEET = alkres_config_path(config["samplesheet"])
ALKRES_SAMPLES = alkres_read_samplesheet(ALKRES_SAMPLESHEET)
ALKRES_KB = alkres_config_path(config["alkres_kb"]) if config.get("alkres_kb") else None


def alkres_bam_index(bam):
    for candidate in (f"{bam}.bai", f"{bam}.crai", f"{bam}.csi", re.sub(r"\.bam$", ".bai", bam)):
        if candidate != bam and Path(candidate).exists():
            return candidate
    return None


def alkres_inputs(wildcards):
    """Every input file of a sample (so Snakemake tracks them); absent inputs are left out."""
    entry = ALKRES_SAMPLES[wildcards.sample]
    files = {}
    for col in list(ALKRES_SINGLE_INPUTS) + list(ALKRES_MULTI_INPUTS):
        if entry[col]:
            files[col] = entry[col]
    if entry["bam"]:
        index = alkres_bam_index(entry["bam"][0])
        if index:
            files["bam_index"] = index
    if ALKRES_KB:
        files["kb"] = str(ALKRES_KB)
    return files


def alkres_options(wildcards):
    """The `alkres run` options for a sample's inputs and treatment history, shell-quoted."""
    entry = ALKRES_SAMPLES[wildcards.sample]
    args = []
    for col, flag in {**ALKRES_SINGLE_INPUTS, **ALKRES_MULTI_INPUTS}.items():
        for path in entry[col]:
            args += [flag, path]
    for col, flag in ALKRES_HISTORY.items():
        if entry[col]:
            args += [flag, entry[col]]
    if ALKRES_KB:
        args += ["--kb", str(ALKRES_KB)]
    return " ".join(shlex.quote(a) for a in args)


def alkres_sample_dir(sample):
    return f"{ALKRES_OUTDIR}/samples/{sample}"


def alkres_all_outputs():
    """Every per-sample folder and the cohort files: use as the input of `rule all`."""
    return [alkres_sample_dir(s) for s in ALKRES_SAMPLES] + [
        f"{ALKRES_OUTDIR}/multiqc/cohort.alkres_mqc.tsv",
        f"{ALKRES_OUTDIR}/cohort/findings.tsv",
    ]
