#!/usr/bin/env nextflow
/*
 * alkres: ALK-TKI resistance reports for a cohort, one task per sample.
 *
 *   nextflow run workflows/nextflow --input samples.csv --outdir results -profile docker
 *   nextflow run workflows/nextflow -profile test,docker
 *
 * The sample sheet is the one `alkres batch` reads (CSV with a header, paths relative to the
 * sheet, several paths in one cell separated by ';', only `sample` required):
 *   sample,vcf,bam,reference,sv,cnv,arriba,star_fusion,prior_tkis,timepoint,months_on_treatment
 * plus an optional `bai` column (default: <bam>.bai, <bam>.crai or <bam>.csi next to the BAM).
 * This version passes vcf, bam (+ index), sv and the treatment history to ALKRES_RUN; reference,
 * cnv, arriba and star_fusion are not module inputs yet and are reported as ignored.
 *
 * Outputs under --outdir:
 *   alkres/<sample>/   <sample>.alkres.<build>.{json,tsv,html,vcf.gz}, <sample>.alkres_mqc.tsv
 *   multiqc/           every <sample>.alkres_mqc.tsv and cohort.alkres_mqc.tsv (for `multiqc`)
 *   pipeline_info/     software_versions.yml
 */

nextflow.enable.dsl = 2

include { ALKRES_RUN } from './modules/alkres/run/main'

/*
 * A sample-sheet path: absolute paths and URLs as given, relative ones against the sheet's folder.
 */
def sheetPath(String cell, sheetDir) {
    def p = cell.trim()
    def isAbsolute = p.startsWith('/') || p ==~ /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/.*/
    def f = isAbsolute ? file(p) : sheetDir.resolve(p).normalize()
    if (!f.exists()) {
        error "Sample sheet ${params.input}: ${p} -> ${f.toUriString()} does not exist"
    }
    return f
}

def sheetPaths(cell, sheetDir) {
    if (!cell) {
        return []
    }
    return cell.toString().split(';').collect { it.trim() }.findAll { it }.collect { sheetPath(it, sheetDir) }
}

/*
 * One sample-sheet row -> [ meta, vcf, bam, bai, sv ] with [] for every absent input.
 */
def parseRow(Map row, sheetDir) {
    def sample = row.sample?.trim()
    if (!sample) {
        error "Sample sheet ${params.input}: a row has an empty 'sample' column: ${row}"
    }
    def meta = [ id: sample ]
    if (row.prior_tkis?.trim())          { meta.prior_tkis = row.prior_tkis.trim() }
    if (row.timepoint?.trim())           { meta.timepoint = row.timepoint.trim() }
    if (row.months_on_treatment?.trim()) { meta.months_on_treatment = row.months_on_treatment.trim() }

    def vcfs = sheetPaths(row.vcf, sheetDir)
    def bams = sheetPaths(row.bam, sheetDir)
    def svs  = sheetPaths(row.sv, sheetDir)
    if (vcfs.size() > 1 || bams.size() > 1) {
        error "Sample sheet ${params.input}: sample '${sample}' has several VCFs or BAMs; give one of each"
    }
    def bai = []
    if (bams) {
        def given = sheetPaths(row.bai, sheetDir)
        if (given) {
            bai = given[0]
        } else {
            def bam = bams[0]
            def names = [ "${bam.name}.bai", "${bam.name}.crai", "${bam.name}.csi", bam.name.replaceFirst(/\.bam$/, '.bai') ]
            def found = names.findAll { it != bam.name }.collect { bam.resolveSibling(it) }.find { it.exists() }
            if (!found) {
                error "Sample sheet ${params.input}: no index for ${bam} (looked for .bai/.crai/.csi); add a 'bai' column"
            }
            bai = found
        }
    }
    if (!vcfs && !bams && !svs) {
        error "Sample sheet ${params.input}: sample '${sample}' has none of vcf, bam, sv"
    }
    def ignored = [ 'reference', 'cnv', 'arriba', 'star_fusion' ].findAll { row[it]?.trim() }
    if (ignored) {
        log.warn "Sample '${sample}': column(s) ${ignored.join(', ')} are not passed to ALKRES_RUN in this version"
    }
    return [ meta, vcfs ? vcfs[0] : [], bams ? bams[0] : [], bai, svs ]
}

/*
 * MultiQC custom-content files -> one table: the comment header and column line of the first
 * file, then the data rows of every file (sorted by file name, so the result is reproducible).
 */
def mergeMultiqcTables(List files) {
    def header = []
    def rows = []
    files.eachWithIndex { f, i ->
        def lines = f.readLines()
        def comments = lines.takeWhile { it.startsWith('#') }
        def table = lines.drop(comments.size()).findAll { it.trim() }
        if (i == 0) {
            header = comments + table.take(1)
        }
        rows.addAll(table.drop(1))
    }
    return (header + rows).join('\n') + '\n'
}

/*
 * Reusable part: include { ALKRES } from '<this file>' in another pipeline and feed it
 * [ meta, vcf, bam, bai, sv ] tuples and a KB folder (or []).
 */
workflow ALKRES {
    take:
    ch_samples   // channel: [ val(meta), path(vcf), path(bam), path(bai), path(sv) ]
    kb           // path: folder of KB tables (alkres --kb), or [] for the shipped KB

    main:
    ALKRES_RUN(ch_samples, kb)

    ch_multiqc_files = ALKRES_RUN.out.mqc.map { meta, tsv -> tsv }

    ch_cohort_mqc = ch_multiqc_files
        .toSortedList { a, b -> a.name <=> b.name }
        .filter { it.size() > 0 }
        .map { files -> mergeMultiqcTables(files) }
        .collectFile(name: 'cohort.alkres_mqc.tsv', storeDir: "${params.outdir}/multiqc", newLine: false)

    ch_versions = ALKRES_RUN.out.versions
        .map { yml -> yml.text }
        .unique()
        .collectFile(name: 'software_versions.yml', storeDir: "${params.outdir}/pipeline_info", sort: true)

    emit:
    json          = ALKRES_RUN.out.json       // channel: [ val(meta), path(json) ]
    tsv           = ALKRES_RUN.out.tsv        // channel: [ val(meta), path(tsv) ]
    html          = ALKRES_RUN.out.html       // channel: [ val(meta), path(html) ]
    vcf           = ALKRES_RUN.out.vcf        // channel: [ val(meta), path(vcf) ]
    multiqc_files = ch_multiqc_files          // channel: path(*_mqc.tsv), one per sample
    cohort_mqc    = ch_cohort_mqc             // channel: path(cohort.alkres_mqc.tsv)
    versions      = ch_versions               // channel: path(software_versions.yml)
}

workflow {
    if (!params.input) {
        error "Give a sample sheet with --input samples.csv (columns: sample,vcf,bam,sv,...; see workflows/nextflow/README.md), or use -profile test"
    }
    def sheet = file(params.input, checkIfExists: true)
    def sheetDir = sheet.parent

    ch_samples = Channel
        .fromPath(params.input, checkIfExists: true)
        .splitCsv(header: true, strip: true)
        .filter { row -> !(row.sample ?: '').startsWith('#') }
        .map { row -> parseRow(row, sheetDir) }

    def kb = params.kb ? file(params.kb, checkIfExists: true) : []

    ALKRES(ch_samples, kb)
}
