//! Opening a table file as text: regular files only, the encoding (UTF-8
//! with or without a byte-order mark, Windows-1251) and the separator
//! (comma or semicolon) detected from the file's start unless declared.
//! Anything else is refused with what was found, never read as garbage.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use super::{LoadError, io_error};

/// The text encodings a table file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1251 (cp1251), as Russian office software exports.
    Windows1251,
}

impl std::str::FromStr for TextEncoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(TextEncoding::Utf8),
            "windows-1251" | "cp1251" => Ok(TextEncoding::Windows1251),
            _ => Err(format!(
                "unknown encoding `{s}`; etalon reads utf-8 and windows-1251"
            )),
        }
    }
}

/// How many bytes of a file detection looks at.
const SAMPLE: usize = 64 * 1024;

/// Whether `path` names a data file: `Ok(false)` when nothing is there,
/// an error when something is there that is not a regular file (a
/// directory, a FIFO, a link that leads nowhere or in a loop). A link to a
/// regular file is a regular file.
pub(crate) fn is_data_file(path: &Path) -> Result<bool, LoadError> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_error(path)(e)),
    };
    let found = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => return Ok(true),
        Ok(m) if m.is_dir() => "a directory",
        Ok(_) => "a special file (a FIFO, a socket or a device)",
        Err(_) if link.file_type().is_symlink() => {
            "a symbolic link that leads to nothing or around in a loop"
        }
        Err(e) => return Err(io_error(path)(e)),
    };
    Err(LoadError::NotAFile {
        path: path.to_path_buf(),
        found: found.to_string(),
    })
}

/// A table file opened as UTF-8 text, with its separator.
pub(crate) struct Text {
    /// The text, BOM removed (decoded to UTF-8 if it was Windows-1251).
    pub reader: Box<dyn Read>,
    /// `,` or `;`.
    pub separator: u8,
}

/// Opens `path`, detecting what is not declared.
pub(crate) fn open_text(
    path: &Path,
    encoding: Option<TextEncoding>,
    separator: Option<u8>,
) -> Result<Text, LoadError> {
    let mut file = File::open(path).map_err(io_error(path))?;
    let mut sample = Vec::with_capacity(SAMPLE);
    (&mut file)
        .take(SAMPLE as u64)
        .read_to_end(&mut sample)
        .map_err(io_error(path))?;
    let refuse = |found: String| LoadError::Encoding {
        path: path.to_path_buf(),
        found,
    };
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return Err(refuse(
            "UTF-16 text (it starts with a UTF-16 byte-order mark)".into(),
        ));
    }
    if let Some(at) = sample.iter().position(|&b| b == 0) {
        return Err(refuse(format!(
            "binary data, not text (a NUL byte at offset {at})"
        )));
    }
    let bom = sample.starts_with(&[0xEF, 0xBB, 0xBF]);
    let encoding = match encoding {
        Some(e) => e,
        None if bom => TextEncoding::Utf8,
        None => detect(&sample).map_err(refuse)?,
    };
    let (head, reader): (String, Box<dyn Read>) = match encoding {
        TextEncoding::Utf8 => {
            let body = sample[if bom { 3 } else { 0 }..].to_vec();
            let head = String::from_utf8_lossy(first_line(&body)).into_owned();
            (head, Box::new(Cursor::new(body).chain(file)))
        }
        TextEncoding::Windows1251 => {
            // A whole-file decode: such exports are office-sized.
            file.read_to_end(&mut sample).map_err(io_error(path))?;
            let (text, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(&sample);
            let text = text.into_owned();
            let head = String::from_utf8_lossy(first_line(text.as_bytes())).into_owned();
            (head, Box::new(Cursor::new(text.into_bytes())))
        }
    };
    let separator = separator.unwrap_or_else(|| detect_separator(&head));
    Ok(Text { reader, separator })
}

/// UTF-8 if the sample is (a character cut at its end aside), else
/// Windows-1251 if its non-ASCII bytes look like Russian text in it, else
/// an error naming what was found.
fn detect(sample: &[u8]) -> Result<TextEncoding, String> {
    match std::str::from_utf8(sample) {
        Ok(_) => return Ok(TextEncoding::Utf8),
        Err(e) if e.error_len().is_none() => return Ok(TextEncoding::Utf8),
        Err(_) => {}
    }
    let high: Vec<u8> = sample.iter().copied().filter(|b| *b >= 0x80).collect();
    // Cyrillic letters (А..я, Ё, ё), №, «», dashes and the no-break space.
    let russian =
        |b: u8| b >= 0xC0 || matches!(b, 0xA8 | 0xB8 | 0xB9 | 0xAB | 0xBB | 0x96 | 0x97 | 0xA0);
    let share = high.iter().filter(|b| russian(**b)).count() as f64 / high.len() as f64;
    if share >= 0.9 {
        return Ok(TextEncoding::Windows1251);
    }
    let at = std::str::from_utf8(sample)
        .err()
        .map_or(0, |e| e.valid_up_to());
    Err(format!(
        "text that is neither UTF-8 nor Windows-1251 (byte 0x{:02X} at offset {at})",
        sample.get(at).copied().unwrap_or_default()
    ))
}

fn first_line(text: &[u8]) -> &[u8] {
    let end = text.iter().position(|&b| b == b'\n').unwrap_or(text.len());
    &text[..end]
}

/// `;` when the header has more semicolons than commas outside quotes
/// (Russian office software separates so), else `,`.
pub(crate) fn detect_separator(header: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_windows_1251_are_told_apart() {
        assert_eq!(detect("ид,имя\n".as_bytes()), Ok(TextEncoding::Utf8));
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode("ид;имя;Ёлка\n");
        assert_eq!(detect(&cp), Ok(TextEncoding::Windows1251));
        let latin = [b'a', 0x80, 0x81, 0x82, b'\n'];
        assert_eq!(
            detect(&latin),
            Err("text that is neither UTF-8 nor Windows-1251 (byte 0x80 at offset 1)".to_string())
        );
    }

    #[test]
    fn the_separator_is_the_more_frequent_outside_quotes() {
        assert_eq!(detect_separator("a;b;c"), b';');
        assert_eq!(detect_separator("a,b,c"), b',');
        assert_eq!(detect_separator("\"a;b;c\",d"), b',');
    }
}
