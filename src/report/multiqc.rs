//! MultiQC custom-content table (`<sample>.alkres_mqc.tsv`): one row per sample with the
//! mechanisms found and the call for each TKI.

use std::io::Write;

use super::SampleReport;
use crate::model::MechanismClass;

pub fn write(report: &SampleReport, out: &mut impl Write) -> std::io::Result<()> {
    let clean = crate::io::tsv::cell;
    writeln!(out, "# id: 'alkres'")?;
    writeln!(out, "# section_name: 'alkres: ALK TKI resistance'")?;
    writeln!(
        out,
        "# description: 'Resistance mechanisms and per-TKI calls from the alkres knowledge base ({}). Decision support, not a prescription.'",
        clean(&report.run.kb).replace('\'', "")
    )?;
    writeln!(out, "# plot_type: 'table'")?;
    writeln!(out, "# pconfig:")?;
    writeln!(out, "#     id: 'alkres_table'")?;
    writeln!(out, "#     namespace: 'alkres'")?;
    let verdict = &report.verdict;
    let of_class = |class: MechanismClass| {
        let labels = verdict.labels_of(class);
        if labels.is_empty() {
            "none".to_string()
        } else {
            labels.join("; ")
        }
    };
    let mut header = vec![
        "Sample".to_string(),
        "findings".into(),
        "on_target".into(),
        "bypass".into(),
        "fusion".into(),
        "transformation".into(),
    ];
    header.extend(verdict.drugs.iter().map(|d| d.drug.clone()));
    writeln!(out, "{}", header.join("\t"))?;
    let mut row = vec![
        clean(&report.sample),
        report.findings.len().to_string(),
        clean(&of_class(MechanismClass::OnTarget)),
        clean(&of_class(MechanismClass::Bypass)),
        clean(&of_class(MechanismClass::Fusion)),
        clean(&of_class(MechanismClass::Transformation)),
    ];
    // An investigational drug that is not resistant is a trial option, never a plain call.
    row.extend(verdict.drugs.iter().map(|d| {
        if d.trial_option {
            "trial_option".to_string()
        } else {
            d.call.as_str().to_string()
        }
    }));
    writeln!(out, "{}", row.join("\t"))
}
