//! The file's own line of a CSV record, counted from its byte offset.
//!
//! The csv crate's own line count runs one short on files with CRLF line
//! endings (every Windows export) and does not count the blank lines it
//! skips, while a record's byte offset is exact. Readers therefore note
//! where the line breaks are as the text goes by and ask for the line of
//! each record's offset.

use std::collections::VecDeque;

/// The line breaks of a text read chunk by chunk, answering the 1-based
/// line of a record from its byte offset.
///
/// Offsets are asked in increasing order (records come in order); breaks
/// already passed are forgotten, so memory stays that of the text read
/// ahead of the records.
///
/// ```
/// use etalon_core::LineTracker;
///
/// let text = "a,b\r\n1,2\r\n\r\n3,4\r\n";
/// let mut lines = LineTracker::default();
/// lines.feed(text.as_bytes());
/// // The csv crate gives a record the offset just past the `\r` that
/// // ends the line before it (and before any blank lines it skips).
/// assert_eq!(lines.line_of(4), 2); // `1,2`
/// assert_eq!(lines.line_of(9), 4); // `3,4`, after a blank line
/// ```
#[derive(Debug, Clone, Default)]
pub struct LineTracker {
    /// Bytes fed so far.
    fed: u64,
    /// Whether the last byte fed was `\r`.
    last_cr: bool,
    /// Breaks not yet passed: the offset of the `\n`, and whether a `\r`
    /// comes just before it.
    ahead: VecDeque<(u64, bool)>,
    /// Breaks passed.
    passed: u64,
}

impl LineTracker {
    /// Notes the line breaks of the next `bytes` of the text.
    pub fn feed(&mut self, bytes: &[u8]) {
        for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            let cr = if i == 0 {
                self.last_cr
            } else {
                bytes[i - 1] == b'\r'
            };
            self.ahead.push_back((self.fed + i as u64, cr));
        }
        self.advance(bytes);
    }

    /// Notes that the next `bytes` of the text were read, with the line
    /// breaks at `breaks` (offsets within `bytes`, increasing), for a
    /// reader that finds them with a faster search than [`LineTracker::feed`].
    pub fn feed_with_breaks(&mut self, bytes: &[u8], breaks: impl IntoIterator<Item = usize>) {
        for i in breaks {
            let cr = if i == 0 {
                self.last_cr
            } else {
                bytes.get(i - 1) == Some(&b'\r')
            };
            self.ahead.push_back((self.fed + i as u64, cr));
        }
        self.advance(bytes);
    }

    fn advance(&mut self, bytes: &[u8]) {
        if let Some(&last) = bytes.last() {
            self.last_cr = last == b'\r';
        }
        self.fed += bytes.len() as u64;
    }

    /// The 1-based line of the record starting at byte `offset`: blank lines
    /// at the offset (which a CSV reader skips) are stepped over, so the
    /// line is the one holding the record's first cell.
    pub fn line_of(&mut self, offset: u64) -> u64 {
        while self.ahead.front().is_some_and(|&(at, _)| at < offset) {
            self.ahead.pop_front();
            self.passed += 1;
        }
        // A blank line: `\n` at the offset, or `\r\n` starting there.
        let mut at = offset;
        while let Some(&(brk, cr)) = self.ahead.front() {
            let blank = brk == at || (cr && brk == at + 1);
            if !blank {
                break;
            }
            self.ahead.pop_front();
            self.passed += 1;
            at = brk + 1;
        }
        self.passed + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of each record of `text` as the csv crate finds them.
    fn lines(text: &str, chunk: usize) -> Vec<(String, u64)> {
        let mut tracker = LineTracker::default();
        for part in text.as_bytes().chunks(chunk.max(1)) {
            tracker.feed(part);
        }
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let mut out = Vec::new();
        for record in reader.records() {
            let record = record.unwrap();
            let offset = record.position().unwrap().byte();
            out.push((record[0].to_string(), tracker.line_of(offset)));
        }
        out
    }

    fn expect(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
        pairs.iter().map(|(s, l)| (s.to_string(), *l)).collect()
    }

    #[test]
    fn lines_are_the_files_own_with_any_ending_and_blank_lines() {
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(
                lines("a,b\r\n1,2\r\n3,4\r\n", chunk),
                expect(&[("1", 2), ("3", 3)]),
                "CRLF, chunks of {chunk}"
            );
            assert_eq!(
                lines("a,b\n1,2\n\n3,4\n\n\n5,6", chunk),
                expect(&[("1", 2), ("3", 4), ("5", 7)]),
                "blank lines, chunks of {chunk}"
            );
            assert_eq!(
                lines("a,b\r\n1,2\r\n\r\n3,4\r\n", chunk),
                expect(&[("1", 2), ("3", 4)]),
                "CRLF blank line, chunks of {chunk}"
            );
            assert_eq!(
                lines("a,b\n\"x\ny\",2\n3,4\n", chunk),
                expect(&[("x\ny", 2), ("3", 4)]),
                "a cell over two lines, chunks of {chunk}"
            );
        }
    }

    #[test]
    fn breaks_found_elsewhere_count_the_same() {
        let text = b"a,b\r\n1,2\r\n\r\n3,4\r\n";
        let mut fed = LineTracker::default();
        let mut given = LineTracker::default();
        for part in text.chunks(4) {
            fed.feed(part);
            let breaks = part.iter().enumerate().filter(|(_, b)| **b == b'\n');
            given.feed_with_breaks(part, breaks.map(|(i, _)| i));
        }
        assert_eq!((fed.line_of(5), fed.line_of(10)), (2, 4));
        assert_eq!((given.line_of(5), given.line_of(10)), (2, 4));
    }
}
