//! Outputs appear whole or not at all: each is written to a temporary file in the target
//! directory and renamed into place only when every output of the run is complete. The
//! renames are all-or-none too: files they replace are moved aside first and put back if a
//! later rename fails. Temporary files are removed on error (drop) and, once
//! [`clean_up_on_signal`] is installed, on SIGINT/SIGTERM.

use std::collections::HashSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Temporary files of every live [`PendingOutputs`], for the signal handler. Held for the
/// whole of a commit, so a signal waits until the set is published (or rolled back).
static LIVE_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live_temps() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE_TEMPS.lock().unwrap_or_else(|e| e.into_inner())
}

fn forget(paths: &HashSet<PathBuf>) {
    live_temps().retain(|p| !paths.contains(p));
}

/// On SIGINT or SIGTERM: delete every temporary output, then exit 130/143 as a shell would.
/// Call once, early (the binary does).
pub fn clean_up_on_signal() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return; // no handler: temporary files are still removed on every error path
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let temps = live_temps();
            for path in temps.iter() {
                let _ = fs::remove_file(path);
            }
            eprintln!(
                "alkres: interrupted (signal {signal}); {} unfinished output(s) removed",
                temps.len()
            );
            std::process::exit(128 + signal);
        }
    });
}

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
        live_temps().push(temp.path().to_path_buf());
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

    /// Rename every file into place, all or none: if one rename fails, the files already
    /// placed are removed and the ones they replaced are restored. Temporary files of an
    /// abandoned run are deleted on drop.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let live = live_temps(); // a signal now waits for the outcome
        let files = std::mem::take(&mut self.files);
        let temps: HashSet<PathBuf> = files.iter().map(|(t, _)| t.path().to_path_buf()).collect();
        let mut placed: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
        let mut failure = None;
        for (temp, path) in files {
            if failure.is_some() {
                continue; // dropped: deleted
            }
            let previous = match move_aside(&path) {
                Ok(previous) => previous,
                Err(e) => {
                    failure = Some(e);
                    continue;
                }
            };
            match temp.persist(&path) {
                Ok(_) => placed.push((path, previous)),
                Err(e) => {
                    if let Some(previous) = &previous {
                        let _ = fs::rename(previous, &path);
                    }
                    failure = Some(Error::output(&path, e.error));
                }
            }
        }
        drop(live);
        forget(&temps);
        if let Some(error) = failure {
            for (path, previous) in placed.iter().rev() {
                let _ = fs::remove_file(path);
                if let Some(previous) = previous {
                    let _ = fs::rename(previous, path);
                }
            }
            return Err(error);
        }
        for (_, previous) in &placed {
            if let Some(previous) = previous {
                let _ = fs::remove_file(previous);
            }
        }
        Ok(placed.into_iter().map(|(path, _)| path).collect())
    }
}

impl Drop for PendingOutputs {
    fn drop(&mut self) {
        let temps = self
            .files
            .iter()
            .map(|(t, _)| t.path().to_path_buf())
            .collect();
        forget(&temps);
    }
}

/// Rename an existing output at `path` to a hidden name beside it (so a failed commit can put
/// it back); `None` when there is nothing there.
fn move_aside(path: &Path) -> Result<Option<PathBuf>> {
    if !path.is_file() {
        return Ok(None);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let aside = tempfile::Builder::new()
        .prefix(".alkres-")
        .suffix(".previous")
        .tempfile_in(dir)
        .map_err(|e| Error::output(path, e))?
        .into_temp_path()
        .keep()
        .map_err(|e| Error::output(path, e.error))?;
    fs::rename(path, &aside).map_err(|e| Error::output(path, e))?;
    Ok(Some(aside))
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

    #[test]
    fn a_failed_rename_publishes_nothing_and_restores_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a.tsv"),
            dir.path().join("b.tsv"),
            dir.path().join("c.tsv"),
        );
        fs::write(&a, "old a\n").unwrap();
        let mut pending = PendingOutputs::default();
        for path in [&a, &b, &c] {
            let mut f = pending.create(path).unwrap();
            f.write_all(b"new\n").unwrap();
            f.finish().unwrap();
        }
        // The third rename fails: its temporary file has vanished.
        let third: PathBuf = pending.paths().nth(2).unwrap().to_path_buf();
        fs::remove_file(&third).unwrap();
        assert!(pending.commit().is_err());
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a\n", "a restored");
        assert!(!b.exists() && !c.exists(), "nothing new published");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.tsv"], "no temporary files left");
        assert!(live_temps().iter().all(|p| !p.starts_with(dir.path())));
    }
}
