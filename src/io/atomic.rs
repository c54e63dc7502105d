//! Outputs appear whole or not at all: each is written to a temporary file in the target
//! directory and renamed into place only when every output of the run is complete.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Files being written for one run; nothing is visible until [`PendingOutputs::commit`].
#[derive(Default)]
pub struct PendingOutputs {
    files: Vec<(NamedTempFile, PathBuf)>,
}

impl PendingOutputs {
    /// A buffered writer to a temporary file that will become `path`.
    pub fn create(&mut self, path: &Path) -> Result<PendingFile> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
        let temp = tempfile::Builder::new()
            .prefix(".alkres-")
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| Error::output(path, e))?;
        // Temporary files are created private (0600); outputs are for sharing, so give them
        // the usual 0644 before they appear.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(temp.path(), fs::Permissions::from_mode(0o644))
                .map_err(|e| Error::output(path, e))?;
        }
        let handle = temp.reopen().map_err(|e| Error::output(path, e))?;
        self.files.push((temp, path.to_path_buf()));
        Ok(PendingFile {
            writer: BufWriter::with_capacity(1 << 17, handle),
            path: path.to_path_buf(),
        })
    }

    /// The temporary files (for writers that need a path rather than a stream).
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(temp, _)| temp.path())
    }

    /// Rename every file into place. Temporary files of an abandoned run are deleted on drop.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for (temp, path) in self.files {
            temp.persist(&path)
                .map_err(|e| Error::output(&path, e.error))?;
            done.push(path);
        }
        Ok(done)
    }
}

/// A writer for one pending output.
pub struct PendingFile {
    writer: BufWriter<fs::File>,
    pub path: PathBuf,
}

impl PendingFile {
    /// Flush. (No fsync: the rename in [`PendingOutputs::commit`] is what makes an output
    /// appear whole; durability across power loss is the file system's business.)
    pub fn finish(mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| Error::output(&self.path, e))
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit_and_abandoned_runs_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/a.tsv");
        let mut pending = PendingOutputs::default();
        let mut file = pending.create(&target).unwrap();
        file.write_all(b"x\n").unwrap();
        file.finish().unwrap();
        assert!(!target.exists());
        pending.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "x\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "outputs are readable by the group and others");
        }

        let abandoned = dir.path().join("out/b.tsv");
        let mut pending = PendingOutputs::default();
        pending.create(&abandoned).unwrap().finish().unwrap();
        drop(pending);
        assert!(!abandoned.exists());
        let leftovers = fs::read_dir(dir.path().join("out")).unwrap().count();
        assert_eq!(leftovers, 1, "only the committed file remains");
    }
}
