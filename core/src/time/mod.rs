//! Periods of evaluation and the working-day calendar.

mod calendar;
mod day;
mod period;
mod production;

pub(crate) use calendar::CalendarIndex;
pub use calendar::WorkCalendar;
pub use day::Day;
pub use period::{Period, PeriodError, PeriodKind};
pub use production::{CalendarNote, CalendarYear, DayMove, Decree, RegionalDays, YearDays};
