use chrono::{Datelike, NaiveDate};

/// A calendar day as a plain day number (days since 1970-01-01), the form
/// the engine stores and compares dates in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

const UNIX_EPOCH_FROM_CE: i32 = 719_163;

impl Day {
    /// The day of a calendar date.
    pub fn of(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce() - UNIX_EPOCH_FROM_CE)
    }

    /// The calendar date of this day (clamped to chrono's range).
    pub fn date(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0.saturating_add(UNIX_EPOCH_FROM_CE))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The calendar date of this day, if chrono's calendar reaches it.
    pub fn checked_date(self) -> Option<NaiveDate> {
        self.0
            .checked_add(UNIX_EPOCH_FROM_CE)
            .and_then(NaiveDate::from_num_days_from_ce_opt)
    }

    /// Monday = 0 ... Sunday = 6.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(Day::of(d).date(), d);
        assert_eq!(
            Day::of(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()),
            Day(0)
        );
        assert_eq!(Day::of(d).checked_date(), Some(d));
        assert_eq!(Day(i32::MAX).checked_date(), None);
        // 2026-07-01 is a Wednesday.
        assert_eq!(Day::of(d).weekday(), 2);
    }
}
