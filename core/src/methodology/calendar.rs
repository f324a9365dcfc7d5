//! Reading the production calendar: a file per year (its statutory
//! holidays, the government decree and its moves) and the regions' own
//! holidays, checked date by date.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::package::source::TomlDoc;
use crate::package::values::TomlDate;
use crate::time::{CalendarYear, DayMove, Decree, RegionalDays};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecree {
    number: String,
    date: TomlDate,
    title: String,
    title_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMove {
    from: TomlDate,
    to: TomlDate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    code: String,
    name: String,
    name_en: String,
    act: String,
    act_en: String,
    holidays: Vec<TomlDate>,
    #[serde(default)]
    working: Vec<TomlDate>,
}

/// What the calendar files hold, gathered over all of them.
#[derive(Debug, Default)]
pub(super) struct CalendarFiles {
    pub years: Vec<CalendarYear>,
    pub regions: Vec<RegionalDays>,
}

impl CalendarFiles {
    /// Reads one calendar file: a year (`year`, `holidays`, `[decree]`,
    /// `moves`), regions (`[[region]]`), or both.
    pub fn read(&mut self, file: &str, text: &str, diags: &mut Vec<Diagnostic>) {
        let Some(doc) = TomlDoc::parse(file, text, diags) else {
            return;
        };
        doc.reject_unknown_keys(&["year", "holidays", "decree", "moves", "region"], diags);
        if let Some((at, year)) = doc.table::<i32>("year", diags) {
            self.read_year(&doc, at, year, diags);
        } else {
            for key in ["holidays", "decree", "moves"] {
                if doc.table::<toml::Value>(key, &mut Vec::new()).is_some() {
                    diags.push(
                        Diagnostic::error(
                            "missing-field",
                            Location::file(file),
                            format!("`{key}` belongs to a year: the file needs `year = ...`"),
                        )
                        .with_text("calendar-needs-year", &[("key", key)]),
                    );
                }
            }
        }
        for (at, r) in doc.array::<RawRegion>("region", diags) {
            if self.regions.iter().any(|o| o.code == r.code) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        at.clone(),
                        format!("region `{}` is declared twice", r.code),
                    )
                    .with_text("duplicate-region", &[("code", &r.code)]),
                );
                continue;
            }
            self.regions.push(RegionalDays {
                code: r.code,
                name: r.name,
                name_en: r.name_en,
                act: r.act,
                act_en: r.act_en,
                holidays: r.holidays.into_iter().map(|d| d.0).collect(),
                working: r.working.into_iter().map(|d| d.0).collect(),
            });
        }
    }

    fn read_year(&mut self, doc: &TomlDoc, at: Location, year: i32, diags: &mut Vec<Diagnostic>) {
        if self.years.iter().any(|y| y.year == year) {
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    at,
                    format!("the calendar of {year} is declared twice"),
                )
                .with_text("duplicate-calendar", &[("year", year)]),
            );
            return;
        }
        let mut holidays = Vec::new();
        for (at, d) in doc.array::<TomlDate>("holidays", diags) {
            in_year(year, &at, "holiday", d.0, diags);
            holidays.push(d.0);
        }
        let mut moves = Vec::new();
        for (at, m) in doc.array::<RawMove>("moves", diags) {
            in_year(year, &at, "moved day", m.from.0, diags);
            in_year(year, &at, "moved day", m.to.0, diags);
            moves.push((at, m));
        }
        let mut checked = Vec::new();
        for (at, m) in moves {
            let (from, to) = (m.from.0, m.to.0);
            if from.weekday().number_from_monday() < 6 {
                diags.push(
                    Diagnostic::error(
                        "bad-dates",
                        at,
                        format!(
                            "a decree moves a day off from a Saturday or Sunday; {from} is a {}",
                            from.weekday()
                        ),
                    )
                    .with_text(
                        "calendar-move-from-weekday",
                        &[
                            ("date", from.to_string()),
                            ("weekday", from.weekday().to_string()),
                        ],
                    ),
                );
            } else if to.weekday().number_from_monday() >= 6 || holidays.contains(&to) {
                diags.push(
                    Diagnostic::error(
                        "bad-dates",
                        at,
                        format!(
                            "{to} is already a day off: a decree moves a day off to a working day"
                        ),
                    )
                    .with_text("calendar-move-to-day-off", &[("date", to.to_string())]),
                );
            } else {
                checked.push(DayMove { from, to });
            }
        }
        let decree = doc
            .table::<RawDecree>("decree", diags)
            .map(|(_, d)| Decree {
                number: d.number,
                date: d.date.0,
                title: d.title,
                title_en: d.title_en,
            });
        if decree.is_none() && !checked.is_empty() {
            diags.push(
                Diagnostic::error(
                    "missing-section",
                    Location::file(doc.file()),
                    "moves need the [decree] that makes them (number, date, title, title_en)",
                )
                .with_text::<&str>("calendar-moves-need-decree", &[]),
            );
        }
        self.years.push(CalendarYear {
            year,
            holidays,
            decree,
            moves: checked,
        });
    }
}

fn in_year(year: i32, at: &Location, what: &str, d: NaiveDate, diags: &mut Vec<Diagnostic>) {
    if d.year() != year {
        diags.push(
            Diagnostic::error(
                "bad-dates",
                at.clone(),
                format!("{what} {d} is not in {year}, the year of this file"),
            )
            .with_text(
                "calendar-not-in-year",
                &[
                    ("what", what.to_string()),
                    ("date", d.to_string()),
                    ("year", year.to_string()),
                ],
            ),
        );
    }
}
