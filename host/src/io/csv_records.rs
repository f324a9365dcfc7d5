//! The records of a CSV file for the column reader. Blocks of lines with
//! no quote and no carriage return (nearly every export) are split at line
//! breaks and separators here; from the first block with either on, and
//! for a file whose header has either, the csv crate reads.
//! Both ways give the same records on the same lines and refuse the same
//! rows with the same errors: a row of the wrong length, then one that is
//! not UTF-8; blank lines are skipped.

use std::cell::RefCell;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use etalon_core::LineTracker;

use super::LoadError;
use super::tables::{LineCounting, LoadOptions};
use super::text::open_text;

/// Bytes read from the file at a time.
const BLOCK: usize = 256 * 1024;

/// What [`CsvRecords::next`] found.
#[derive(Debug)]
pub(crate) enum Next {
    /// A record, its fields given to `push`, on this line of the file.
    Record(u64),
    /// A row refused, and whether reading goes on past it (a row of the
    /// wrong length or not UTF-8) or the file stops here.
    Refused(LoadError, bool),
    /// The end of the file.
    End,
}

/// Lines of the file split here: `buffer[at..end]` holds whole lines not
/// read yet (`end` just after a line break, or at the end of the file);
/// `base` is the file offset of `buffer[0]`.
struct Split {
    input: LineCounting,
    buffer: Vec<u8>,
    at: usize,
    end: usize,
    base: u64,
    eof: bool,
    /// Bytes read at a time (doubled for a line longer than that).
    block: usize,
}

/// What reading the next block found.
enum Refilled {
    Lines,
    End,
    /// A quote or a carriage return: the csv crate reads from here.
    Quoted,
}

impl Split {
    /// The next line not read yet: its file offset and its place in the
    /// buffer, the separators in it noted in `separators` (offsets in the
    /// line); none when the block is used up.
    fn line(
        &mut self,
        separator: u8,
        separators: &mut Vec<usize>,
    ) -> Option<(u64, std::ops::Range<usize>)> {
        if self.at == self.end {
            return None;
        }
        let start = self.base + self.at as u64;
        let rest = &self.buffer[self.at..self.end];
        separators.clear();
        // One pass finds both the separators and the line's end: a plain
        // loop, as separators come every few bytes (a vector search pays
        // its start-up at each of them).
        let mut len = rest.len();
        for (i, &byte) in rest.iter().enumerate() {
            if byte == separator {
                separators.push(i);
            } else if byte == b'\n' {
                len = i;
                break;
            }
        }
        let from = self.at;
        self.at = (from + len + 1).min(self.end);
        Some((start, from..from + len))
    }

    /// Reads the next block of whole lines.
    fn refill(&mut self) -> std::io::Result<Refilled> {
        if self.eof && self.at == self.buffer.len() {
            return Ok(Refilled::End);
        }
        self.buffer.drain(..self.at);
        self.base += self.at as u64;
        self.at = 0;
        if !self.eof {
            self.eof = fill(&mut self.input, &mut self.buffer, self.block)?;
        }
        self.end = match memchr::memrchr(b'\n', &self.buffer) {
            _ if self.eof => self.buffer.len(),
            Some(n) => n + 1,
            None => 0,
        };
        if self.end == 0 && !self.eof {
            // A line longer than a block: read on until it ends.
            self.block *= 2;
            return self.refill();
        }
        match memchr::memchr2(b'"', b'\r', &self.buffer[..self.end]) {
            Some(_) => Ok(Refilled::Quoted),
            None => Ok(Refilled::Lines),
        }
    }
}

/// Where the records come from now.
enum Mode {
    Split(Split),
    /// The csv crate, from file offset `base` on.
    Csv {
        reader: Box<csv::Reader<std::io::Chain<Cursor<Vec<u8>>, LineCounting>>>,
        record: csv::ByteRecord,
        base: u64,
    },
}

/// What every row is checked against.
struct Rows {
    path: PathBuf,
    separator: u8,
    /// The header's number of fields: every record has as many.
    width: usize,
    lines: Rc<RefCell<LineTracker>>,
}

impl Rows {
    /// The refusal of a row at `start` of `fields` fields, `utf8` false if
    /// it is not UTF-8: the length is checked first, as the csv crate does.
    fn checked(&self, start: u64, fields: usize, utf8: bool) -> Option<Next> {
        let message = if fields != self.width && self.width > 0 {
            format!(
                "this row has {fields} fields but the header has {}",
                self.width
            )
        } else if !utf8 {
            "the file is not UTF-8 text".to_string()
        } else {
            return None;
        };
        let error = LoadError::Csv {
            path: self.path.clone(),
            line: self.line_of(start),
            message,
        };
        Some(Next::Refused(error, true))
    }

    fn line_of(&self, offset: u64) -> u64 {
        self.lines.borrow_mut().line_of(offset)
    }

    /// A failure that stops the file (reading it failed): no line.
    fn failure(&self, message: String) -> Next {
        Next::Refused(unreadable(&self.path, message), false)
    }
}

/// A CSV file's records after its header.
pub(crate) struct CsvRecords {
    rows: Rows,
    mode: Mode,
    /// The separators of the line being read (reused from line to line).
    separators: Vec<usize>,
}

/// A CSV file opened: its header (names trimmed), separator and records.
pub(crate) struct OpenedCsv {
    pub(crate) header: Vec<String>,
    pub(crate) separator: u8,
    pub(crate) records: CsvRecords,
}

/// Opens `path` as [`super::tables::open_csv`] does: its encoding and
/// separator found, its header read.
pub(crate) fn open(path: PathBuf, options: &LoadOptions) -> Result<OpenedCsv, LoadError> {
    let text = open_text(&path, options.encoding, options.separator)?;
    let lines = Rc::new(RefCell::new(LineTracker::default()));
    let input = LineCounting {
        inner: text.reader,
        lines: Rc::clone(&lines),
    };
    open_from(path, input, text.separator, lines, BLOCK)
}

fn open_from(
    path: PathBuf,
    mut input: LineCounting,
    separator: u8,
    lines: Rc<RefCell<LineTracker>>,
    block: usize,
) -> Result<OpenedCsv, LoadError> {
    let mut buffer = Vec::with_capacity(block);
    let eof = fill(&mut input, &mut buffer, block).map_err(|e| unreadable(&path, e.to_string()))?;
    let header_end = memchr::memchr(b'\n', &buffer).or(eof.then_some(buffer.len()));
    // A header that is plain: whole in the first block, not blank, no
    // quote or carriage return, UTF-8.
    let plain = header_end
        .map(|end| &buffer[..end])
        .filter(|h| !h.is_empty() && memchr::memchr2(b'"', b'\r', h).is_none())
        .and_then(|h| std::str::from_utf8(h).ok())
        .map(|h| {
            h.split(char::from(separator))
                .map(|name| name.trim().to_string())
                .collect::<Vec<_>>()
        });
    let rows = Rows {
        path,
        separator,
        width: 0,
        lines,
    };
    let (header, mut records) = match (plain, header_end) {
        (Some(header), Some(end)) => {
            let at = (end + 1).min(buffer.len());
            let split = Split {
                input,
                buffer,
                at,
                end: at,
                base: 0,
                eof,
                block,
            };
            let mode = Mode::Split(split);
            (
                header,
                CsvRecords {
                    rows,
                    mode,
                    separators: Vec::new(),
                },
            )
        }
        _ => {
            let mode = Mode::Csv {
                reader: Box::new(csv_reader(buffer, input, separator)),
                record: csv::ByteRecord::new(),
                base: 0,
            };
            let mut records = CsvRecords {
                rows,
                mode,
                separators: Vec::new(),
            };
            let mut header = Vec::new();
            match records.next(|name| header.push(name.trim().to_string())) {
                Next::Record(_) | Next::End => {}
                Next::Refused(e, _) => return Err(e),
            }
            (header, records)
        }
    };
    records.rows.width = header.len();
    Ok(OpenedCsv {
        header,
        separator,
        records,
    })
}

/// The csv crate's reader of `read` (already taken from the file) and the
/// rest of `input`: every row a record, any length (lengths are checked
/// here, as for split rows).
fn csv_reader(
    read: Vec<u8>,
    input: LineCounting,
    separator: u8,
) -> csv::Reader<std::io::Chain<Cursor<Vec<u8>>, LineCounting>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(Cursor::new(read).chain(input))
}

/// Reads into `buffer` until it holds `block` bytes (a byte more at
/// least) or the input ends; true at the end.
fn fill(input: &mut LineCounting, buffer: &mut Vec<u8>, block: usize) -> std::io::Result<bool> {
    let want = block.max(buffer.len() + 1) - buffer.len();
    let read = input.take(want as u64).read_to_end(buffer)?;
    Ok(read < want)
}

/// The file `path` could not be read on: `message` says why.
fn unreadable(path: &Path, message: String) -> LoadError {
    LoadError::Csv {
        path: path.to_path_buf(),
        line: 0,
        message,
    }
}

impl CsvRecords {
    /// The next record: its fields, in order, to `push`; or a refused row;
    /// or the end.
    pub(crate) fn next(&mut self, mut push: impl FnMut(&str)) -> Next {
        let rows = &self.rows;
        loop {
            let split = match &mut self.mode {
                Mode::Split(split) => split,
                Mode::Csv {
                    reader,
                    record,
                    base,
                } => return csv_next(rows, reader, record, *base, &mut push),
            };
            let Some((start, range)) = split.line(rows.separator, &mut self.separators) else {
                match split.refill() {
                    Ok(Refilled::Lines) => continue,
                    Ok(Refilled::End) => return Next::End,
                    Ok(Refilled::Quoted) => {
                        let base = split.base;
                        let read = std::mem::take(&mut split.buffer);
                        let input = std::mem::replace(
                            &mut split.input,
                            LineCounting {
                                inner: Box::new(std::io::empty()),
                                lines: Rc::clone(&rows.lines),
                            },
                        );
                        self.mode = Mode::Csv {
                            reader: Box::new(csv_reader(read, input, rows.separator)),
                            record: csv::ByteRecord::new(),
                            base,
                        };
                        continue;
                    }
                    Err(e) => return rows.failure(e.to_string()),
                }
            };
            let line = &split.buffer[range];
            // A blank line is no record, as for the csv crate.
            if line.is_empty() {
                continue;
            }
            let text = std::str::from_utf8(line).ok();
            let fields = self.separators.len() + 1;
            if let Some(refused) = rows.checked(start, fields, text.is_some()) {
                return refused;
            }
            if let Some(text) = text {
                let mut from = 0;
                for &at in &self.separators {
                    push(&text[from..at]);
                    from = at + 1;
                }
                push(&text[from..]);
            }
            return Next::Record(rows.line_of(start));
        }
    }
}

/// The next record of the csv crate's reader, read from file offset `base`.
fn csv_next(
    rows: &Rows,
    reader: &mut csv::Reader<std::io::Chain<Cursor<Vec<u8>>, LineCounting>>,
    record: &mut csv::ByteRecord,
    base: u64,
    push: &mut impl FnMut(&str),
) -> Next {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => return Next::End,
        Err(e) => {
            return rows.failure(match e.kind() {
                csv::ErrorKind::Io(io) => io.to_string(),
                _ => e.to_string(),
            });
        }
    }
    let start = base + record.position().map_or(0, |p| p.byte());
    let utf8 = record.iter().all(|f| std::str::from_utf8(f).is_ok());
    if let Some(refused) = rows.checked(start, record.len(), utf8) {
        return refused;
    }
    record
        .iter()
        .for_each(|field| push(std::str::from_utf8(field).unwrap_or_default()));
    Next::Record(rows.line_of(start))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::io::tables::{csv_error, line_of, one_bad_row};

    /// What a reading gives, in order.
    #[derive(Debug, PartialEq)]
    enum Event {
        Header(Vec<String>),
        Record(Vec<String>, u64),
        Refused(String, bool),
    }

    fn counting(bytes: &[u8], lines: &Rc<RefCell<LineTracker>>) -> LineCounting {
        LineCounting {
            inner: Box::new(Cursor::new(bytes.to_vec())),
            lines: Rc::clone(lines),
        }
    }

    /// The csv crate alone reading `bytes`, as the loader did before split
    /// reading: header, then records until the end or a row that stops it.
    fn by_the_csv_crate(bytes: &[u8], separator: u8) -> Vec<Event> {
        let lines = Rc::new(RefCell::new(LineTracker::default()));
        let path = Path::new("t.csv");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .delimiter(separator)
            .from_reader(counting(bytes, &lines));
        let header = match reader.headers() {
            Ok(h) => h.iter().map(|h| h.trim().to_string()).collect(),
            Err(e) => {
                return vec![Event::Refused(
                    csv_error(path, &e, &lines).to_string(),
                    false,
                )];
            }
        };
        let mut events = vec![Event::Header(header)];
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => events.push(Event::Record(
                    record.iter().map(str::to_string).collect(),
                    line_of(&lines, record.position()),
                )),
                Ok(false) => return events,
                Err(e) => {
                    let row_only = one_bad_row(&e);
                    events.push(Event::Refused(
                        csv_error(path, &e, &lines).to_string(),
                        row_only,
                    ));
                    if !row_only {
                        return events;
                    }
                }
            }
        }
    }

    fn by_records(bytes: &[u8], separator: u8, block: usize) -> Vec<Event> {
        let lines = Rc::new(RefCell::new(LineTracker::default()));
        let input = counting(bytes, &lines);
        let opened = match open_from("t.csv".into(), input, separator, lines, block) {
            Ok(opened) => opened,
            Err(e) => return vec![Event::Refused(e.to_string(), false)],
        };
        let mut records = opened.records;
        let mut events = vec![Event::Header(opened.header)];
        loop {
            let mut fields = Vec::new();
            match records.next(|f| fields.push(f.to_string())) {
                Next::Record(line) => events.push(Event::Record(fields, line)),
                Next::Refused(e, row_only) => {
                    events.push(Event::Refused(e.to_string(), row_only));
                    if !row_only {
                        return events;
                    }
                }
                Next::End => return events,
            }
        }
    }

    #[test]
    fn plain_lines_are_split_with_their_lines_and_bad_rows_refused() {
        let text = b"id, unit_id\n1,U1\n\n2,U2,x\n3,\xff\n4,U4";
        let events = by_records(text, b',', 8);
        assert_eq!(
            events,
            vec![
                Event::Header(vec!["id".into(), "unit_id".into()]),
                Event::Record(vec!["1".into(), "U1".into()], 2),
                Event::Refused(
                    "t.csv, line 4: this row has 3 fields but the header has 2".into(),
                    true
                ),
                Event::Refused("t.csv, line 5: the file is not UTF-8 text".into(), true),
                Event::Record(vec!["4".into(), "U4".into()], 6),
            ]
        );
        assert_eq!(events, by_the_csv_crate(text, b','));
    }

    #[test]
    fn from_a_quote_on_the_csv_crate_reads_and_the_lines_stay_right() {
        let text = b"id;name\n1;a\n2;\"b;\nc\"\r\n3;d\r\n";
        let events = by_records(text, b';', 4);
        assert_eq!(
            events[2],
            Event::Record(vec!["2".into(), "b;\nc".into()], 3)
        );
        assert_eq!(events[3], Event::Record(vec!["3".into(), "d".into()], 5));
        assert_eq!(events, by_the_csv_crate(text, b';'));
    }

    /// Rows of fields from a small alphabet: separators, quotes, line
    /// breaks and carriage returns, a byte that is not UTF-8, Cyrillic.
    fn file() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            6 => Just(b"a".to_vec()),
            3 => Just(b",".to_vec()),
            3 => Just(b"\n".to_vec()),
            1 => Just(b"\r\n".to_vec()),
            1 => Just(b"\r".to_vec()),
            1 => Just(b"\"".to_vec()),
            1 => Just(b" ".to_vec()),
            1 => Just(b"\xd0".to_vec()),
            1 => Just("ж".as_bytes().to_vec()),
        ];
        prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
    }

    /// Mostly plain files: a header, then rows of the header's width or
    /// not, with blank lines, and now and then a quote late in the file.
    fn plain_file() -> impl Strategy<Value = Vec<u8>> {
        let row = prop::collection::vec("[a-z0-9 ]{0,3}", 1..5).prop_map(|f| f.join(","));
        (
            prop::collection::vec(row, 1..40),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(rows, quote, last_newline)| {
                let mut text = rows.join("\n");
                if quote {
                    text.push_str("\n\"q\nq\",x");
                }
                if last_newline {
                    text.push('\n');
                }
                text.into_bytes()
            })
    }

    proptest! {
        #[test]
        fn split_reading_gives_what_the_csv_crate_gives(text in file(), block in 1usize..40) {
            prop_assert_eq!(by_records(&text, b',', block), by_the_csv_crate(&text, b','));
        }

        #[test]
        fn plain_files_read_split_as_the_csv_crate_reads_them(text in plain_file(), block in 1usize..64) {
            prop_assert_eq!(by_records(&text, b',', block), by_the_csv_crate(&text, b','));
        }
    }
}
