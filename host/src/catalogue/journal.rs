//! The journal's words that are not errors: why an event the journal
//! holds is not followed (a conflict).

use etalon_core::journal::Conflict;

use super::message;
use crate::report::Lang;

/// What is wrong with a conflict's event, in `lang`; its English words
/// where the catalogue does not say it.
pub fn conflict(c: &Conflict, lang: Lang) -> String {
    c.text
        .as_ref()
        .and_then(|t| {
            let args: Vec<(&str, &str)> = t
                .args
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            message(lang, &format!("journal-why-{}", t.id), &args)
        })
        .unwrap_or_else(|| c.message.clone())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use etalon_core::journal::{Change, Event, JournalState};

    use super::*;

    #[test]
    fn a_conflict_in_each_language() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap();
        let first = Event::recorded("D1", at, "Смирнова", "проверка", Change::CauseRecorded);
        let mut second = first.clone();
        second.reason = "другая проверка".into();
        let state = JournalState::replay([&first, &second]);
        let said: Vec<(String, String)> = state
            .conflicts()
            .iter()
            .map(|c| {
                assert_eq!(conflict(c, Lang::En), c.message);
                (c.event.clone(), conflict(c, Lang::Ru))
            })
            .collect();
        let id = first.id.clone();
        assert_eq!(
            said,
            [
                (
                    id.clone(),
                    format!(
                        "у двух разных событий один идентификатор `{id}`; сохранено одно из них"
                    )
                ),
                (
                    id,
                    "в журнале нет такого отклонения (оно не было выявлено)".to_string()
                ),
            ]
        );
    }
}
