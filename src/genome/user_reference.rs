//! The user's own genome (`--reference FASTA`, plain or bgzipped, faidx-indexed): its contig
//! lengths are build evidence, and its bases over the panel replace the shipped sequence.

use std::path::{Path, PathBuf};

use noodles::core::{Position, Region};
use noodles::fasta;

use super::{detect_build_from_lengths, normalize_contig, Build, BuildEvidence, KnownSequence};
use crate::error::{Error, Result};

/// An opened, indexed FASTA.
pub struct UserReference {
    path: PathBuf,
    reader: fasta::io::IndexedReader<fasta::io::BufReader<std::fs::File>>,
    /// (name as spelled in the FASTA, length).
    contigs: Vec<(String, u64)>,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl UserReference {
    /// Open `path`; its `.fai` (and for `.gz`/`.bgz` its `.gzi`) must exist, as htslib
    /// and samtools expect.
    pub fn open(path: &Path) -> Result<Self> {
        let label = path.display().to_string();
        if !path.is_file() {
            return Err(Error::bad_input(&label, "reference FASTA not found"));
        }
        let fai = with_suffix(path, ".fai");
        if !fai.is_file() {
            return Err(Error::bad_input(
                &label,
                format!(
                    "no FASTA index {} (run `samtools faidx {label}`)",
                    fai.display()
                ),
            ));
        }
        let compressed = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("gz" | "bgz")
        );
        if compressed && !with_suffix(path, ".gzi").is_file() {
            return Err(Error::bad_input(
                &label,
                format!("a compressed FASTA needs bgzip compression and its .gzi index (`bgzip {}` then `samtools faidx` on the .gz)", label.trim_end_matches(".gz")),
            ));
        }
        let reader = fasta::io::indexed_reader::Builder::default()
            .build_from_path(path)
            .map_err(|e| Error::bad_input(&label, format!("cannot open as indexed FASTA: {e}")))?;
        let contigs = reader
            .index()
            .as_ref()
            .iter()
            .map(|r| (r.name().to_string(), r.length()))
            .collect();
        Ok(UserReference {
            path: path.to_path_buf(),
            reader,
            contigs,
        })
    }

    pub fn label(&self) -> String {
        self.path.display().to_string()
    }

    /// What the `.fai` contig lengths say about the build (file names are not trusted).
    pub fn build_evidence(&self) -> BuildEvidence {
        detect_build_from_lengths(&self.contigs, None)
    }

    /// The FASTA's spelling of `chrom` (`chr2`, `2` and `NC_000002.12` are one contig).
    fn contig(&self, chrom: &str) -> Option<&(String, u64)> {
        let wanted = normalize_contig(chrom);
        self.contigs.iter().find(|(n, _)| n == chrom).or_else(|| {
            self.contigs
                .iter()
                .find(|(n, _)| normalize_contig(n) == wanted)
        })
    }

    /// The FASTA's bases over `regions` (1-based inclusive), as known sequence of `build`.
    /// `N` and other non-ACGT bases stay unknown; regions on contigs the FASTA lacks, or
    /// past a contig's end, are unknown too and returned as `missing` for the run notes.
    pub fn load(
        &mut self,
        build: Build,
        regions: &[(String, u64, u64)],
    ) -> Result<(KnownSequence, Vec<String>)> {
        let mut known = KnownSequence::default();
        let mut missing = Vec::new();
        for (chrom, start, end) in regions {
            let Some((name, length)) = self.contig(chrom).cloned() else {
                missing.push(format!("{chrom}:{start}-{end} (no such contig)"));
                continue;
            };
            if *start > length {
                missing.push(format!(
                    "{chrom}:{start}-{end} (contig {name} is {length} bp)"
                ));
                continue;
            }
            let end = (*end).min(length);
            let interval = Position::try_from(*start as usize)
                .and_then(|s| Position::try_from(end as usize).map(|e| s..=e))
                .map_err(|e| Error::bad_input(self.label(), format!("{chrom}:{start}: {e}")))?;
            let record = self
                .reader
                .query(&Region::new(name.as_str(), interval))
                .map_err(|e| {
                    Error::bad_input(
                        self.label(),
                        format!("cannot read {name}:{start}-{end}: {e}"),
                    )
                })?;
            insert_acgt_runs(&mut known, build, chrom, *start, record.sequence().as_ref());
        }
        Ok((known, missing))
    }
}

/// Insert the maximal ACGT runs of `bases` (soft-masked lower case included).
fn insert_acgt_runs(
    known: &mut KnownSequence,
    build: Build,
    chrom: &str,
    start: u64,
    bases: &[u8],
) {
    let mut run_start = None;
    for (i, b) in bases.iter().chain(std::iter::once(&b'N')).enumerate() {
        let acgt = matches!(b.to_ascii_uppercase(), b'A' | b'C' | b'G' | b'T');
        match (acgt, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                known.insert(build, chrom, start + s as u64, &bases[s..i]);
                run_start = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_fasta_indexed_by_samtools_gives_its_bases_and_names_what_it_lacks() {
        let dir = tempfile::tempdir().unwrap();
        let fasta = dir.path().join("g.fa");
        std::fs::write(&fasta, ">2 some description\nNNNNACGTAC\nGTac\n>7\nACGT\n").unwrap();
        let message = UserReference::open(&fasta).err().unwrap().to_string();
        assert!(message.contains("samtools faidx"), "{message}");
        let status = std::process::Command::new("samtools")
            .arg("faidx")
            .arg(&fasta)
            .status()
            .expect("samtools is installed");
        assert!(status.success());
        let mut user = UserReference::open(&fasta).unwrap();
        assert_eq!(user.build_evidence(), BuildEvidence::Unknown);
        let regions = vec![
            ("chr2".to_string(), 3, 20),
            ("chr12".to_string(), 1, 5),
            ("7".to_string(), 9, 12),
        ];
        let (known, missing) = user.load(Build::GRCh38, &regions).unwrap();
        assert_eq!(known.base(Build::GRCh38, "2", 4), None, "N is unknown");
        assert_eq!(
            known.bases(Build::GRCh38, "2", 5, 14),
            Some(b"ACGTACGTAC".to_vec())
        );
        assert_eq!(known.base(Build::GRCh38, "2", 15), None);
        assert_eq!(missing.len(), 2, "{missing:?}");
        assert!(
            missing[0].contains("chr12:1-5 (no such contig)"),
            "{missing:?}"
        );
        assert!(missing[1].contains("contig 7 is 4 bp"), "{missing:?}");
        // bgzipped without its .gzi: said, not guessed
        let gz = dir.path().join("h.fa.gz");
        std::fs::copy(&fasta, &gz).unwrap();
        std::fs::copy(dir.path().join("g.fa.fai"), dir.path().join("h.fa.gz.fai")).unwrap();
        let message = UserReference::open(&gz).err().unwrap().to_string();
        assert!(message.contains(".gzi"), "{message}");
    }

    #[test]
    fn n_runs_stay_unknown_and_case_is_ignored() {
        let mut known = KnownSequence::default();
        insert_acgt_runs(&mut known, Build::GRCh38, "chr7", 10, b"NNacGTNNA");
        assert_eq!(known.base(Build::GRCh38, "7", 11), None);
        assert_eq!(
            known.bases(Build::GRCh38, "7", 12, 15),
            Some(b"ACGT".to_vec())
        );
        assert_eq!(known.base(Build::GRCh38, "7", 16), None);
        assert_eq!(known.base(Build::GRCh38, "7", 18), Some(b'A'));
    }
}
