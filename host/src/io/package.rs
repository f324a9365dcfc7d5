use std::path::Path;

use etalon_core::PackageFiles;

use super::{LoadError, io_error};

/// Largest single file read into a package (a rule file is a few KB).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads every rule file (`.toml`, `.rhai`, `.csv`, `.json`) under `dir`.
pub fn load_package(dir: &Path) -> Result<PackageFiles, LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::Missing {
            path: dir.to_path_buf(),
            message: "not a directory; give the folder that holds etalon.toml".into(),
            text: Some(Box::new(etalon_core::Text::new::<&str>("not-a-dir", &[]))),
        });
    }
    // Refused before anything is read: a folder without a manifest may be
    // a data folder with files far larger than rule files.
    if !dir.join(PackageFiles::MANIFEST).is_file() {
        return Err(LoadError::Missing {
            path: dir.join(PackageFiles::MANIFEST),
            message: "a rule package needs an etalon.toml manifest".into(),
            text: Some(Box::new(etalon_core::Text::new::<&str>("manifest", &[]))),
        });
    }
    let mut files = PackageFiles::new();
    walk(dir, dir, &mut files)?;
    Ok(files)
}

fn walk(base: &Path, dir: &Path, files: &mut PackageFiles) -> Result<(), LoadError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io_error(dir))?
        .collect::<Result<_, _>>()
        .map_err(io_error(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(io_error(&path))?;
        if kind.is_dir() {
            walk(base, &path, files)?;
            continue;
        }
        let wanted = [".toml", ".rhai", ".csv", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if !wanted {
            continue;
        }
        let size = entry.metadata().map_err(io_error(&path))?.len();
        if size > MAX_FILE_BYTES {
            return Err(LoadError::Missing {
                path,
                message: format!(
                    "the file has {size} bytes; rule files are limited to {MAX_FILE_BYTES}"
                ),
                text: Some(Box::new(etalon_core::Text::new(
                    "too-large",
                    &[("size", size), ("max", MAX_FILE_BYTES)],
                ))),
            });
        }
        let bytes = std::fs::read(&path).map_err(io_error(&path))?;
        let text = String::from_utf8(bytes).map_err(|_| LoadError::Missing {
            path: path.clone(),
            message: "the file is not UTF-8 text".into(),
            text: Some(Box::new(etalon_core::Text::new::<&str>("not-utf8", &[]))),
        })?;
        let rel = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        files.insert(rel, text);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_a_manifest_is_refused_before_its_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        // A file the walk would refuse (not UTF-8): the manifest is missed first.
        std::fs::write(dir.path().join("cases.csv"), [0xff, 0xfe, 0x00]).unwrap();
        let e = load_package(dir.path()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: a rule package needs an etalon.toml manifest",
                dir.path().join("etalon.toml").display()
            )
        );
    }
}
