//! The records of a CSV file for the column reader. Blocks of lines with
//! no quote and no carriage return that are UTF-8 (nearly every export)
//! are split at line breaks and separators here, eight bytes at a time;
//! from the first block that is not, and for a file whose header is not,
//! the csv crate reads.
//! Both ways give the same records on the same lines and refuse the same
//! rows with the same errors: a row of the wrong length, then one that is
//! not UTF-8; blank lines are skipped.
//!
//! Records are kept as [`Fields`]: each line copied whole once, and where
//! its fields start; no field is copied on its own.

use std::cell::RefCell;
use std::io::{Cursor, Read};
use std::ops::Range;
use std::path::PathBuf;
use std::rc::Rc;

use etalon_core::data::Texts;
use etalon_core::{LineTracker, Message};

use super::csv_problems;
use super::tables::{LineCounting, LoadOptions};
use super::text::open_text;
use super::{LoadError, io_error};

/// Bytes read from the file at a time.
const BLOCK: usize = 256 * 1024;

/// What [`CsvRecords::next`] found.
#[derive(Debug)]
pub(crate) enum Next {
    /// A record, its fields appended to the [`Fields`], on this line of
    /// the file.
    Record(u64),
    /// A row refused, and whether reading goes on past it (a row of the
    /// wrong length or not UTF-8) or the file stops here.
    Refused(LoadError, bool),
    /// The end of the file.
    End,
}

/// Records as the column reader keeps them ([`Texts::Fields`]'s layout):
/// the fields' texts one after another, each followed by one byte that is
/// not part of it, and where each field starts.
#[derive(Debug)]
pub(crate) struct Fields {
    pub(crate) text: String,
    /// Where every field starts, then one past the last field's byte.
    starts: Vec<u32>,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            text: String::new(),
            starts: vec![0],
        }
    }
}

impl Fields {
    /// Holds no field again, keeping its memory.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.starts.clear();
        self.starts.push(0);
    }

    /// How many fields it holds.
    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Field `k`, counting every record's fields in order.
    pub(crate) fn get(&self, k: usize) -> Option<&str> {
        self.texts(1, 0).get(k)
    }

    /// Field `column` of every record of `width` fields.
    pub(crate) fn texts(&self, width: usize, column: usize) -> Texts<'_> {
        Texts::Fields {
            starts: &self.starts,
            width,
            column,
            text: &self.text,
        }
    }

    /// Appends a field; false (and nothing appended) if the text would
    /// pass what its 32-bit starts reach.
    fn push(&mut self, field: &str) -> bool {
        let Ok(end) = u32::try_from(self.text.len() + field.len() + 1) else {
            return false;
        };
        self.text.push_str(field);
        self.text.push('\n');
        self.starts.push(end);
        true
    }

    /// Forgets what was appended since it held `fields` fields and `bytes`
    /// bytes of text.
    fn truncate(&mut self, fields: usize, bytes: usize) {
        self.starts.truncate(fields + 1);
        self.text.truncate(bytes);
    }
}

/// Whole lines of the file split here, UTF-8 checked a block at a time:
/// `text[at..]` holds the lines not read yet; `base` is the file offset of
/// `text[0]`; `tail` the bytes read after the last line break.
struct Split {
    input: LineCounting,
    text: String,
    at: usize,
    tail: Vec<u8>,
    base: u64,
    eof: bool,
    /// Bytes read at a time (doubled for a line longer than that).
    block: usize,
}

/// What reading the next block found.
enum Refilled {
    Lines,
    End,
    /// A quote, a carriage return or bytes that are not UTF-8: the csv
    /// crate reads from here, these bytes first.
    Csv(Vec<u8>),
}

impl Split {
    /// The next line not read yet: its file offset and its place in
    /// `text`, each separator's offset in the line given to
    /// `at_separator`; none when the block is used up.
    fn line(
        &mut self,
        separator: u8,
        at_separator: impl FnMut(usize),
    ) -> Option<(u64, Range<usize>)> {
        let rest = self
            .text
            .as_bytes()
            .get(self.at..)
            .filter(|r| !r.is_empty())?;
        let len = split_line(rest, separator, at_separator);
        let from = self.at;
        self.at = (from + len + 1).min(self.text.len());
        Some((self.base + from as u64, from..from + len))
    }

    /// Reads the next block of whole lines (called once `text` is used up).
    fn refill(&mut self) -> std::io::Result<Refilled> {
        self.base += self.text.len() as u64;
        self.at = 0;
        // The spent block's memory holds the next.
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        bytes.clear();
        bytes.append(&mut self.tail);
        let end = loop {
            if !self.eof {
                self.eof = fill(&mut self.input, &mut bytes, self.block)?;
            }
            match memchr::memrchr(b'\n', &bytes) {
                _ if self.eof => break bytes.len(),
                Some(n) => break n + 1,
                // A line longer than a block: read on until it ends.
                None => self.block *= 2,
            }
        };
        if bytes.is_empty() {
            return Ok(Refilled::End);
        }
        self.tail.extend_from_slice(&bytes[end..]);
        bytes.truncate(end);
        if memchr::memchr2(b'"', b'\r', &bytes).is_some() {
            bytes.append(&mut self.tail);
            return Ok(Refilled::Csv(bytes));
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                self.text = text;
                Ok(Refilled::Lines)
            }
            Err(e) => {
                let mut bytes = e.into_bytes();
                bytes.append(&mut self.tail);
                Ok(Refilled::Csv(bytes))
            }
        }
    }
}

/// The length of the line `bytes` starts with (up to its `\n`, or all of
/// them), each separator's offset in it given to `at_separator`. Eight
/// bytes are looked at together: separators come every few bytes, too
/// often for a vector search to pay its start-up at each.
fn split_line(bytes: &[u8], separator: u8, mut at_separator: impl FnMut(usize)) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let word = u64::from_le_bytes(eight);
        let breaks = zero_bytes(word ^ each_byte(b'\n'));
        let mut separators = zero_bytes(word ^ each_byte(separator));
        // Only the separators before the line's end.
        separators &= (breaks & breaks.wrapping_neg()).wrapping_sub(1);
        while separators != 0 {
            at_separator(at + (separators.trailing_zeros() / 8) as usize);
            separators &= separators - 1;
        }
        if breaks != 0 {
            return at + (breaks.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    for (i, &byte) in words.remainder().iter().enumerate() {
        if byte == separator {
            at_separator(at + i);
        } else if byte == b'\n' {
            return at + i;
        }
    }
    bytes.len()
}

/// `byte` in each of a word's eight bytes.
const fn each_byte(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The high bit of each byte of `word` that is zero, and no other bit
/// (no carry crosses from one byte to the next).
fn zero_bytes(word: u64) -> u64 {
    const LOW: u64 = each_byte(0x7f);
    !((word & LOW).wrapping_add(LOW) | word | LOW)
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
    /// The refusal of a row at `start` of `fields` fields, if the header
    /// has another number (checked before UTF-8, as the csv crate does).
    fn wrong_length(&self, start: u64, fields: usize) -> Option<Next> {
        (fields != self.width && self.width > 0)
            .then(|| self.refused(start, csv_problems::field_count(fields, self.width), true))
    }

    /// The refusal of a row at `start` that is not UTF-8.
    fn not_utf8(&self, start: u64) -> Next {
        self.refused(start, csv_problems::not_utf8(), true)
    }

    /// A row at `start` refused for `message`, and whether reading goes on
    /// past it.
    fn refused(&self, start: u64, message: Message, goes_on: bool) -> Next {
        let error = LoadError::Csv {
            path: self.path.clone(),
            line: self.line_of(start),
            message,
        };
        Next::Refused(error, goes_on)
    }

    fn line_of(&self, offset: u64) -> u64 {
        self.lines.borrow_mut().line_of(offset)
    }

    /// A failure to read the file on: it stops the file.
    fn failure(&self, source: std::io::Error) -> Next {
        Next::Refused(io_error(&self.path)(source), false)
    }

    /// A failure of the csv crate's reader: of reading the file on (a
    /// flexible reader of byte records fails at nothing else).
    fn csv_failure(&self, e: csv::Error) -> Next {
        let detail = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(source) => self.failure(source),
            _ => Next::Refused(
                LoadError::Csv {
                    path: self.path.clone(),
                    line: 0,
                    message: csv_problems::reader(detail),
                },
                false,
            ),
        }
    }

    /// A row too long to be kept: it stops the file.
    fn too_long(&self, start: u64) -> Next {
        self.refused(start, csv_problems::too_long(), false)
    }
}

/// A CSV file's records after its header.
pub(crate) struct CsvRecords {
    rows: Rows,
    mode: Mode,
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
    let eof = fill(&mut input, &mut buffer, block).map_err(io_error(&path))?;
    let header_end = memchr::memchr(b'\n', &buffer).or(eof.then_some(buffer.len()));
    // A header that is plain: whole in the first block, not blank, no
    // quote or carriage return, UTF-8; and a separator that is one
    // character (the csv crate splits at any byte).
    let plain = header_end
        .map(|end| &buffer[..end])
        .filter(|h| !h.is_empty() && memchr::memchr2(b'"', b'\r', h).is_none())
        .filter(|_| separator.is_ascii())
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
            buffer.drain(..at);
            let split = Split {
                input,
                text: String::new(),
                at: 0,
                tail: buffer,
                base: at as u64,
                eof,
                block,
            };
            let mode = Mode::Split(split);
            (header, CsvRecords { rows, mode })
        }
        _ => {
            let mode = Mode::Csv {
                reader: Box::new(csv_reader(buffer, input, separator)),
                record: csv::ByteRecord::new(),
                base: 0,
            };
            let mut records = CsvRecords { rows, mode };
            let mut names = Fields::default();
            match records.next(&mut names) {
                Next::Record(_) | Next::End => {}
                Next::Refused(e, _) => return Err(e),
            }
            let header = (0..names.len())
                .filter_map(|k| names.get(k))
                .map(|name| name.trim().to_string())
                .collect();
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

impl CsvRecords {
    /// The next record, its fields appended to `into`; or a refused row
    /// (nothing appended); or the end.
    pub(crate) fn next(&mut self, into: &mut Fields) -> Next {
        let rows = &self.rows;
        loop {
            let split = match &mut self.mode {
                Mode::Split(split) => split,
                Mode::Csv {
                    reader,
                    record,
                    base,
                } => return csv_next(rows, reader, record, *base, into),
            };
            let (fields, bytes) = (into.len(), into.text.len());
            let starts = &mut into.starts;
            // Wraps only past what a `u32` reaches, which is refused below.
            let found = split.line(rows.separator, |at| starts.push((bytes + at + 1) as u32));
            let Some((start, range)) = found else {
                match split.refill() {
                    Ok(Refilled::Lines) => continue,
                    Ok(Refilled::End) => return Next::End,
                    Ok(Refilled::Csv(read)) => {
                        let base = split.base;
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
                    Err(e) => return rows.failure(e),
                }
            };
            // A blank line is no record, as for the csv crate.
            if range.is_empty() {
                continue;
            }
            if let Some(refused) = rows.wrong_length(start, into.len() - fields + 1) {
                into.truncate(fields, bytes);
                return refused;
            }
            if !into.push(&split.text[range]) {
                into.truncate(fields, bytes);
                return rows.too_long(start);
            }
            return Next::Record(rows.line_of(start));
        }
    }
}

/// The next record of the csv crate's reader, read from file offset
/// `base`, its fields appended to `into`.
fn csv_next(
    rows: &Rows,
    reader: &mut csv::Reader<std::io::Chain<Cursor<Vec<u8>>, LineCounting>>,
    record: &mut csv::ByteRecord,
    base: u64,
    into: &mut Fields,
) -> Next {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => return Next::End,
        Err(e) => return rows.csv_failure(e),
    }
    let start = base + record.position().map_or(0, |p| p.byte());
    // UTF-8 as a whole, and no character cut by a field's end: every
    // field is then UTF-8.
    let text = std::str::from_utf8(record.as_slice()).ok().filter(|text| {
        (0..record.len()).all(|i| record.range(i).is_some_and(|r| text.get(r).is_some()))
    });
    if let Some(refused) = rows.wrong_length(start, record.len()) {
        return refused;
    }
    let Some(text) = text else {
        return rows.not_utf8(start);
    };
    let (fields, bytes) = (into.len(), into.text.len());
    let all = (0..record.len()).all(|i| {
        let field = record.range(i).and_then(|r| text.get(r));
        field.is_some_and(|field| into.push(field))
    });
    if !all {
        into.truncate(fields, bytes);
        return rows.too_long(start);
    }
    Next::Record(rows.line_of(start))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

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
            let mut fields = Fields::default();
            match records.next(&mut fields) {
                Next::Record(line) => {
                    let texts = (0..fields.len()).map(|k| fields.get(k).map(str::to_string));
                    events.push(Event::Record(texts.collect::<Option<_>>().unwrap(), line));
                }
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

    /// `bytes`, then a failure of the device.
    struct FailingAfter(Cursor<Vec<u8>>);

    impl Read for FailingAfter {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("the device went away")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn a_read_that_fails_midway_is_an_io_error_not_a_csv_row() {
        // Plain lines (split here), then a quoted field (the csv crate's).
        for text in ["id,unit_id\n1,U1\n2,U2", "id,unit_id\n1,\"U1\"\n2,U2"] {
            let lines = Rc::new(RefCell::new(LineTracker::default()));
            let input = LineCounting {
                inner: Box::new(FailingAfter(Cursor::new(text.as_bytes().to_vec()))),
                lines: Rc::clone(&lines),
            };
            let opened = open_from("t.csv".into(), input, b',', lines, 8).unwrap();
            let mut records = opened.records;
            let mut fields = Fields::default();
            let failure = loop {
                match records.next(&mut fields) {
                    Next::Record(_) => {}
                    Next::Refused(e, goes_on) => break (e, goes_on),
                    Next::End => panic!("{text:?}: the end of a file that failed"),
                }
            };
            assert!(
                matches!(&failure, (LoadError::Io { path, .. }, false) if path == Path::new("t.csv")),
                "{text:?}: {failure:?}"
            );
            assert_eq!(failure.0.to_string(), "t.csv: the device went away");
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
        let row = prop::collection::vec("[a-zж0-9 ]{0,3}", 1..5).prop_map(|f| f.join(","));
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

    /// The line's length and its separators, a byte at a time.
    fn split_by_bytes(bytes: &[u8], separator: u8) -> (usize, Vec<usize>) {
        let len = bytes
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(bytes.len());
        let separators = (0..len).filter(|&i| bytes[i] == separator).collect();
        (len, separators)
    }

    proptest! {
        #[test]
        fn lines_split_eight_bytes_at_a_time_as_byte_by_byte(
            bytes in prop::collection::vec(
                prop_oneof![Just(b','), Just(b'\n'), Just(0u8), Just(0x7f), Just(0x80), Just(0xac), any::<u8>()],
                0..40,
            ),
            separator in prop_oneof![Just(b','), Just(b';'), Just(0u8), any::<u8>()],
        ) {
            prop_assume!(separator != b'\n');
            let mut separators = Vec::new();
            let len = split_line(&bytes, separator, |at| separators.push(at));
            prop_assert_eq!((len, separators), split_by_bytes(&bytes, separator));
        }

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
