// alkres run: one sample, any subset of inputs -> one verdict and every report.
//
// nf-core-style DSL2 module. Optional inputs are passed as [] (nf-core convention), e.g.
//   ALKRES_RUN( ch.map { meta, vcf -> [ meta, vcf, [], [], [] ] }, [] )
// Treatment history is read from the meta map when present:
//   meta.prior_tkis ('crizotinib,alectinib'), meta.timepoint ('baseline'|'progression'),
//   meta.months_on_treatment (number).
// A local knowledge-base folder (alkres --kb) is the second input, [] for the shipped KB only.
// Anything else (--build GRCh37, --include-filtered, -O v) goes through task.ext.args.
//
// NOTE: alkres is not yet published on Bioconda/BioContainers. The conda environment and the
// container URLs below follow the BioContainers naming pattern and are PLACEHOLDERS until the
// recipe in packaging/bioconda/ is merged; the build string (--0) will change. Until then use a
// locally built image (Dockerfile at the repository root) or `alkres` on PATH.
process ALKRES_RUN {
    tag "$meta.id"
    label 'process_low'

    conda "${moduleDir}/environment.yml"
    container "${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/alkres:0.1.0--0' :
        'biocontainers/alkres:0.1.0--0' }"

    input:
    tuple val(meta), path(vcf), path(bam), path(bai), path(sv)
    path kb     // optional folder of KB tables adding to / overriding the shipped KB (alkres --kb); [] if none

    output:
    tuple val(meta), path("*.alkres.*.json")              , emit: json
    tuple val(meta), path("*.alkres.*.tsv")               , emit: tsv
    tuple val(meta), path("*.alkres.*.html")              , emit: html
    tuple val(meta), path("*.alkres.*.{vcf.gz,vcf,bcf}")  , emit: vcf, optional: true
    tuple val(meta), path("*_mqc.tsv")                    , emit: mqc
    path "versions.yml"                                   , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: ''
    def prefix = task.ext.prefix ?: "${meta.id}"
    def sv_files = sv ? (sv instanceof List ? sv : [sv]) : []
    def inputs = [
        vcf ? "--vcf ${vcf}" : '',
        bam ? "--bam ${bam}" : '',
        sv_files.collect { "--sv ${it}" }.join(' '),
    ].findAll { it }.join(' ')
    def history = [
        meta.prior_tkis          ? "--prior-tkis '${meta.prior_tkis}'"                : '',
        meta.timepoint           ? "--timepoint ${meta.timepoint}"                    : '',
        meta.months_on_treatment ? "--months-on-treatment ${meta.months_on_treatment}" : '',
    ].findAll { it }.join(' ')
    def kb_arg = kb ? "--kb ${kb}" : ''
    if (!inputs) {
        error "ALKRES_RUN (${meta.id}): give at least one of vcf, bam or sv"
    }
    // The BAM index is staged next to the BAM (same work directory); alkres finds it there.
    """
    alkres run \\
        --sample ${prefix} \\
        ${inputs} \\
        ${history} \\
        ${kb_arg} \\
        --threads ${task.cpus} \\
        --output-dir . \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        alkres: \$(alkres --version | sed 's/^alkres //')
    END_VERSIONS
    """

    stub:
    def args   = task.ext.args ?: ''
    def prefix = task.ext.prefix ?: "${meta.id}"
    // The build in the file names is detected at run time; the stub assumes GRCh38.
    """
    echo '{}' > ${prefix}.alkres.grch38.json
    touch ${prefix}.alkres.grch38.tsv
    touch ${prefix}.alkres.grch38.html
    echo '' | gzip > ${prefix}.alkres.grch38.vcf.gz
    touch ${prefix}.alkres_mqc.tsv

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        alkres: \$(alkres --version | sed 's/^alkres //')
    END_VERSIONS
    """
}
