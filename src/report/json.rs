//! JSON renderer.

use std::io::Write;

use super::SampleReport;

pub fn write(report: &SampleReport, out: &mut impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
