//! Journal files kept as fixtures: a journal written by schema version 1
//! stays readable, and damaged ones (a torn tail, an edited line, a removed
//! line, a line of a newer schema) are each named for what they are.

use std::path::{Path, PathBuf};

use etalon::io::{JournalFile, JournalFileError, read_journal, verify_journal};
use etalon::journal::codec::LineProblem;
use etalon::journal::{EventStore, JournalState, Status};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/journal")
        .join(name)
}

const UNIT: &str = "us_served_in_term@unit:U0002@2025-Q2";

#[test]
fn a_version_1_journal_stays_readable() {
    let decoded = read_journal(&fixture("v1.jsonl")).unwrap();
    assert_eq!(decoded.events.len(), 14);
    assert!(decoded.torn.is_none());
    let state = JournalState::replay(&decoded.events);
    assert_eq!(state.len(), 4);
    assert!(state.conflicts().is_empty());
    let d = state.deviation(UNIT).unwrap();
    assert_eq!(d.status, Status::Corrected);
    assert_eq!(d.cause.as_deref(), Some("два специалиста в отпуске"));
    assert_eq!(d.owner.as_ref().map(|o| o.role.as_str()), Some("unit_head"));
    assert_eq!(d.due.map(|d| d.to_string()).as_deref(), Some("2025-07-30"));
    assert_eq!(
        state.last_period().map(|p| p.to_string()).as_deref(),
        Some("2025-Q3")
    );
    let report = verify_journal(&fixture("v1.jsonl")).unwrap();
    assert!(report.is_intact());
    assert_eq!(
        report.head.hash,
        "25e606c4fbf07cf69af33923ab17bd656588d7d991f9b434eea22f11be9167d0"
    );
    // Read back and written again, the events give the same bytes.
    let mut head = Default::default();
    let again = etalon::journal::codec::encode(&decoded.events, &mut head);
    assert_eq!(
        again.as_bytes(),
        std::fs::read(fixture("v1.jsonl")).unwrap()
    );
}

#[test]
fn a_torn_tail_is_left_out_when_read_and_cut_off_when_opened_for_writing() {
    let decoded = read_journal(&fixture("torn_tail.jsonl")).unwrap();
    assert_eq!(decoded.events.len(), 13);
    let torn = decoded.torn.unwrap();
    assert_eq!(
        torn.offset + torn.len,
        std::fs::metadata(fixture("torn_tail.jsonl")).unwrap().len() as usize
    );
    let whole = read_journal(&fixture("v1.jsonl")).unwrap();
    assert_eq!(decoded.events, whole.events[..13]);

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("j.jsonl");
    std::fs::copy(fixture("torn_tail.jsonl"), &copy).unwrap();
    let mut file = JournalFile::open(&copy).unwrap();
    assert_eq!(file.recovered(), Some(torn));
    assert_eq!(
        std::fs::metadata(&copy).unwrap().len() as usize,
        torn.offset
    );
    assert_eq!(file.load().unwrap(), whole.events[..13]);
    file.append(&whole.events[13..]).unwrap();
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(fixture("v1.jsonl")).unwrap()
    );
}

fn damaged(name: &str) -> (u64, LineProblem) {
    match read_journal(&fixture(name)) {
        Err(JournalFileError::Damaged { error, .. }) => (error.line, error.problem),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn an_edited_or_removed_line_is_refused_and_named() {
    assert_eq!(damaged("edited_line.jsonl"), (9, LineProblem::HashMismatch));
    let report = verify_journal(&fixture("edited_line.jsonl")).unwrap();
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(report.problems[0].line, 9);

    assert_eq!(
        damaged("removed_line.jsonl"),
        (
            5,
            LineProblem::Sequence {
                expected: 5,
                found: 6
            }
        )
    );
    let report = verify_journal(&fixture("removed_line.jsonl")).unwrap();
    let problems: Vec<_> = report
        .problems
        .iter()
        .map(|p| (p.line, p.problem.clone()))
        .collect();
    assert!(
        problems.contains(&(5, LineProblem::BrokenChain)),
        "{problems:?}"
    );
    // A journal that will not open for writing is left untouched.
    let before = std::fs::read(fixture("edited_line.jsonl")).unwrap();
    assert!(JournalFile::open(&fixture("edited_line.jsonl")).is_err());
    assert_eq!(std::fs::read(fixture("edited_line.jsonl")).unwrap(), before);
}

#[test]
fn a_line_of_a_newer_schema_is_refused_by_version() {
    let (line, problem) = damaged("newer_version.jsonl");
    assert_eq!((line, problem), (15, LineProblem::Version(2)));
    let report = verify_journal(&fixture("newer_version.jsonl")).unwrap();
    assert_eq!(report.problems.len(), 1);
    assert!(report.problems[0].to_string().contains("newer etalon"));
}
