//! The journal file format: JSON Lines with a schema version and a hash
//! chain in every line.
//!
//! One event per line, complete only with its newline:
//!
//! ```text
//! {"v":1,"seq":1,"prev":"000…000","event":{…},"hash":"9f3a…"}\n
//! ```
//!
//! - `v` — the schema version of the line (this build writes
//!   [`SCHEMA_VERSION`] and reads every version up to it);
//! - `seq` — the line's number, from 1;
//! - `prev` — the `hash` of the line before (64 zeros on the first line);
//! - `event` — the event ([`Event`]);
//! - `hash` — the SHA-256, in lower-case hex, of the line's bytes up to
//!   (not including) `,"hash":`. It is always the last field, so a line
//!   ends with exactly `,"hash":"<64 hex>"}`.
//!
//! Because each hash covers `prev`, the hashes form a chain: editing,
//! removing or inserting a complete line breaks it at that line.
//! [`verify`] checks every line; [`decode`] reads a journal and refuses a
//! damaged line, except a last line without its newline (a write cut
//! short by a crash), which it leaves out and reports as torn, so no
//! complete event is lost. A last line whose only missing byte is the
//! newline (whole, its hash good, continuing the chain) is a complete
//! event: it is kept, and [`Decoded::unterminated`] says the newline is
//! to be restored. Whoever keeps the file truncates the torn tail, or
//! restores the newline, before appending (`etalon::io::JournalFile` does,
//! under its lock, and says so).
//!
//! The chain protects against unnoticed edits only together with a copy of
//! the last hash kept elsewhere (a report, the central database): someone
//! able to rewrite the file can recompute every hash after the line they
//! changed.

use serde::{Deserialize, Serialize};

use super::event::Event;
use super::sha256::sha256_hex;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The `prev` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// `,"hash":"` + 64 hex digits + `"}`.
const SUFFIX_LEN: usize = 9 + 64 + 2;

/// Where a journal's chain ends: the last line's number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    /// Number of the last line (0 for an empty journal).
    pub seq: u64,
    /// Hash of the last line ([`GENESIS`] for an empty journal).
    pub hash: String,
}

impl Default for ChainHead {
    fn default() -> Self {
        ChainHead {
            seq: 0,
            hash: GENESIS.to_string(),
        }
    }
}

#[derive(Serialize)]
struct LineOut<'a> {
    v: u32,
    seq: u64,
    prev: &'a str,
    event: &'a Event,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineIn {
    v: u32,
    seq: u64,
    prev: String,
    event: serde_json::Value,
    hash: String,
}

/// Encodes `events` as lines following `head`, and moves `head` to the
/// last of them.
pub fn encode(events: &[Event], head: &mut ChainHead) -> String {
    let mut out = String::new();
    for e in events {
        let seq = head.seq + 1;
        let body = serde_json::to_string(&LineOut {
            v: SCHEMA_VERSION,
            seq,
            prev: &head.hash,
            event: e,
        })
        .unwrap_or_default();
        // The object without its closing brace is what the hash covers.
        let hashed = body.strip_suffix('}').unwrap_or(&body);
        let hash = sha256_hex(hashed.as_bytes());
        out.push_str(hashed);
        out.push_str(",\"hash\":\"");
        out.push_str(&hash);
        out.push_str("\"}\n");
        head.seq = seq;
        head.hash = hash;
    }
    out
}

/// A last line without its newline: a write cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TornTail {
    /// Byte offset where it starts (the length of the complete part).
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
}

/// A journal read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Every complete event, in file order.
    pub events: Vec<Event>,
    /// The end of the chain (where the next line continues).
    pub head: ChainHead,
    /// A torn last line, left out.
    pub torn: Option<TornTail>,
    /// The last event's line is whole but lacks its final newline.
    pub unterminated: bool,
}

/// What is wrong with a complete line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineProblem {
    /// Not UTF-8 text.
    #[error("the line is not UTF-8 text")]
    NotText,
    /// An empty line.
    #[error("the line is empty")]
    Empty,
    /// The line does not end with its hash.
    #[error("the line does not end with its hash (`,\"hash\":\"<64 hex digits>\"}}`)")]
    NoHash,
    /// The hash does not match the line's content.
    #[error(
        "the hash does not match the line's content: the line was changed after it was written"
    )]
    HashMismatch,
    /// Not the JSON of a journal line.
    #[error("the line is not a journal line: {0}")]
    NotJson(String),
    /// Written by a newer version.
    #[error(
        "the line has schema version {0}; this build reads versions 1 to {SCHEMA_VERSION} (the journal was written by a newer etalon)"
    )]
    Version(u32),
    /// Not the line number expected.
    #[error(
        "the line is numbered {found}, {expected} was expected: a line before it was removed or inserted"
    )]
    Sequence {
        /// Expected number.
        expected: u64,
        /// Number found.
        found: u64,
    },
    /// `prev` is not the hash of the line before.
    #[error(
        "`prev` is not the hash of the line before: a line before it was removed, inserted or changed"
    )]
    BrokenChain,
    /// The event cannot be read.
    #[error("the event cannot be read: {0}")]
    Event(String),
}

/// A damaged line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct LineError {
    /// 1-based line number in the file.
    pub line: u64,
    /// Byte offset of the line.
    pub offset: usize,
    /// What is wrong.
    pub problem: LineProblem,
}

/// One complete line, checked on its own: its recorded hash, and the line
/// read, or what is wrong.
struct Checked {
    recorded: Option<String>,
    seq: Option<u64>,
    result: Result<(String, Event), LineProblem>,
}

fn check_line(line: &[u8]) -> Checked {
    let mut out = Checked {
        recorded: None,
        seq: None,
        result: Err(LineProblem::Empty),
    };
    if line.is_empty() {
        return out;
    }
    let Ok(text) = std::str::from_utf8(line) else {
        out.result = Err(LineProblem::NotText);
        return out;
    };
    let n = text.len();
    let shaped = n > SUFFIX_LEN
        && text.is_char_boundary(n - SUFFIX_LEN)
        && text[n - SUFFIX_LEN..].starts_with(",\"hash\":\"")
        && text.ends_with("\"}")
        && text[n - SUFFIX_LEN + 9..n - 2]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !shaped {
        out.result = Err(LineProblem::NoHash);
        return out;
    }
    let recorded = &text[n - SUFFIX_LEN + 9..n - 2];
    out.recorded = Some(recorded.to_string());
    if sha256_hex(&line[..n - SUFFIX_LEN]) != recorded {
        out.result = Err(LineProblem::HashMismatch);
        return out;
    }
    let parsed: LineIn = match serde_json::from_str(text) {
        Ok(l) => l,
        Err(e) => {
            out.result = Err(LineProblem::NotJson(e.to_string()));
            return out;
        }
    };
    out.seq = Some(parsed.seq);
    if parsed.hash != recorded {
        out.result = Err(LineProblem::NotJson("two `hash` fields".into()));
        return out;
    }
    out.result = upcast(parsed.v, parsed.event).map(|e| (parsed.prev, e));
    out
}

/// The current event from a line of schema version `v`. Every version up
/// to [`SCHEMA_VERSION`] stays readable: when the event's shape changes, the
/// older shapes are converted here, and domain code sees only the current one.
fn upcast(v: u32, event: serde_json::Value) -> Result<Event, LineProblem> {
    match v {
        1 => serde_json::from_value(event).map_err(|e| LineProblem::Event(e.to_string())),
        other => Err(LineProblem::Version(other)),
    }
}

/// Complete lines (with their offsets) and the torn tail, if any.
fn lines(bytes: &[u8]) -> (Vec<(usize, &[u8])>, Option<TornTail>) {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = bytes[start..].iter().position(|&b| b == b'\n') {
        out.push((start, &bytes[start..start + i]));
        start += i + 1;
    }
    let torn = (start < bytes.len()).then(|| TornTail {
        offset: start,
        len: bytes.len() - start,
    });
    (out, torn)
}

/// Reads a journal: every complete event, refusing the first damaged line
/// and leaving out a torn last line.
pub fn decode(bytes: &[u8]) -> Result<Decoded, LineError> {
    decode_after(bytes, ChainHead::default(), 0)
}

/// Reads the lines that follow `head` (the end of a journal already read),
/// found at byte `offset` of the file: how a writer catches up with lines
/// others appended since it last read, without reading the file again.
/// Line numbers and offsets in errors and in [`Decoded::torn`] are the
/// file's.
pub fn decode_after(bytes: &[u8], head: ChainHead, offset: usize) -> Result<Decoded, LineError> {
    let (lines, torn) = lines(bytes);
    let mut head = head;
    let mut events = Vec::with_capacity(lines.len());
    for (at, line) in lines {
        let error = |problem| LineError {
            line: head.seq + 1,
            offset: offset + at,
            problem,
        };
        let (seq, hash, event) = continue_chain(&head, check_line(line)).map_err(error)?;
        head = ChainHead { seq, hash };
        events.push(event);
    }
    let mut unterminated = false;
    let torn = match torn {
        None => None,
        Some(t) => match continue_chain(&head, check_line(&bytes[t.offset..])) {
            Ok((seq, hash, event)) => {
                head = ChainHead { seq, hash };
                events.push(event);
                unterminated = true;
                None
            }
            Err(_) => Some(TornTail {
                offset: offset + t.offset,
                len: t.len,
            }),
        },
    };
    Ok(Decoded {
        events,
        head,
        torn,
        unterminated,
    })
}

/// A checked line that continues the chain after `head`: its number, hash
/// and event.
fn continue_chain(head: &ChainHead, checked: Checked) -> Result<(u64, String, Event), LineProblem> {
    let (prev, event) = checked.result?;
    let seq = checked.seq.unwrap_or(0);
    if seq != head.seq + 1 {
        return Err(LineProblem::Sequence {
            expected: head.seq + 1,
            found: seq,
        });
    }
    if prev != head.hash {
        return Err(LineProblem::BrokenChain);
    }
    Ok((seq, checked.recorded.unwrap_or_default(), event))
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Complete lines.
    pub lines: u64,
    /// The end of the chain (the last complete line's number and hash).
    pub head: ChainHead,
    /// A torn last line.
    pub torn: Option<TornTail>,
    /// The last line is whole but lacks its final newline (it is counted
    /// in `lines`; the next writer restores the newline).
    pub unterminated: bool,
    /// Every damaged line.
    pub problems: Vec<LineError>,
}

impl VerifyReport {
    /// Whether every line is whole and the chain unbroken.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty() && self.torn.is_none()
    }
}

impl Serialize for LineError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("LineError", 3)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("offset", &self.offset)?;
        st.serialize_field("problem", &self.problem.to_string())?;
        st.end()
    }
}

/// Checks every line of a journal: its hash, its place in the chain, its
/// number, its schema version and its event. Unlike [`decode`], it goes on
/// after a damaged line, so one run names every one.
pub fn verify(bytes: &[u8]) -> VerifyReport {
    let (lines, torn) = lines(bytes);
    let mut head = ChainHead::default();
    let mut problems = Vec::new();
    let count = lines.len() as u64;
    for (i, (offset, line)) in lines.into_iter().enumerate() {
        let number = i as u64 + 1;
        let mut report = |problem| {
            problems.push(LineError {
                line: number,
                offset,
                problem,
            })
        };
        let checked = check_line(line);
        let seq = checked.seq.unwrap_or(head.seq + 1);
        match &checked.result {
            Err(p) => report(p.clone()),
            Ok((prev, _)) => {
                if seq != head.seq + 1 {
                    report(LineProblem::Sequence {
                        expected: head.seq + 1,
                        found: seq,
                    });
                }
                if *prev != head.hash {
                    report(LineProblem::BrokenChain);
                }
            }
        }
        head = ChainHead {
            seq,
            hash: checked.recorded.unwrap_or_default(),
        };
    }
    let mut lines = count;
    let mut unterminated = false;
    let torn = match torn {
        Some(t) if problems.is_empty() => {
            match continue_chain(&head, check_line(&bytes[t.offset..])) {
                Ok((seq, hash, _)) => {
                    head = ChainHead { seq, hash };
                    lines += 1;
                    unterminated = true;
                    None
                }
                Err(_) => Some(t),
            }
        }
        other => other,
    };
    VerifyReport {
        lines,
        head,
        torn,
        unterminated,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::event::Change;

    fn events(n: usize) -> Vec<Event> {
        (0..n)
            .map(|i| {
                Event::recorded(
                    &format!("d{i}"),
                    "2026-07-01T10:00:00Z".parse().unwrap(),
                    "Петрова",
                    &format!("причина {i}"),
                    Change::CauseRecorded,
                )
            })
            .collect()
    }

    #[test]
    fn lines_are_framed_versioned_and_chained() {
        let mut head = ChainHead::default();
        let text = encode(&events(2), &mut head);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with(&format!("{{\"v\":1,\"seq\":1,\"prev\":\"{GENESIS}\"")));
        let first_hash = &lines[0][lines[0].len() - 66..lines[0].len() - 2];
        assert!(lines[1].contains(&format!("\"prev\":\"{first_hash}\"")));
        // The hash is the SHA-256 of the line up to `,"hash":`.
        let cut = lines[1].len() - SUFFIX_LEN;
        assert_eq!(sha256_hex(&lines[1].as_bytes()[..cut]), head.hash);
        let back = decode(text.as_bytes()).unwrap();
        assert_eq!(back.events, events(2));
        assert_eq!(back.head, head);
        assert!(verify(text.as_bytes()).is_intact());
    }

    #[test]
    fn appending_continues_the_chain() {
        let all = events(3);
        let mut head = ChainHead::default();
        let mut text = encode(&all[..1], &mut head);
        let mut again = decode(text.as_bytes()).unwrap().head;
        text.push_str(&encode(&all[1..], &mut again));
        assert_eq!(decode(text.as_bytes()).unwrap().events, all);
    }

    #[test]
    fn a_torn_tail_is_left_out_and_a_damaged_middle_refused() {
        let mut head = ChainHead::default();
        let text = encode(&events(3), &mut head);
        let cut = text.len() - 10;
        let torn = decode(&text.as_bytes()[..cut]).unwrap();
        assert_eq!(torn.events.len(), 2);
        assert_eq!(
            torn.torn.unwrap().len,
            text.lines().last().unwrap().len() - 9
        );
        let edited = text.replacen("причина 1", "причина 7", 1);
        let e = decode(edited.as_bytes()).unwrap_err();
        assert_eq!((e.line, e.problem.clone()), (2, LineProblem::HashMismatch));
        let removed: String = text
            .lines()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let e = decode(removed.as_bytes()).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(matches!(
            e.problem,
            LineProblem::Sequence {
                expected: 2,
                found: 3
            }
        ));
        let report = verify(removed.as_bytes());
        assert_eq!(report.problems.len(), 2, "{report:?}");
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.problem == LineProblem::BrokenChain)
        );
    }

    #[test]
    fn a_last_line_missing_only_its_newline_is_kept() {
        let mut head = ChainHead::default();
        let text = encode(&events(2), &mut head);
        let cut = &text.as_bytes()[..text.len() - 1];
        let back = decode(cut).unwrap();
        assert_eq!(back.events, events(2));
        assert_eq!(back.head, head);
        assert_eq!((back.torn, back.unterminated), (None, true));
        let report = verify(cut);
        assert_eq!((report.lines, report.unterminated), (2, true));
        assert!(report.is_intact(), "{report:?}");
        // One byte more cut: the last line is torn, and left out.
        let torn = decode(&text.as_bytes()[..text.len() - 2]).unwrap();
        assert_eq!((torn.events.len(), torn.unterminated), (1, false));
        assert!(!verify(&text.as_bytes()[..text.len() - 2]).is_intact());
    }

    #[test]
    fn decoding_after_a_head_reads_only_the_lines_that_follow() {
        let all = events(3);
        let mut head = ChainHead::default();
        let first = encode(&all[..1], &mut head);
        let after = head.clone();
        let rest = encode(&all[1..], &mut head);
        let back = decode_after(rest.as_bytes(), after.clone(), first.len()).unwrap();
        assert_eq!((back.events, back.head), (all[1..].to_vec(), head));
        // A line that does not continue the given head is refused with the
        // file's line number and offset.
        let e = decode_after(rest.as_bytes(), ChainHead::default(), first.len()).unwrap_err();
        assert_eq!((e.line, e.offset), (1, first.len()));
        assert!(matches!(
            e.problem,
            LineProblem::Sequence {
                expected: 1,
                found: 2
            }
        ));
    }

    #[test]
    fn a_newer_schema_is_refused_by_name() {
        let line = "{\"v\":2,\"seq\":1,\"prev\":\"".to_string() + GENESIS + "\",\"event\":{}";
        let text = format!("{line},\"hash\":\"{}\"}}\n", sha256_hex(line.as_bytes()));
        let e = decode(text.as_bytes()).unwrap_err();
        assert_eq!(e.problem, LineProblem::Version(2));
        assert!(e.to_string().contains("newer etalon"), "{e}");
    }
}
