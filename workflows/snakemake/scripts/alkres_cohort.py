"""Snakemake script of rule alkres_cohort: per-sample alkres outputs -> cohort tables.

input:  one folder per sample ({outdir}/samples/{sample}/)
output: mqc       one MultiQC custom-content table (header of the first sample, every row)
        findings  every sample's findings TSV under one header
log:    one line per sample
"""

from pathlib import Path


def table(path):
    """(comment lines, [header line], data lines) of a TSV."""
    lines = Path(path).read_text().splitlines()
    comments = [line for line in lines if line.startswith("#")]
    rest = [line for line in lines if line.strip() and not line.startswith("#")]
    return comments, rest[:1], rest[1:]


def merge(folders, mqc_out, findings_out, log_out):
    notes = []
    mqc_head, mqc_rows = None, []
    tsv_head, tsv_rows = None, []
    for folder in folders:
        folder = Path(folder)
        sample = folder.name
        mqc = folder / f"{sample}.alkres_mqc.tsv"
        tsvs = sorted(folder.glob(f"{sample}.alkres.*.tsv"))
        if not mqc.is_file() or len(tsvs) != 1:
            raise ValueError(
                f"alkres_cohort: {folder}: expected {mqc.name} and one {sample}.alkres.<build>.tsv"
            )
        comments, header, rows = table(mqc)
        mqc_head = mqc_head or comments + header
        mqc_rows += rows
        _, header, rows = table(tsvs[0])
        tsv_head = tsv_head or header
        tsv_rows += rows
        notes.append(f"{sample}: {len(rows)} finding(s) from {tsvs[0].name}")
    Path(mqc_out).write_text("\n".join((mqc_head or []) + mqc_rows) + "\n")
    Path(findings_out).write_text("\n".join((tsv_head or []) + tsv_rows) + "\n")
    Path(log_out).write_text("\n".join(notes) + "\n")


merge(snakemake.input, snakemake.output.mqc, snakemake.output.findings, snakemake.log[0])  # noqa: F821
