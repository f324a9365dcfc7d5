//! Properties of the journal: replaying its events gives the state built
//! live; merging is commutative and idempotent and loses nothing; a file
//! cut at any byte keeps every whole event (one missing only its newline
//! too); a change to any byte of a complete line is found by verify.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Days, Utc};
use etalon::evaluate::{IndicatorValue, Judgement};
use etalon::io::JournalFile;
use etalon::journal::codec::{self, ChainHead};
use etalon::journal::{
    Change, Event, Journal, JournalState, MemoryStore, Verification, escalation_by_hand, merge,
};
use etalon::{EntityRef, Evaluation, Level, Methodology, OrgTree, Period};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::support::{band_deviation, empty_evaluation, standard};

fn methodology() -> &'static Methodology {
    static M: OnceLock<Methodology> = OnceLock::new();
    M.get_or_init(standard)
}

fn tree() -> OrgTree {
    let mut b = OrgTree::builder("SVR", "Область");
    b.group("G01", "Управление № 1").unwrap();
    b.org("O001", "КЦСОН", "G01", "non_residential").unwrap();
    b.unit("U0002", "Срочное", "O001", ["urgent_service"])
        .unwrap();
    b.unit("U0007", "Такси", "O001", ["social_taxi"]).unwrap();
    b.build().unwrap()
}

/// The subjects the scenarios play with: indicator, process, level, entity.
const SUBJECTS: [(&str, Option<&str>, Level, &str); 4] = [
    (
        "us_served_in_term",
        Some("urgent_service"),
        Level::Unit,
        "U0002",
    ),
    ("st_as_booked", Some("social_taxi"), Level::Unit, "U0007"),
    ("gen_complaints_per_100", None, Level::Org, "O001"),
    (
        "us_served_in_term",
        Some("urgent_service"),
        Level::Group,
        "G01",
    ),
];

/// What an evaluation says about a subject in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Obs {
    Warning,
    Critical,
    Normal,
    Unknown,
}

fn obs() -> impl Strategy<Value = Obs> {
    prop_oneof![
        Just(Obs::Warning),
        Just(Obs::Critical),
        Just(Obs::Normal),
        Just(Obs::Normal),
        Just(Obs::Unknown),
    ]
}

/// Something people do between two evaluations.
#[derive(Debug, Clone, Copy)]
enum Act {
    Cause,
    Action,
    /// The cause and an action, one after the other.
    Answer,
    Verify,
    Close,
    /// Whatever is missing, then a verification by hand and the closing.
    Finish,
    Escalate,
    Sweep,
}

fn act() -> impl Strategy<Value = (usize, Act)> {
    (
        0..SUBJECTS.len(),
        prop_oneof![
            Just(Act::Cause),
            Just(Act::Action),
            Just(Act::Answer),
            Just(Act::Answer),
            Just(Act::Verify),
            Just(Act::Close),
            Just(Act::Finish),
            Just(Act::Finish),
            Just(Act::Escalate),
            Just(Act::Sweep),
        ],
    )
}

/// Quarters from 2025-Q1: what each subject shows, and what people do after.
type Scenario = Vec<(Vec<Obs>, Vec<(usize, Act)>)>;

fn scenario() -> impl Strategy<Value = Scenario> {
    proptest::collection::vec(
        (
            proptest::collection::vec(obs(), SUBJECTS.len()),
            proptest::collection::vec(act(), 0..6),
        ),
        1..8,
    )
}

fn evaluation(period: Period, shows: &[Obs]) -> Evaluation {
    let mut e = empty_evaluation(methodology(), period);
    for (&(indicator, process, level, id), &o) in SUBJECTS.iter().zip(shows) {
        let entity = EntityRef {
            level,
            id: id.to_string(),
        };
        let (judgement, value) = match o {
            Obs::Warning => (Judgement::Warning, Decimal::from(92)),
            Obs::Critical => (Judgement::Critical, Decimal::from(80)),
            Obs::Normal => (Judgement::Normal, Decimal::from(99)),
            Obs::Unknown => (Judgement::InsufficientBase, Decimal::from(50)),
        };
        e.values.push(IndicatorValue {
            entity: entity.clone(),
            entity_name: id.into(),
            indicator: indicator.into(),
            process: process.map(Into::into),
            period,
            value: Some(value),
            base: Some(3),
            judgement,
            reference: None,
            formula: "".into(),
            inputs: Default::default(),
            history: Vec::new(),
            funnel: None,
            assurance: None,
        });
        if let Some(severity) = judgement.severity() {
            e.deviations.push(band_deviation(
                entity, indicator, process, period, severity, value,
            ));
        }
    }
    e
}

fn report_day(p: Period) -> DateTime<Utc> {
    p.end()
        .checked_add_days(Days::new(10))
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc()
}

/// Plays a scenario on a journal in memory; people's acts that the journal
/// refuses are simply not written.
fn play(s: &Scenario) -> Journal<MemoryStore> {
    let m = methodology();
    let tree = tree();
    let mut j = Journal::open(MemoryStore::new()).unwrap();
    let mut period: Period = "2025-Q1".parse().unwrap();
    for (shows, acts) in s {
        let at = report_day(period);
        j.apply(m, &evaluation(period, shows), &tree, at)
            .unwrap_or_else(|e| panic!("{period}: {e}"));
        for (k, &(subject, act)) in acts.iter().enumerate() {
            let when = at + Days::new(3 + 9 * k as u64);
            let (indicator, _, level, id) = SUBJECTS[subject];
            let key = format!("{indicator}@{level}:{id}");
            let Some(deviation) = j.state().by_subject(&key).map(|d| d.id.clone()) else {
                continue;
            };
            let manual = |change, hours| {
                Event::recorded(
                    &deviation,
                    when + chrono::Duration::hours(hours),
                    "Исполнитель",
                    "по плану",
                    change,
                )
            };
            let verify = || Change::Verified {
                method: Verification::Manual,
            };
            let action = || Change::ActionPlanned { until: None };
            let _ = match act {
                Act::Cause => j.record(manual(Change::CauseRecorded, 0)).map(|_| ()),
                Act::Action => j.record(manual(action(), 0)).map(|_| ()),
                Act::Answer => j
                    .record(manual(Change::CauseRecorded, 0))
                    .and_then(|_| j.record(manual(action(), 1)))
                    .map(|_| ()),
                Act::Verify => j.record(manual(verify(), 0)).map(|_| ()),
                Act::Close => j.record(manual(Change::Closed, 0)).map(|_| ()),
                Act::Finish => {
                    let d = j.state().deviation(&deviation);
                    let (cause, planned) =
                        d.map_or((false, false), |d| (d.cause.is_some(), d.action.is_some()));
                    if !cause {
                        let _ = j.record(manual(Change::CauseRecorded, 0));
                    }
                    if !planned {
                        let _ = j.record(manual(action(), 1));
                    }
                    j.record(manual(verify(), 2))
                        .and_then(|_| j.record(manual(Change::Closed, 3)))
                        .map(|_| ())
                }
                Act::Escalate => {
                    match escalation_by_hand(
                        j.state(),
                        m,
                        &deviation,
                        None,
                        when,
                        "Директор",
                        "по решению",
                    ) {
                        Ok(e) => j.record(e).map(|_| ()),
                        Err(e) => Err(e),
                    }
                }
                Act::Sweep => j.sweep(m, when).map(|_| ()),
            };
        }
        period = period.next();
    }
    j
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn replaying_the_events_gives_the_live_state(s in scenario(), seed in any::<u64>()) {
        let j = play(&s);
        prop_assert!(j.state().conflicts().is_empty());
        prop_assert_eq!(&JournalState::replay(j.events()), j.state());
        // In any order: each deviation's events are put back in their order.
        let mut shuffled = j.events().to_vec();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(&JournalState::replay(&shuffled), j.state());
    }

    #[test]
    fn merging_is_commutative_idempotent_and_loses_nothing(
        s in scenario(),
        mask in proptest::collection::vec(0u8..3, 0..200),
    ) {
        let j = play(&s);
        let all = j.events();
        // Two machines, each with part of the journal (some events on both).
        let side = |i: usize| mask.get(i).copied().unwrap_or(2);
        let mut a: Vec<Event> = all.iter().enumerate().filter(|(i, _)| side(*i) != 1).map(|(_, e)| e.clone()).collect();
        let mut b: Vec<Event> = all.iter().enumerate().filter(|(i, _)| side(*i) != 0).map(|(_, e)| e.clone()).collect();
        // Both close the same deviation, each in its own way.
        if let Some(d) = j.state().deviations().next() {
            let at: DateTime<Utc> = "2030-01-01T00:00:00Z".parse().unwrap();
            a.push(Event::recorded(&d.id, at, "a", "закрыто на месте", Change::Closed));
            b.push(Event::recorded(&d.id, at + Days::new(1), "b", "закрыто в центре", Change::Closed));
        }
        let ab = merge(&[], &[&a, &b]);
        let ba = merge(&[], &[&b, &a]);
        prop_assert_eq!(&ab.added, &ba.added);
        let mut c1 = ab.conflicts.clone();
        let mut c2 = ba.conflicts.clone();
        c1.sort();
        c2.sort();
        prop_assert_eq!(c1, c2);
        // Nothing lost, nothing twice.
        let ids: BTreeSet<&str> = a.iter().chain(&b).map(|e| e.id.as_str()).collect();
        let merged: Vec<&str> = ab.added.iter().map(|e| e.id.as_str()).collect();
        prop_assert_eq!(merged.len(), ids.len());
        prop_assert_eq!(merged.iter().copied().collect::<BTreeSet<_>>(), ids);
        // Merging into a central journal one machine after the other, in
        // either order, gives the same state.
        let mut central1 = Journal::open(MemoryStore::new()).unwrap();
        central1.merge(&[&a]).unwrap();
        central1.merge(&[&b]).unwrap();
        let mut central2 = Journal::open(MemoryStore::new()).unwrap();
        central2.merge(&[&b]).unwrap();
        central2.merge(&[&a]).unwrap();
        prop_assert_eq!(central1.state(), central2.state());
        // Idempotent: merging again adds nothing.
        let again = central1.merge(&[&a, &b]).unwrap();
        prop_assert!(again.added.is_empty());
        prop_assert_eq!(again.duplicates, a.len() + b.len());
        prop_assert_eq!(merge(&[], &[&a, &a]).added, merge(&[], &[&a]).added);
    }

    #[test]
    fn a_journal_cut_at_any_byte_keeps_every_complete_event(s in scenario(), at in any::<prop::sample::Index>()) {
        let j = play(&s);
        let mut head = ChainHead::default();
        let bytes = codec::encode(j.events(), &mut head).into_bytes();
        let cut = at.index(bytes.len() + 1);
        let decoded = codec::decode(&bytes[..cut]).unwrap();
        let complete = whole_lines(&bytes, cut);
        prop_assert_eq!(&decoded.events[..], &j.events()[..complete]);
        let only_newline_missing = cut < bytes.len() && bytes[cut] == b'\n';
        prop_assert_eq!(decoded.unterminated, only_newline_missing);
        prop_assert_eq!(
            decoded.torn.is_some(),
            cut > 0 && bytes[cut - 1] != b'\n' && !only_newline_missing
        );
    }

    #[test]
    fn a_change_to_any_byte_of_a_complete_line_is_found(
        s in scenario(),
        at in any::<prop::sample::Index>(),
        to in any::<u8>(),
    ) {
        let j = play(&s);
        prop_assume!(!j.events().is_empty());
        let mut head = ChainHead::default();
        let mut bytes = codec::encode(j.events(), &mut head).into_bytes();
        prop_assert!(codec::verify(&bytes).is_intact());
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != to);
        bytes[i] = to;
        let report = codec::verify(&bytes);
        prop_assert!(!report.is_intact(), "byte {} changed to {:?} went unnoticed", i, to as char);
    }
}

/// A few lines, every byte changed, every cut: exhaustively.
#[test]
fn every_byte_of_a_small_journal_is_guarded() {
    let s: Scenario = vec![
        (
            vec![Obs::Warning, Obs::Normal, Obs::Normal, Obs::Normal],
            vec![(0, Act::Cause)],
        ),
        (
            vec![Obs::Normal, Obs::Normal, Obs::Normal, Obs::Normal],
            vec![],
        ),
    ];
    let j = play(&s);
    assert!(j.events().len() >= 4, "{:?}", j.events());
    let mut head = ChainHead::default();
    let bytes = codec::encode(j.events(), &mut head).into_bytes();
    for i in 0..bytes.len() {
        for to in [bytes[i] ^ 1, b'0', b' '] {
            if to == bytes[i] {
                continue;
            }
            let mut changed = bytes.clone();
            changed[i] = to;
            assert!(
                !codec::verify(&changed).is_intact(),
                "byte {i} changed to {to} went unnoticed"
            );
        }
        let decoded = codec::decode(&bytes[..i]).unwrap();
        assert_eq!(decoded.events, j.events()[..whole_lines(&bytes, i)]);
    }
    // A line removed from the middle, or two lines swapped, is found too.
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let without: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    assert!(!codec::verify(without.as_bytes()).is_intact());
    let mut swapped = lines.clone();
    swapped.swap(1, 2);
    let swapped: String = swapped.iter().map(|l| format!("{l}\n")).collect();
    assert!(!codec::verify(swapped.as_bytes()).is_intact());
}

proptest! {
    // Every cut writes, opens and appends to a file with fsync: few cases.
    #![proptest_config(ProptestConfig::with_cases(3))]

    #[test]
    fn a_journal_file_cut_at_any_byte_of_its_last_two_lines_opens_and_continues(
        s in scenario(),
    ) {
        let j = play(&s);
        prop_assume!(j.events().len() >= 2);
        let mut head = ChainHead::default();
        let bytes = codec::encode(j.events(), &mut head).into_bytes();
        let last_two = bytes[..bytes.len() - 1]
            .iter()
            .rposition(|&b| b == b'\n')
            .and_then(|end| bytes[..end].iter().rposition(|&b| b == b'\n'))
            .map_or(0, |i| i + 1);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        for cut in last_two..=bytes.len() {
            cut_opens_and_continues(&path, &bytes, cut, j.events())?;
        }
    }
}

/// How many lines of `bytes` are whole in its first `cut` bytes: those
/// with their newline, and one whose only missing byte is its newline.
fn whole_lines(bytes: &[u8], cut: usize) -> usize {
    let ended = bytes[..cut].iter().filter(|&&b| b == b'\n').count();
    ended + usize::from(cut > 0 && cut < bytes.len() && bytes[cut] == b'\n')
}

/// Writes `bytes[..cut]` to `path`, opens it as a journal file, and checks
/// it keeps every whole line (mending or cutting the tail), takes one more
/// event after them and verifies intact.
fn cut_opens_and_continues(
    path: &std::path::Path,
    bytes: &[u8],
    cut: usize,
    events: &[Event],
) -> Result<(), TestCaseError> {
    std::fs::write(path, &bytes[..cut]).unwrap();
    let mut file = JournalFile::open(path).unwrap();
    let complete = whole_lines(bytes, cut);
    let mut kept = etalon::journal::EventStore::load(&mut file).unwrap();
    prop_assert_eq!(&kept[..], &events[..complete], "cut at {}", cut);
    let only_newline_missing = cut > 0 && cut < bytes.len() && bytes[cut] == b'\n';
    prop_assert_eq!(
        file.newline_restored(),
        only_newline_missing,
        "cut at {}",
        cut
    );
    prop_assert_eq!(
        file.recovered().is_some(),
        cut > 0 && bytes[cut - 1] != b'\n' && !only_newline_missing,
        "cut at {}",
        cut
    );
    let extra = Event::recorded(
        &events[0].deviation,
        "2027-01-01T00:00:00Z".parse().unwrap(),
        "x",
        "y",
        Change::CauseRecorded,
    );
    etalon::journal::EventStore::append(&mut file, std::slice::from_ref(&extra)).unwrap();
    kept.push(extra);
    let back = etalon::io::read_journal(path).unwrap();
    prop_assert_eq!(back.events, kept, "cut at {}", cut);
    prop_assert!(
        etalon::io::verify_journal(path).unwrap().is_intact(),
        "cut at {}",
        cut
    );
    Ok(())
}

/// The file store: a file cut at any byte opens with every whole event,
/// cut back to them, and takes new events after them.
#[test]
fn a_journal_file_cut_anywhere_opens_and_continues() {
    let s: Scenario = vec![(
        vec![Obs::Critical, Obs::Warning, Obs::Normal, Obs::Normal],
        vec![(1, Act::Cause)],
    )];
    let j = play(&s);
    let mut head = ChainHead::default();
    let bytes = codec::encode(j.events(), &mut head).into_bytes();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let line_ends = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i);
    let cuts: BTreeSet<usize> = (0..=bytes.len()).step_by(7).chain(line_ends).collect();
    for cut in cuts {
        cut_opens_and_continues(&path, &bytes, cut, j.events()).unwrap();
    }
}
