//! The production calendar of one year as the law builds it: the statutory
//! non-working holidays (Labour Code art. 112 part 1), the carry of a
//! holiday falling on a weekend to the next working day (art. 112 part 2,
//! not for the January holidays), and the government decree that moves
//! days off (art. 112 part 5).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Day;

/// The government decree moving days off in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decree {
    /// Its number (`1335`).
    pub number: String,
    /// The day it was signed.
    pub date: NaiveDate,
    /// Its title in Russian.
    pub title: String,
    /// Its title in English.
    pub title_en: String,
}

/// One move of a decree: the day off `from` (a Saturday or Sunday) is moved
/// to `to`. A `from` that is an ordinary weekend day becomes a working day;
/// a `from` that is a holiday stays a day off, and the decree's `to` takes
/// the place of its art. 112 carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayMove {
    /// The weekend day whose day off is moved.
    pub from: NaiveDate,
    /// The day that becomes a day off.
    pub to: NaiveDate,
}

/// A year of the production calendar as a package declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    /// The year.
    pub year: i32,
    /// The statutory non-working holidays of the year.
    pub holidays: Vec<NaiveDate>,
    /// The decree moving days off, when it is published.
    pub decree: Option<Decree>,
    /// The decree's moves.
    pub moves: Vec<DayMove>,
}

/// What a year comes to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearDays {
    /// Days off besides Saturdays and Sundays, and the holidays themselves.
    pub days_off: BTreeSet<Day>,
    /// Saturdays and Sundays that are working days.
    pub working: BTreeSet<Day>,
    /// Art. 112 carries: a holiday on a weekend and the day off it moved to.
    pub carried: Vec<DayMove>,
}

impl CalendarYear {
    /// The days off and working weekend days of the year.
    pub fn days(&self) -> YearDays {
        let holidays: BTreeSet<Day> = self.holidays.iter().map(|d| Day::of(*d)).collect();
        let mut out = YearDays {
            days_off: holidays.clone(),
            ..YearDays::default()
        };
        for m in &self.moves {
            out.days_off.insert(Day::of(m.to));
            if !holidays.contains(&Day::of(m.from)) {
                out.working.insert(Day::of(m.from));
            }
        }
        let decreed: BTreeSet<NaiveDate> = self.moves.iter().map(|m| m.from).collect();
        for h in &self.holidays {
            // The government moves the January holidays' weekends by decree.
            if h.month() == 1 || Day::of(*h).weekday() < 5 || decreed.contains(h) {
                continue;
            }
            let mut d = Day(Day::of(*h).0 + 1);
            while (d.weekday() >= 5 && !out.working.contains(&d)) || out.days_off.contains(&d) {
                d = Day(d.0 + 1);
            }
            out.days_off.insert(d);
            out.carried.push(DayMove {
                from: *h,
                to: d.date(),
            });
        }
        out
    }
}

/// A region's own non-working holidays (Labour Code art. 6: a subject of
/// the Federation may set them), added to the federal calendar when a host
/// evaluates that region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionalDays {
    /// The code a host names the region by (`tatarstan`).
    pub code: String,
    /// The region's name in Russian.
    pub name: String,
    /// The region's name in English.
    pub name_en: String,
    /// The regional act that sets the holidays.
    pub act: String,
    /// Its name in English.
    pub act_en: String,
    /// The region's non-working holidays.
    pub holidays: Vec<NaiveDate>,
    /// Weekend days the region declares working.
    pub working: Vec<NaiveDate>,
}

/// Why an evaluation's working days may be off, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarNote {
    /// The package has no production calendar at all.
    NoCalendar,
    /// Years the evaluation touches that the calendar does not cover.
    Beyond {
        /// The years.
        years: Vec<i32>,
        /// The years it covers.
        covered: Vec<i32>,
    },
    /// A year covered by the statutory holidays only.
    NoDecree {
        /// The year.
        year: i32,
    },
}

impl CalendarNote {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarNote::NoCalendar => "calendar-missing",
            CalendarNote::Beyond { .. } => "calendar-beyond-coverage",
            CalendarNote::NoDecree { .. } => "calendar-no-decree",
        }
    }

    /// The note in English.
    pub fn message_en(&self) -> String {
        match self {
            CalendarNote::NoCalendar => "the package has no production calendar: working days \
                are counted as Monday to Friday, without holidays"
                .to_string(),
            CalendarNote::Beyond { years, covered } => format!(
                "the production calendar covers {}; days of {} are counted as Monday to Friday, \
                 without holidays",
                show_years(covered),
                show_years(years)
            ),
            CalendarNote::NoDecree { year } => format!(
                "the government decree moving days off in {year} is not yet in the calendar: \
                 working days of {year} follow the statutory holidays and Labour Code art. 112 only"
            ),
        }
    }

    /// The note in Russian.
    pub fn message_ru(&self) -> String {
        match self {
            CalendarNote::NoCalendar => "в пакете нет производственного календаря: рабочими \
                считаются дни с понедельника по пятницу без праздников"
                .to_string(),
            CalendarNote::Beyond { years, covered } => format!(
                "производственный календарь охватывает {}; дни {} считаются рабочими \
                 с понедельника по пятницу без праздников",
                show_years(covered),
                show_years(years)
            ),
            CalendarNote::NoDecree { year } => format!(
                "постановление Правительства о переносе выходных дней в {year} году ещё не \
                 внесено в календарь: рабочие дни {year} года считаются только по \
                 праздникам и ст. 112 ТК РФ"
            ),
        }
    }
}

fn show_years(years: &[i32]) -> String {
    let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn statutory(year: i32) -> Vec<NaiveDate> {
        let mut h: Vec<NaiveDate> = (1..=8).map(|d| date(year, 1, d)).collect();
        h.extend([
            date(year, 2, 23),
            date(year, 3, 8),
            date(year, 5, 1),
            date(year, 5, 9),
            date(year, 6, 12),
            date(year, 11, 4),
        ]);
        h
    }

    #[test]
    fn a_weekend_holiday_moves_to_the_next_working_day() {
        // 2026: 8 March is a Sunday, 9 May a Saturday; no decree moves them.
        let year = CalendarYear {
            year: 2026,
            holidays: statutory(2026),
            decree: None,
            moves: vec![],
        };
        let days = year.days();
        assert_eq!(
            days.carried,
            vec![
                DayMove {
                    from: date(2026, 3, 8),
                    to: date(2026, 3, 9)
                },
                DayMove {
                    from: date(2026, 5, 9),
                    to: date(2026, 5, 11)
                },
            ]
        );
        // 3 and 4 January fall on a weekend and are not carried.
        assert!(!days.days_off.contains(&Day::of(date(2026, 1, 9))));
    }

    #[test]
    fn a_decree_move_replaces_the_carry_and_makes_a_saturday_working() {
        // 2025: 23 February (Sunday) goes to 8 May, Saturday 1 November to 3 November.
        let year = CalendarYear {
            year: 2025,
            holidays: statutory(2025),
            decree: None,
            moves: vec![
                DayMove {
                    from: date(2025, 2, 23),
                    to: date(2025, 5, 8),
                },
                DayMove {
                    from: date(2025, 11, 1),
                    to: date(2025, 11, 3),
                },
            ],
        };
        let days = year.days();
        assert!(!days.days_off.contains(&Day::of(date(2025, 2, 24))));
        assert!(days.days_off.contains(&Day::of(date(2025, 5, 8))));
        assert!(days.days_off.contains(&Day::of(date(2025, 11, 3))));
        assert_eq!(
            days.working.iter().copied().collect::<Vec<_>>(),
            vec![Day::of(date(2025, 11, 1))]
        );
        // 8 March (Saturday) is not moved by this decree: carried to Monday.
        assert_eq!(
            days.carried,
            vec![DayMove {
                from: date(2025, 3, 8),
                to: date(2025, 3, 10)
            }]
        );
    }

    #[test]
    fn a_carry_skips_days_already_off() {
        // 2027: 1 May is a Saturday, 9 May a Sunday, 12 June a Saturday.
        let year = CalendarYear {
            year: 2027,
            holidays: statutory(2027),
            decree: None,
            moves: vec![],
        };
        let to: Vec<NaiveDate> = year.days().carried.iter().map(|m| m.to).collect();
        assert_eq!(
            to,
            vec![date(2027, 5, 3), date(2027, 5, 10), date(2027, 6, 14)]
        );
    }

    #[test]
    fn notes_speak_both_languages() {
        let n = CalendarNote::Beyond {
            years: vec![2028],
            covered: vec![2024, 2025],
        };
        assert_eq!(
            n.message_en(),
            "the production calendar covers 2024, 2025; days of 2028 are counted as Monday to \
             Friday, without holidays"
        );
        assert!(n.message_ru().contains("2028"));
        assert_eq!(n.code(), "calendar-beyond-coverage");
    }
}
