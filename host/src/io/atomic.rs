//! Every file etalon writes (reports, workbooks, JSON, CSV, generated
//! data) is written whole or not at all: the bytes go to a temporary file
//! in the target's folder, are synced to disk and the temporary file is
//! renamed over the target, and the folder synced. A failure (a full disk,
//! a file-size limit, a crash) leaves the previous file as it was and no
//! temporary file behind. The folder must exist: writing into a missing
//! one is an error naming it, not a silent `mkdir`.
//!
//! A target that is a link is followed: the file it points to is replaced
//! and the link stays. A target that is not a plain file (`/dev/null`,
//! `/dev/stdout`, a named pipe) is written into as it is: renaming over it
//! would put a plain file in the place of a device, which for `/dev/null`
//! breaks every program on the machine that reads or writes it.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::pipelined::Pipelined;

/// An output file could not be written; the previous one is unchanged.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", .path.display())]
pub struct OutputError {
    /// The file, or the folder that does not exist.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

/// The folder a file named `path` goes in.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Checks that the folder `path` goes in exists.
pub fn require_folder(path: &Path) -> Result<(), OutputError> {
    let folder = folder_of(path);
    if folder.is_dir() {
        return Ok(());
    }
    Err(OutputError {
        path: folder.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such folder for the output; create it first, nothing was written (папка для вывода не существует: создайте её, ничего не записано)",
        ),
    })
}

/// Writes `bytes` to `path` atomically (see the module's text).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_file_with(path, |out| out.write_all(bytes))
}

/// Writes to `path` atomically (see the module's text) what `write` puts
/// into the writer it is given. The bytes reach the file while `write`
/// still makes them: large outputs (a region's evaluation as JSON) are
/// written on a second thread chunk by chunk, with no copy of the whole.
/// An error of `write` or of the disk leaves the previous file as it was.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.txt");
/// etalon::io::atomic::write_file_with(&path, |out| writeln!(out, "{} deviations", 3))?;
/// assert_eq!(std::fs::read_to_string(&path)?, "3 deviations\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let fail = |source| OutputError {
        path: path.to_path_buf(),
        source,
    };
    // `metadata` follows links: what is looked at is what would be written.
    let resolved = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(fail)?;
            return streamed(file, write).map_err(fail);
        }
        Ok(meta) if meta.is_file() => std::fs::canonicalize(path).map_err(fail)?,
        _ => path.to_path_buf(),
    };
    replace_file(path, &resolved, write)
}

/// What `write` makes, into `out` through a [`Pipelined`] writer.
fn streamed(
    out: impl Write + Send,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    std::thread::scope(|scope| {
        let mut pipelined = Pipelined::new(scope, out);
        write(&mut pipelined)?;
        pipelined.finish()
    })
}

/// Writes to a temporary file beside `target` and renames it over
/// `target`; errors name `shown`, the path the caller gave.
fn replace_file(
    shown: &Path,
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    require_folder(target)?;
    let folder = folder_of(target);
    let fail = |source| OutputError {
        path: shown.to_path_buf(),
        source,
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // As a plain create would (the umask applies), not tempfile's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder.tempfile_in(folder).map_err(fail)?;
    streamed(tmp.as_file(), write).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(target).map_err(|e| fail(e.error))?;
    // The rename is durable once the folder is synced.
    File::open(folder)
        .and_then(|d| d.sync_all())
        .map_err(|source| OutputError {
            path: folder.to_path_buf(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_file(&path, b"old").unwrap();
        write_file(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.html")]);
    }

    #[test]
    fn a_missing_folder_is_named_and_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no").join("such");
        let e = write_file(&missing.join("out.json"), b"{}").unwrap_err();
        assert_eq!(e.path, missing);
        assert_eq!(
            e.to_string(),
            format!(
                "{}: no such folder for the output; create it first, nothing was written (папка для вывода не существует: создайте её, ничего не записано)",
                missing.display()
            )
        );
        assert!(!dir.path().join("no").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_file(&path, b"previous").unwrap();
        // A folder where the file should be: the rename fails.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), b"").unwrap();
        assert!(write_file(&blocked, b"new").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"previous");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_failure_while_making_the_bytes_leaves_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evaluation.json");
        write_file(&path, b"previous").unwrap();
        let e = write_file_with(&path, |out| {
            // More than a chunk first, so that the writing thread runs.
            out.write_all(&vec![b' '; 3 << 20])?;
            Err(std::io::Error::other("the result could not be serialised"))
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}: the result could not be serialised", path.display())
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"previous");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn output_made_in_pieces_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let line = |i: usize| format!("{i:09}\n");
        write_file_with(&path, |out| {
            (0..400_000).try_for_each(|i| out.write_all(line(i).as_bytes()))
        })
        .unwrap();
        let expected: String = (0..400_000).map(line).collect();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, b"old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_file(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_written_into_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("out.pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::read(pipe).unwrap())
        };
        write_file(&pipe, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        let kind = std::fs::symlink_metadata(&pipe).unwrap().file_type();
        assert!(kind.is_fifo());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
