use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::Day;
use super::production::{CalendarNote, CalendarYear, RegionalDays};

/// Which days are working days: Monday to Friday, minus public holidays,
/// plus weekend days declared working (transfers decreed each year).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<Day>,
    working_weekends: BTreeSet<Day>,
    /// The years declared, in order (empty for a calendar made of dates only).
    years: Vec<CalendarYear>,
    /// Regions' own holidays a host may add.
    regions: Vec<RegionalDays>,
    /// The region whose holidays are added, if any.
    region: Option<String>,
}

impl WorkCalendar {
    /// A calendar with the given non-working and extra working days.
    pub fn new(
        holidays: impl IntoIterator<Item = Day>,
        working_weekends: impl IntoIterator<Item = Day>,
    ) -> Self {
        WorkCalendar {
            holidays: holidays.into_iter().collect(),
            working_weekends: working_weekends.into_iter().collect(),
            ..WorkCalendar::default()
        }
    }

    /// The calendar of the years declared (statutory holidays, art. 112
    /// carries, decree moves), with the regions a host may add.
    pub fn of_years(mut years: Vec<CalendarYear>, regions: Vec<RegionalDays>) -> Self {
        years.sort_by_key(|y| y.year);
        let mut cal = WorkCalendar {
            regions,
            ..WorkCalendar::default()
        };
        for y in &years {
            let days = y.days();
            cal.holidays.extend(days.days_off);
            cal.working_weekends.extend(days.working);
        }
        cal.years = years;
        cal
    }

    /// The years declared, oldest first.
    pub fn years(&self) -> &[CalendarYear] {
        &self.years
    }

    /// The regions whose own holidays a host may add.
    pub fn regions(&self) -> &[RegionalDays] {
        &self.regions
    }

    /// The region whose holidays this calendar includes.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// This calendar with the own holidays of region `code` added; `None`
    /// when the package declares no such region.
    pub fn for_region(&self, code: &str) -> Option<WorkCalendar> {
        let r = self.regions.iter().find(|r| r.code == code)?;
        let mut cal = self.clone();
        cal.holidays.extend(r.holidays.iter().map(|d| Day::of(*d)));
        cal.working_weekends
            .extend(r.working.iter().map(|d| Day::of(*d)));
        cal.region = Some(code.to_string());
        Some(cal)
    }

    /// What a count of working days from `from` to `to` should be read with:
    /// years the calendar does not cover, or covers without the decree.
    pub fn notes(&self, from: NaiveDate, to: NaiveDate) -> Vec<CalendarNote> {
        if self.years.is_empty() {
            return vec![CalendarNote::NoCalendar];
        }
        let mut notes = Vec::new();
        let mut beyond = Vec::new();
        for year in from.year()..=to.year() {
            match self.years.iter().find(|y| y.year == year) {
                None => beyond.push(year),
                Some(y) if y.decree.is_none() => notes.push(CalendarNote::NoDecree { year }),
                Some(_) => {}
            }
        }
        if !beyond.is_empty() {
            let covered = self.years.iter().map(|y| y.year).collect();
            notes.insert(
                0,
                CalendarNote::Beyond {
                    years: beyond,
                    covered,
                },
            );
        }
        notes
    }

    /// Whether `day` is a working day.
    pub fn is_working(&self, day: Day) -> bool {
        if self.working_weekends.contains(&day) {
            return true;
        }
        day.weekday() < 5 && !self.holidays.contains(&day)
    }

    /// Working days in `(from, to]`: a decision on the next working day
    /// after the application took 1 working day. Negative when `to < from`.
    pub fn working_days_between(&self, from: Day, to: Day) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        if lo == hi {
            return 0;
        }
        let weekdays = weekdays_through(hi.0) - weekdays_through(lo.0);
        let holidays = self
            .holidays
            .range(Day(lo.0 + 1)..=hi)
            .filter(|d| d.weekday() < 5 && !self.working_weekends.contains(d))
            .count() as i64;
        let extra = self
            .working_weekends
            .range(Day(lo.0 + 1)..=hi)
            .filter(|d| d.weekday() >= 5)
            .count() as i64;
        let count = weekdays - holidays + extra;
        sign * count
    }
}

/// Monday-to-Friday days in `(-inf, day]`, counted from an arbitrary origin.
fn weekdays_through(day: i32) -> i64 {
    // Shift so that the origin is a Monday (1970-01-05 is day 4).
    let d = day as i64 - 4;
    let weeks = d.div_euclid(7);
    let rest = d.rem_euclid(7) + 1; // days of the partial week, Monday first
    weeks * 5 + rest.min(5)
}

/// Working-day counts precomputed over a range of days, so that the measure
/// pass answers `working_days(a, b)` with two lookups.
#[derive(Debug, Clone)]
pub(crate) struct CalendarIndex {
    first: i32,
    /// `cumulative[i]` = working days in `[first, first + i]`.
    cumulative: Vec<i32>,
    calendar: WorkCalendar,
}

impl CalendarIndex {
    /// Covers `[first, last]`; days outside are counted the slow way.
    pub fn new(calendar: &WorkCalendar, first: Day, last: Day) -> Self {
        let mut cumulative = Vec::with_capacity((last.0 - first.0 + 1).max(0) as usize);
        let mut running = 0;
        for d in first.0..=last.0 {
            running += calendar.is_working(Day(d)) as i32;
            cumulative.push(running);
        }
        CalendarIndex {
            first: first.0,
            cumulative,
            calendar: calendar.clone(),
        }
    }

    fn cum(&self, d: i32) -> Option<i32> {
        let i = d.checked_sub(self.first)?;
        self.cumulative.get(usize::try_from(i).ok()?).copied()
    }

    /// Same as [`WorkCalendar::working_days_between`].
    #[inline]
    pub fn working_days_between(&self, from: Day, to: Day) -> i64 {
        match (self.cum(from.0), self.cum(to.0)) {
            (Some(a), Some(b)) => (b - a) as i64,
            _ => self.calendar.working_days_between(from, to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn counts_working_days_after_the_start() {
        let cal = WorkCalendar::new([day(2026, 6, 12)], []);
        // Mon 2026-06-08 to Mon 2026-06-15: Tue..Fri and Mon, minus Fri 12 June.
        assert_eq!(
            cal.working_days_between(day(2026, 6, 8), day(2026, 6, 15)),
            4
        );
        assert_eq!(
            cal.working_days_between(day(2026, 6, 15), day(2026, 6, 8)),
            -4
        );
        assert_eq!(
            cal.working_days_between(day(2026, 6, 8), day(2026, 6, 8)),
            0
        );
        let cal = WorkCalendar::new([], [day(2026, 6, 13)]);
        assert!(cal.is_working(day(2026, 6, 13)));
    }

    #[test]
    fn arithmetic_count_agrees_with_day_by_day() {
        let cal = WorkCalendar::new([day(2026, 1, 1), day(2026, 1, 3)], [day(2026, 1, 10)]);
        for a in day(2025, 12, 20).0..day(2026, 1, 20).0 {
            for b in a..day(2026, 1, 25).0 {
                let slow = (a + 1..=b).filter(|&d| cal.is_working(Day(d))).count() as i64;
                assert_eq!(cal.working_days_between(Day(a), Day(b)), slow, "{a} {b}");
            }
        }
    }

    #[test]
    fn index_agrees_with_the_slow_count() {
        let cal = WorkCalendar::new([day(2026, 1, 1), day(2026, 1, 2)], [day(2026, 1, 3)]);
        let idx = CalendarIndex::new(&cal, day(2025, 12, 1), day(2026, 2, 28));
        for a in (day(2025, 11, 20).0..day(2026, 3, 10).0).step_by(3) {
            for b in (day(2025, 11, 25).0..day(2026, 3, 5).0).step_by(5) {
                assert_eq!(
                    idx.working_days_between(Day(a), Day(b)),
                    cal.working_days_between(Day(a), Day(b))
                );
            }
        }
    }
}
