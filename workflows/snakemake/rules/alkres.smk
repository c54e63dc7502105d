# Reusable Snakemake rules for alkres (ALK-TKI resistance reports).
#
# Include from any workflow (Snakemake >= 8):
#
#     configfile: "config.yaml"          # samplesheet:, outdir:, optional alkres_* keys
#     include: "path/to/workflows/snakemake/rules/alkres.smk"
#     rule all:
#         input: alkres_all_outputs()
#
# Config keys (only `samplesheet` is required):
#   samplesheet       CSV in the `alkres batch` format; relative to the working directory if it
#                     exists there, else to the folder of the main Snakefile (workflow.basedir)
#   outdir            results folder, relative to the working directory (default "results")
#   alkres            the alkres command (default "alkres"; with --use-conda: the conda env)
#   alkres_threads    threads per sample (default 2)
#   alkres_extra      extra options for `alkres run`, e.g. "--build GRCh38 --include-filtered"
#   alkres_kb         optional folder of KB tables adding to / overriding the shipped KB
#
# Sample sheet (same as `alkres batch --samplesheet`): a header, one row per sample, `#` lines
# ignored, paths relative to the sheet, several paths in one cell separated by ';':
#   sample,vcf,bam,reference,sv,cnv,arriba,star_fusion,prior_tkis,timepoint,months_on_treatment
# Only `sample` is required; prior_tkis is ';'-separated (crizotinib;alectinib).
#
# Outputs per sample: {outdir}/samples/{sample}/ holding
#   {sample}.alkres.<grch37|grch38>.{json,tsv,html,vcf.gz} and {sample}.alkres_mqc.tsv
# (a directory output, because the build in the file names is only known once alkres has read
# the inputs), and the log {outdir}/logs/alkres_run/{sample}.log.

include: "common.smk"


rule alkres_run:
    """One sample -> JSON, TSV, HTML, annotated VCF and MultiQC table (alkres run)."""
    input:
        unpack(alkres_inputs),
    output:
        directory(f"{ALKRES_OUTDIR}/samples/{{sample}}"),
    log:
        f"{ALKRES_OUTDIR}/logs/alkres_run/{{sample}}.log",
    wildcard_constraints:
        sample="|".join(re.escape(s) for s in ALKRES_SAMPLES),
    params:
        alkres=config.get("alkres", "alkres"),
        options=alkres_options,
        extra=config.get("alkres_extra", ""),
    threads: int(config.get("alkres_threads", 2))
    resources:
        mem_mb=2000,
    conda:
        "../envs/alkres.yaml"
    # PLACEHOLDER: not yet published on BioContainers (see packaging/bioconda); used only with
    # --software-deployment-method apptainer. Build the repository's Dockerfile meanwhile.
    container:
        "docker://quay.io/biocontainers/alkres:0.1.0--0"
    shell:
        "{params.alkres} run --sample {wildcards.sample:q} {params.options}"
        " --threads {threads} {params.extra} --output-dir {output:q} > {log:q} 2>&1"


rule alkres_cohort:
    """MultiQC tables of every sample -> one cohort table; findings TSVs -> one cohort TSV."""
    input:
        expand(f"{ALKRES_OUTDIR}/samples/{{sample}}", sample=sorted(ALKRES_SAMPLES)),
    output:
        mqc=f"{ALKRES_OUTDIR}/multiqc/cohort.alkres_mqc.tsv",
        findings=f"{ALKRES_OUTDIR}/cohort/findings.tsv",
    log:
        f"{ALKRES_OUTDIR}/logs/alkres_cohort.log",
    conda:
        "../envs/python.yaml"
    script:
        "../scripts/alkres_cohort.py"
