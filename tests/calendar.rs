//! The standard package's production calendar against the official one,
//! and the notes an evaluation carries beyond its coverage.

use chrono::{Datelike, NaiveDate};
use etalon::{Day, EvaluationOptions, WorkCalendar};

use etalon::generate::{RegionSpec, generate};

use crate::support::{mid_region, mid_spec, standard};

fn working_days_by_month(cal: &WorkCalendar, year: i32) -> Vec<usize> {
    (1..=12)
        .map(|month| {
            let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
            (0..31)
                .map(|d| first + chrono::Days::new(d))
                .filter(|d| d.month() == month && cal.is_working(Day::of(*d)))
                .count()
        })
        .collect()
}

#[test]
fn working_days_of_2025_are_the_official_ones() {
    let m = standard();
    let months = working_days_by_month(m.calendar(), 2025);
    assert_eq!(months, [17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22]);
    assert_eq!(months.iter().sum::<usize>(), 247);
    // Decree No. 1335: Saturday 1 November works, Monday 3 November rests.
    let day = |m, d| Day::of(NaiveDate::from_ymd_opt(2025, m, d).unwrap());
    assert!(m.calendar().is_working(day(11, 1)));
    assert!(!m.calendar().is_working(day(11, 3)));
}

#[test]
fn working_days_of_2026_are_the_official_ones() {
    let m = standard();
    let months = working_days_by_month(m.calendar(), 2026);
    assert_eq!(months, [15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22]);
    assert_eq!(months.iter().sum::<usize>(), 247);
    // Art. 112: 8 March (Sunday) → Monday 9 March, 9 May (Saturday) → Monday 11 May.
    let day = |m, d| Day::of(NaiveDate::from_ymd_opt(2026, m, d).unwrap());
    assert!(!m.calendar().is_working(day(3, 9)));
    assert!(!m.calendar().is_working(day(5, 11)));
    assert!(!m.calendar().is_working(day(1, 9)));
    assert!(!m.calendar().is_working(day(12, 31)));
}

#[test]
fn working_days_of_2024_total_248() {
    let m = standard();
    let months = working_days_by_month(m.calendar(), 2024);
    assert_eq!(months.iter().sum::<usize>(), 248);
    // Working Saturdays of Decree No. 1906.
    for (mo, d) in [(4, 27), (11, 2), (12, 28)] {
        let day = Day::of(NaiveDate::from_ymd_opt(2024, mo, d).unwrap());
        assert!(m.calendar().is_working(day), "2024-{mo}-{d}");
    }
}

#[test]
fn the_years_name_their_decrees() {
    let m = standard();
    let decrees: Vec<(i32, Option<&str>)> = m
        .calendar()
        .years()
        .iter()
        .map(|y| (y.year, y.decree.as_ref().map(|d| d.number.as_str())))
        .collect();
    assert_eq!(
        decrees,
        [
            (2024, Some("1906")),
            (2025, Some("1335")),
            (2026, Some("1466")),
            (2027, None)
        ]
    );
}

#[test]
fn a_region_adds_its_own_holidays() {
    let m = standard();
    // 30 August 2027 is a Monday: a working day in the federal calendar,
    // Republic Day in Tatarstan.
    let day = Day::of(NaiveDate::from_ymd_opt(2027, 8, 30).unwrap());
    assert!(m.calendar().is_working(day));
    let tatarstan = m.calendar().for_region("tatarstan").unwrap();
    assert!(!tatarstan.is_working(day));
    assert_eq!(tatarstan.region(), Some("tatarstan"));
    assert!(m.calendar().for_region("atlantis").is_none());
}

/// The middle region, its records running on to 2028-Q2 (a period is
/// evaluated only where the data has records).
fn region_into_2028() -> etalon::Dataset {
    let spec = RegionSpec {
        last: "2028-Q2".parse().unwrap(),
        ..mid_spec()
    };
    generate(&spec).dataset().unwrap()
}

#[test]
fn an_evaluation_beyond_the_calendar_says_so() {
    let m = standard();
    let data = region_into_2028();
    // 2026-Q3 with four quarters of history lies inside 2025–2026: no note.
    let inside = m
        .evaluate_with(&data, &EvaluationOptions::new("2026-Q3".parse().unwrap()))
        .unwrap();
    assert!(inside.notes.is_empty(), "{:?}", inside.notes);
    assert!(!inside.to_json().contains("\"notes\""));
    // 2028 is beyond the calendar; 2027 has no decree yet.
    let beyond = m
        .evaluate_with(
            &data,
            &EvaluationOptions::new("2028-Q1".parse().unwrap()).with_history(4),
        )
        .unwrap();
    let codes: Vec<&str> = beyond.notes.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(codes, ["calendar-beyond-coverage", "calendar-no-decree"]);
    assert_eq!(
        beyond.notes[0].message,
        "the production calendar covers 2024, 2025, 2026, 2027; days of 2028 are counted as \
         Monday to Friday, without holidays"
    );
    assert!(beyond.notes[1].message_ru.contains("2027"));
    assert!(beyond.to_json().contains("calendar-beyond-coverage"));
}

#[test]
fn an_unknown_calendar_region_is_refused() {
    let m = standard();
    let (_, data) = mid_region();
    let err = m
        .evaluate_with(
            &data,
            &EvaluationOptions::new("2026-Q3".parse().unwrap()).with_calendar_region("atlantis"),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the production calendar declares no region `atlantis` (it declares: tatarstan)"
    );
}

#[test]
fn the_report_shows_the_notes() {
    use etalon::report::{Lang, Report, ReportOptions, html};
    let m = standard();
    let data = region_into_2028();
    let e = m
        .evaluate_with(
            &data,
            &EvaluationOptions::new("2027-Q2".parse().unwrap()).with_history(0),
        )
        .unwrap();
    let options = ReportOptions {
        lang: Lang::Ru,
        ..ReportOptions::default()
    };
    let page = html::render(&Report::build(&m, data.tree(), &e, &options).unwrap());
    assert!(
        page.contains(
            "<p class=\"note\">постановление Правительства о переносе выходных дней в 2027 году"
        ),
        "{}",
        &page[..2000.min(page.len())]
    );
}
