//! The deviation journal over the evaluated quarters of the demo region:
//! deviations walk through their whole life, escalate when their term
//! passes or they persist, reopen when they recur; the journal file
//! survives a cut-short write.

use std::sync::OnceLock;

use chrono::{DateTime, Days, NaiveDate, Utc};
use etalon::generate::{Expected, Region, RegionSpec, generate};
use etalon::io::JournalFile;
use etalon::journal::{
    Change, Effectiveness, Event, Journal, JournalError, JournalState, MemoryStore, ReopenCause,
    Stage, Status, Trigger, Verification, ViewFilter, closed_on_time_by_org, on_time,
    open_deviations,
};
use etalon::{Dataset, Evaluation, EvaluationOptions, Level, Methodology, Period};
use rust_decimal::Decimal;

use crate::support::standard;

/// The quarters the standard package is in force for, of the 8 generated.
const PERIODS: [&str; 7] = [
    "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3",
];

struct Demo {
    m: Methodology,
    region: Region,
    data: Dataset,
    evaluations: Vec<Evaluation>,
}

/// The sample region of `etalon generate --scale sample --seed 2026`,
/// evaluated quarter by quarter (once for every test here).
fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let m = standard();
        let region = generate(&RegionSpec::sample(2026));
        let data = region.dataset().expect("generated data is valid");
        let evaluations = PERIODS
            .iter()
            .map(|p| {
                m.evaluate_with(&data, &EvaluationOptions::new(p.parse().unwrap()))
                    .unwrap_or_else(|e| panic!("{p}: {e}"))
            })
            .collect();
        Demo {
            m,
            region,
            data,
            evaluations,
        }
    })
}

fn evaluation(period: &str) -> &'static Evaluation {
    let i = PERIODS.iter().position(|p| *p == period).unwrap();
    &demo().evaluations[i]
}

/// The day a quarter's report is made: ten days after it ends, 09:00 UTC.
fn report_day(period: &str) -> DateTime<Utc> {
    let p: Period = period.parse().unwrap();
    let d = p.end().checked_add_days(Days::new(10)).unwrap();
    d.and_hms_opt(9, 0, 0).unwrap().and_utc()
}

fn day(s: &str) -> DateTime<Utc> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The unit planted for `process`.
fn planted_unit(process: &str) -> String {
    let plant = demo()
        .region
        .plants
        .iter()
        .find(|p| p.process == process)
        .unwrap_or_else(|| panic!("no plant of {process}"));
    plant.unit.clone()
}

fn org_of(unit: &str) -> String {
    let row = demo()
        .region
        .units
        .iter()
        .find(|u| u.unit.0 == unit)
        .unwrap();
    row.org.0.clone()
}

fn group_of(unit: &str) -> String {
    let row = demo()
        .region
        .units
        .iter()
        .find(|u| u.unit.0 == unit)
        .unwrap();
    row.group.0.clone()
}

fn apply<S: etalon::journal::EventStore>(j: &mut Journal<S>, period: &str) -> Vec<Event> {
    let d = demo();
    j.apply(&d.m, evaluation(period), d.data.tree(), report_day(period))
        .unwrap_or_else(|e| panic!("apply {period}: {e}"))
}

fn kinds(events: &[Event], deviation: &str) -> Vec<&'static str> {
    events
        .iter()
        .filter(|e| e.deviation == deviation)
        .map(|e| e.change.name())
        .collect()
}

fn record<S: etalon::journal::EventStore>(
    j: &mut Journal<S>,
    deviation: &str,
    at: &str,
    actor: &str,
    reason: &str,
    change: Change,
) -> Result<(), JournalError> {
    j.record(Event::recorded(deviation, day(at), actor, reason, change))
        .map(|_| ())
}

#[test]
fn a_deviation_walks_through_its_whole_life() {
    let unit = planted_unit("urgent_service");
    let org = org_of(&unit);
    let id = format!("us_served_in_term@unit:{unit}@2025-Q2");
    let head = "Заведующая отделением Смирнова";
    let officer = "Уполномоченный по качеству Егоров";
    let director = "Директор Кузнецова";
    let mut j = Journal::open(MemoryStore::new()).unwrap();

    assert!(
        apply(&mut j, "2025-Q1").is_empty(),
        "a clean quarter writes nothing"
    );

    // 2025-Q2: found outside the band, routed to the unit head.
    let written = apply(&mut j, "2025-Q2");
    assert_eq!(kinds(&written, &id), ["detected", "assigned"]);
    let d = j.state().deviation(&id).unwrap();
    assert_eq!(d.stage(), Stage::Assigned);
    let owner = d.owner.as_ref().unwrap();
    assert_eq!(
        (owner.role.as_str(), owner.entity.id.as_str()),
        ("unit_head", unit.as_str())
    );
    assert_eq!(
        d.due,
        Some(date("2025-07-30")),
        "30 days from the end of the quarter"
    );

    // Closing what was never verified is refused, and nothing is written.
    let before = j.events().len();
    let err = record(&mut j, &id, "2025-07-12", head, "готово", Change::Closed).unwrap_err();
    assert!(err.to_string().contains("verified"), "{err}");
    assert_eq!(j.events().len(), before);
    let err = record(
        &mut j,
        &id,
        "2025-07-12",
        head,
        "обучить операторов",
        Change::ActionPlanned { until: None },
    )
    .unwrap_err();
    assert!(err.to_string().contains("record the cause"), "{err}");
    assert_eq!(j.events().len(), before);

    // The owner answers within the term.
    record(
        &mut j,
        &id,
        "2025-07-15",
        head,
        "два специалиста в отпуске, заявки ждали выезда",
        Change::CauseRecorded,
    )
    .unwrap();
    record(
        &mut j,
        &id,
        "2025-07-20",
        head,
        "график отпусков с заменой, дежурный специалист",
        Change::ActionPlanned {
            until: Some(date("2025-09-30")),
        },
    )
    .unwrap();
    assert_eq!(
        j.state().deviation(&id).unwrap().stage(),
        Stage::ActionPlanned
    );

    // 2025-Q3: back inside the band: one of the two periods that verify it.
    let written = apply(&mut j, "2025-Q3");
    assert_eq!(kinds(&written, &id), ["correction_observed"]);
    let d = j.state().deviation(&id).unwrap();
    assert_eq!(d.status, Status::Corrected);
    assert_eq!(
        d.effectiveness(),
        Effectiveness::Inconclusive {
            in_band: 1,
            needed: 2
        }
    );
    let err = record(&mut j, &id, "2025-10-12", head, "готово", Change::Closed).unwrap_err();
    assert!(err.to_string().contains("being verified"), "{err}");

    // 2025-Q4: outside again before it was verified: the correction was
    // ineffective; the deviation reopens, is routed again and, found outside
    // in a second period, moves one step up its ladder.
    let written = apply(&mut j, "2025-Q4");
    assert_eq!(kinds(&written, &id), ["reopened", "assigned", "escalated"]);
    assert!(matches!(
        written.iter().find(|e| e.deviation == id).unwrap().change,
        Change::Reopened {
            cause: ReopenCause::Ineffective,
            ..
        }
    ));
    let d = j.state().deviation(&id).unwrap();
    assert_eq!((d.status, d.reopened, d.ineffective), (Status::Open, 1, 1));
    assert_eq!(d.cause, None, "a reopened deviation needs a new cause");
    let owner = d.owner.as_ref().unwrap();
    assert_eq!(
        (owner.role.as_str(), owner.entity.id.as_str()),
        ("quality_officer", org.as_str())
    );
    assert_eq!(
        d.due,
        Some(date("2026-02-09")),
        "30 days from the escalation"
    );
    assert!(!d.missed_term);

    // Nobody answers; the term passes: escalated to the director.
    let d = demo();
    let written = j.sweep(&d.m, day("2026-02-09")).unwrap();
    assert!(kinds(&written, &id).is_empty(), "the last day is in term");
    let written = j.sweep(&d.m, day("2026-02-10")).unwrap();
    let escalation = written.iter().find(|e| e.deviation == id).unwrap();
    let Change::Escalated { to, triggers, .. } = &escalation.change else {
        panic!("{escalation:?}");
    };
    assert_eq!(
        (to.role.as_str(), to.entity.id.as_str()),
        ("director", org.as_str())
    );
    assert_eq!(
        triggers,
        &[Trigger::Overdue {
            due: date("2026-02-09")
        }]
    );
    let state = j.state().deviation(&id).unwrap();
    assert!(state.missed_term);
    assert!(
        !state.is_overdue(date("2026-02-11")),
        "the new owner has a new term"
    );
    let written = j.sweep(&d.m, day("2026-02-11")).unwrap();
    assert!(kinds(&written, &id).is_empty(), "one escalation per term");

    record(
        &mut j,
        &id,
        "2026-02-12",
        director,
        "замена не была организована: приказ не доведён до отделения",
        Change::CauseRecorded,
    )
    .unwrap();
    record(
        &mut j,
        &id,
        "2026-02-13",
        director,
        "приказ о замещении, контроль еженедельно",
        Change::ActionPlanned { until: None },
    )
    .unwrap();

    // 2026-Q1 and 2026-Q2 inside the band: verified by measurement.
    assert_eq!(
        kinds(&apply(&mut j, "2026-Q1"), &id),
        ["correction_observed"]
    );
    let written = apply(&mut j, "2026-Q2");
    assert_eq!(kinds(&written, &id), ["correction_observed", "verified"]);
    let d = j.state().deviation(&id).unwrap();
    assert_eq!(d.status, Status::Verified);
    let q1: Period = "2026-Q1".parse().unwrap();
    let q2: Period = "2026-Q2".parse().unwrap();
    assert_eq!(
        d.effectiveness(),
        Effectiveness::Effective {
            method: Verification::Measured {
                periods: vec![q1, q2]
            }
        }
    );
    record(
        &mut j,
        &id,
        "2026-07-15",
        director,
        "результативность подтверждена",
        Change::Closed,
    )
    .unwrap();
    assert_eq!(j.state().deviation(&id).unwrap().status, Status::Closed);
    let err = record(
        &mut j,
        &id,
        "2026-07-16",
        officer,
        "ещё раз",
        Change::Closed,
    )
    .unwrap_err();
    assert!(err.to_string().contains("already closed"), "{err}");

    // 2026-Q3: it recurs after closing: reopened.
    let written = apply(&mut j, "2026-Q3");
    assert_eq!(kinds(&written, &id), ["reopened", "assigned"]);
    let d = j.state().deviation(&id).unwrap();
    assert_eq!((d.status, d.reopened, d.ineffective), (Status::Open, 2, 1));
    assert!(matches!(
        written.iter().find(|e| e.deviation == id).unwrap().change,
        Change::Reopened {
            cause: ReopenCause::RecurredAfterClosing,
            ..
        }
    ));

    // The whole life, as the journal holds it.
    assert_eq!(
        kinds(j.events(), &id),
        [
            "detected",
            "assigned",
            "cause_recorded",
            "action_planned",
            "correction_observed",
            "reopened",
            "assigned",
            "escalated",
            "escalated",
            "cause_recorded",
            "action_planned",
            "correction_observed",
            "correction_observed",
            "verified",
            "closed",
            "reopened",
            "assigned"
        ]
    );
    assert_eq!(&JournalState::replay(j.events()), j.state());
    assert!(j.state().conflicts().is_empty());
}

#[test]
fn a_persistent_deviation_escalates_by_term_and_by_recurrence() {
    let unit = planted_unit("social_taxi");
    let org = org_of(&unit);
    let group = group_of(&unit);
    let id = format!("st_as_booked@unit:{unit}@2026-Q1");
    let mut j = Journal::open(MemoryStore::new()).unwrap();
    for p in ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"] {
        apply(&mut j, p);
    }
    assert!(j.state().deviation(&id).is_none());

    // 2026-Q1: critical: routed to the unit head and at once to the director.
    let written = apply(&mut j, "2026-Q1");
    assert_eq!(kinds(&written, &id), ["detected", "assigned", "escalated"]);
    let Some(Change::Escalated { to, triggers, .. }) = written
        .iter()
        .rev()
        .find(|e| e.deviation == id)
        .map(|e| &e.change)
    else {
        panic!()
    };
    assert_eq!(
        (to.role.as_str(), to.entity.id.as_str()),
        ("director", org.as_str())
    );
    assert!(matches!(triggers.as_slice(), [Trigger::AtOnce { .. }]));
    let due = j.state().deviation(&id).unwrap().due.unwrap();
    assert_eq!(due, date("2026-04-24"), "14 days from the escalation");

    // 2026-Q2: still outside, nobody answered: one step up, for both the
    // overdue term and the second period outside.
    let written = apply(&mut j, "2026-Q2");
    assert_eq!(kinds(&written, &id), ["recurred", "escalated"]);
    let Some(Change::Escalated { to, triggers, .. }) = written
        .iter()
        .rev()
        .find(|e| e.deviation == id)
        .map(|e| &e.change)
    else {
        panic!()
    };
    assert_eq!(
        (to.role.as_str(), to.entity.id.as_str()),
        ("territorial_administration", group.as_str())
    );
    assert_eq!(
        triggers,
        &[Trigger::Recurrence { periods: 2 }, Trigger::Overdue { due },]
    );

    // 2026-Q3: the term passed again: the ministry.
    let written = apply(&mut j, "2026-Q3");
    assert_eq!(kinds(&written, &id), ["recurred", "escalated"]);
    let d = j.state().deviation(&id).unwrap();
    let owner = d.owner.as_ref().unwrap();
    assert_eq!(
        (owner.role.as_str(), owner.entity.level),
        ("ministry", Level::Region)
    );
    assert_eq!((d.periods_outside, d.escalation_step), (3, 3));
    // The run of three is a deviation of its own, critical: at once.
    let run = j
        .state()
        .by_subject(&format!("st_as_booked@unit:{unit}#three_in_a_row"))
        .unwrap();
    assert_eq!(run.escalation_step, 1);

    // The ladder ends at the ministry: nothing more to write.
    let later = day("2027-03-01");
    assert!(
        j.sweep(&demo().m, later)
            .unwrap()
            .iter()
            .all(|e| e.deviation != id)
    );

    // The management view: overdue first, the longest overdue first.
    let open = open_deviations(j.state(), later.date_naive(), &ViewFilter::default());
    assert!(!open.is_empty());
    let first_not_overdue = open
        .iter()
        .position(|o| o.overdue_days.is_none())
        .unwrap_or(open.len());
    assert!(
        open[first_not_overdue..]
            .iter()
            .all(|o| o.overdue_days.is_none())
    );
    assert!(
        open[..first_not_overdue]
            .windows(2)
            .all(|w| w[0].overdue_days >= w[1].overdue_days)
    );
    let of_org = open_deviations(
        j.state(),
        later.date_naive(),
        &ViewFilter {
            org: Some(org.clone()),
            overdue_only: true,
            level: None,
        },
    );
    assert!(of_org.iter().any(|o| o.id == id));
    assert!(of_org.iter().all(|o| o.overdue_days.is_some()
        && matches!(o.entity.level, Level::Unit | Level::Org)));
    assert_eq!(&JournalState::replay(j.events()), j.state());
}

#[test]
fn the_share_closed_on_time_feeds_the_kpi_of_each_organisation() {
    let unit = planted_unit("urgent_service");
    let org = org_of(&unit);
    let unit_id = format!("us_served_in_term@unit:{unit}@2025-Q2");
    let org_id = format!("us_served_in_term@org:{org}@2025-Q2");
    let mut j = Journal::open(MemoryStore::new()).unwrap();
    apply(&mut j, "2025-Q1");
    apply(&mut j, "2025-Q2");
    // The unit's deviation is answered in term; the organisation's late.
    for (id, cause, action) in [
        (&unit_id, "2025-07-15", "2025-07-16"),
        (&org_id, "2025-08-20", "2025-08-21"),
    ] {
        record(&mut j, id, cause, "a", "причина", Change::CauseRecorded).unwrap();
        record(
            &mut j,
            id,
            action,
            "a",
            "мера",
            Change::ActionPlanned { until: None },
        )
        .unwrap();
    }
    apply(&mut j, "2025-Q3");
    // Verified by hand (the quarter's survey confirmed it), then closed.
    for id in [&unit_id, &org_id] {
        record(
            &mut j,
            id,
            "2025-10-15",
            "a",
            "выездная проверка: все заявки в срок",
            Change::Verified {
                method: Verification::Manual,
            },
        )
        .unwrap();
        record(&mut j, id, "2025-10-16", "a", "закрыто", Change::Closed).unwrap();
    }
    let today = date("2025-10-20");
    let report = on_time(j.state(), today, &ViewFilter::default());
    let t = report.by_org[&org];
    assert_eq!((t.on_time, t.counted), (1, 2));
    assert_eq!(
        closed_on_time_by_org(j.state(), today)[&org],
        Decimal::from(50)
    );
    assert_eq!(
        report.by_owner[&format!("unit_head@unit:{unit}")].on_time,
        1
    );
    // A manual verification needs its reason.
    let mut j = Journal::open(MemoryStore::new()).unwrap();
    apply(&mut j, "2025-Q2");
    let err = record(
        &mut j,
        &unit_id,
        "2025-07-15",
        "a",
        " ",
        Change::Verified {
            method: Verification::Manual,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");
}

#[test]
fn evaluations_are_applied_once_and_in_order() {
    let d = demo();
    let mut j = Journal::open(MemoryStore::new()).unwrap();
    let first = apply(&mut j, "2025-Q2");
    assert!(!first.is_empty());
    let again = j
        .apply(
            &d.m,
            evaluation("2025-Q2"),
            d.data.tree(),
            report_day("2025-Q2") + Days::new(1),
        )
        .unwrap();
    assert!(again.is_empty(), "{again:?}");
    let err = j
        .apply(
            &d.m,
            evaluation("2025-Q1"),
            d.data.tree(),
            report_day("2025-Q3"),
        )
        .unwrap_err();
    assert!(matches!(err, JournalError::StalePeriod { .. }), "{err}");
    let mut other = evaluation("2025-Q3").clone();
    other.methodology.version = "0.9.0".into();
    let err = j
        .apply(&d.m, &other, d.data.tree(), report_day("2025-Q3"))
        .unwrap_err();
    assert!(err.to_string().contains("standard 0.9.0"), "{err}");
    // A package without a matrix cannot route.
    let files: etalon::PackageFiles = etalon::standard_files()
        .iter()
        .filter(|(p, _)| *p != "responsibility.toml")
        .map(|(p, t)| {
            let t = if p == "etalon.toml" {
                t.replace("responsibility = \"responsibility.toml\"\n", "")
            } else {
                t.to_string()
            };
            (p.to_string(), t)
        })
        .collect();
    let bare = Methodology::compile(&files).unwrap();
    let err = j
        .apply(
            &bare,
            evaluation("2025-Q3"),
            d.data.tree(),
            report_day("2025-Q3"),
        )
        .unwrap_err();
    assert!(matches!(err, JournalError::NoMatrix(_)), "{err}");
}

#[test]
fn a_journal_file_cut_mid_write_keeps_every_complete_event_and_heals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut j = Journal::open(JournalFile::open(&path).unwrap()).unwrap();
    apply(&mut j, "2025-Q1");
    let written = apply(&mut j, "2025-Q2");
    let live = j.state().clone();
    drop(j);

    // A crash while the last event (an assignment) was being written.
    let bytes = std::fs::read(&path).unwrap();
    let last_line_start = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let cut = last_line_start + (bytes.len() - last_line_start) / 2;
    std::fs::write(&path, &bytes[..cut]).unwrap();

    let file = JournalFile::open(&path).unwrap();
    assert_eq!(file.recovered().map(|t| t.offset), Some(last_line_start));
    let mut j = Journal::open(file).unwrap();
    assert_eq!(j.events(), &written[..written.len() - 1]);
    let lost = &written[written.len() - 1];
    assert_eq!(lost.change.name(), "assigned");
    assert!(
        j.state()
            .deviation(&lost.deviation)
            .unwrap()
            .owner
            .is_none()
    );

    // The next application (here the same quarter again) routes it anew.
    let healed = j
        .apply(
            &demo().m,
            evaluation("2025-Q2"),
            demo().data.tree(),
            lost.at,
        )
        .unwrap();
    assert_eq!(healed, vec![lost.clone()]);
    assert_eq!(j.state(), &live);
    drop(j);
    let report = etalon::io::verify_journal(&path).unwrap();
    assert!(report.is_intact(), "{report:?}");
}

#[test]
fn noise_is_routed_to_its_own_level_and_a_real_surge_escalates_at_once() {
    let d = demo();
    let noise: Vec<&str> = d
        .region
        .plants
        .iter()
        .filter(|p| {
            p.expected
                .contains(&("gen_complaints_per_100", Expected::Watch))
        })
        .map(|p| p.unit.as_str())
        .collect();
    let surge = d
        .region
        .plants
        .iter()
        .find(|p| {
            p.expected.contains(&(
                "gen_complaints_per_100",
                Expected::Band(etalon::methodology::DeviationSeverity::Critical),
            ))
        })
        .map(|p| p.unit.clone())
        .expect("a complaint surge is planted");
    assert!(!noise.is_empty(), "noise units are planted");
    let mut j = Journal::open(MemoryStore::new()).unwrap();
    let mut last = Vec::new();
    for p in PERIODS {
        last = apply(&mut j, p);
    }
    let period = PERIODS[PERIODS.len() - 1];
    for unit in noise {
        let id = format!("gen_complaints_per_100@unit:{unit}@{period}");
        assert_eq!(kinds(&last, &id), ["detected", "assigned"], "{unit}");
        let detected = last.iter().find(|e| e.deviation == id).unwrap();
        assert!(
            detected
                .reason
                .contains("a signal to watch, not escalated beyond its own level"),
            "{}",
            detected.reason
        );
    }
    let id = format!("gen_complaints_per_100@unit:{surge}@{period}");
    assert_eq!(kinds(&last, &id), ["detected", "assigned", "escalated"]);
    let escalated = last.iter().rev().find(|e| e.deviation == id).unwrap();
    assert!(
        matches!(&escalated.change, Change::Escalated { triggers, .. }
            if matches!(triggers.as_slice(), [Trigger::AtOnce { .. }])),
        "{escalated:?}"
    );
}
