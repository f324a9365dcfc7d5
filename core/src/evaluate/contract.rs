//! The data contract as far as it depends on the package: the columns its
//! measures and questionnaire read, the processes its units run, the
//! period the data covers, and the notes on tables an evaluation finds
//! left out or without records in the period.
//!
//! Every check is stated per table and per column, not per cell, so a
//! reader of any form (files, records, frames) meets the same contract.

use chrono::{Days, NaiveDate};

use super::{EvaluationError, EvaluationNote};
use crate::Period;
use crate::data::{Column, DataError, Dataset, NULL_DATE, TableKind};
use crate::filter::suggest;
use crate::methodology::{Input, Methodology};
use crate::package::{DateBreach, DateRules};
use crate::time::Day;

/// Refuses data the package would read wrongly: a table with records but
/// without a column the package reads (it would count as empty: a silent
/// zero), a
/// survey column that is no questionnaire item (a misspelt item), and a
/// unit running a process the package does not know.
pub(crate) fn check_columns(m: &Methodology, data: &Dataset) -> Result<(), DataError> {
    check_survey_items(m, data)?;
    for table in TableKind::ALL {
        // Without records a missing column changes no number.
        if data.len(table) == 0 {
            continue;
        }
        let given = data.given_columns(table);
        for column in m.columns_read(table) {
            // Typed survey records name only the items they answer.
            let item = m.questions().iter().any(|q| q.id == column);
            if given.contains(&column) || item && data.is_typed(table) {
                continue;
            }
            return Err(DataError::column(
                table.name(),
                column,
                format!(
                    "the rule package reads this column, but the table does not have it; \
                     the columns given are: {}",
                    given.join(", ")
                ),
            )
            .with_text("column-read", &[("given", given.join(", "))]));
        }
    }
    check_unit_processes(m, data)
}

/// The questionnaire in the surveys a scoring counts: a misspelt item is
/// refused as an evaluation refuses it, and an item of the package that a
/// table with records lacks would count as never answered.
pub(crate) fn check_questionnaire(m: &Methodology, data: &Dataset) -> Result<(), DataError> {
    check_survey_items(m, data)?;
    let table = TableKind::Surveys;
    // Typed survey records name only the items they answer.
    if data.len(table) == 0 || data.is_typed(table) {
        return Ok(());
    }
    let given = data.given_columns(table);
    match m
        .questions()
        .iter()
        .find(|q| !given.contains(&q.id.as_str()))
    {
        None => Ok(()),
        Some(q) => Err(DataError::column(
            table.name(),
            &q.id,
            format!(
                "an item of the package's questionnaire, but the table does not have it; the \
                 columns given are: {}",
                given.join(", ")
            ),
        )
        .with_text("item-missing", &[("given", given.join(", "))])),
    }
}

/// A survey column that is neither the table's nor a questionnaire item
/// is a misspelt item: refused with the item meant.
fn check_survey_items(m: &Methodology, data: &Dataset) -> Result<(), DataError> {
    let fixed: Vec<&str> = TableKind::Surveys
        .columns()
        .iter()
        .map(|d| d.name)
        .collect();
    let items: Vec<String> = m.questions().iter().map(|q| q.id.clone()).collect();
    for column in data.given_columns(TableKind::Surveys) {
        if fixed.contains(&column) || items.iter().any(|q| q == column) {
            continue;
        }
        let suggestion = suggest(column, &items);
        let hint = suggestion
            .as_ref()
            .map(|q| format!(" (did you mean `{q}`?)"))
            .unwrap_or_default();
        let error = DataError::column(
            "surveys",
            column,
            format!(
                "not a column of surveys nor an item of the package's questionnaire{hint}; a \
                 host that carries other columns declares them as extra columns"
            ),
        );
        return Err(match suggestion {
            Some(q) => error.with_text("not-an-item-hint", &[("suggestion", q)]),
            None => error.with_text::<&str>("not-an-item", &[]),
        });
    }
    Ok(())
}

/// Every process a unit runs is one of the package's.
fn check_unit_processes(m: &Methodology, data: &Dataset) -> Result<(), DataError> {
    let processes: Vec<String> = m.processes().iter().map(|p| p.id.clone()).collect();
    // A package of scoring alone declares no processes: units' are not its.
    if processes.is_empty() {
        return Ok(());
    }
    // A tree read without its `processes` column has units that run none.
    if data.tree().units().iter().all(|u| u.processes.is_empty()) {
        return Err(DataError::column(
            "org_tree",
            "processes",
            "no unit runs a process of the rule package: the tree needs the `processes` \
             column (each unit's process ids, separated by `;`)",
        )
        .with_text::<&str>("no-processes", &[]));
    }
    for (i, unit) in data.tree().units().iter().enumerate() {
        for process in &unit.processes {
            if processes.contains(process) {
                continue;
            }
            let suggestion = suggest(process, &processes);
            let hint = suggestion
                .as_ref()
                .map(|p| format!(" (did you mean `{p}`?)"))
                .unwrap_or_default();
            let error = DataError::at(
                "org_tree",
                i as u64 + 1,
                "processes",
                format!(
                    "unit {} runs `{process}`, not a process of the rule package{hint}, which \
                     has: {}",
                    unit.id,
                    processes.join(", ")
                ),
            );
            let args = [
                ("unit", unit.id.clone()),
                ("process", process.clone()),
                ("known", processes.join(", ")),
            ];
            return Err(match suggestion {
                Some(p) => error.with_text(
                    "unit-process-hint",
                    &[
                        args[0].clone(),
                        args[1].clone(),
                        args[2].clone(),
                        ("suggestion", p.to_string()),
                    ],
                ),
                None => error.with_text("unit-process", &args),
            });
        }
    }
    Ok(())
}

/// Refuses a period the data's records do not reach: its indicators
/// would be judged on zeros.
pub(crate) fn check_coverage(data: &Dataset, period: Period) -> Result<(), EvaluationError> {
    let Some((from, to)) = data.coverage() else {
        return Ok(());
    };
    if period.end() < from || period.start() > to {
        return Err(EvaluationError::OutsideCoverage { period, from, to });
    }
    Ok(())
}

/// The notes on the data an evaluation of `period` reads: a table left out
/// while indicators read it, and a table given without records in the
/// period (a file of last year, a forgotten export) — neither may pass
/// for a period without events.
pub(crate) fn notes(m: &Methodology, data: &Dataset, period: Period) -> Vec<EvaluationNote> {
    let mut notes = Vec::new();
    for table in TableKind::ALL {
        let readers: Vec<&str> = m
            .indicators()
            .iter()
            .filter(|ind| {
                ind.inputs
                    .iter()
                    .any(|i| matches!(i, Input::Measure(k) if m.measures()[*k].table == table))
            })
            .map(|ind| ind.id.as_str())
            .collect();
        if readers.is_empty() {
            continue;
        }
        let list = readers.join(", ");
        if !data.has_table(table) {
            notes.push(EvaluationNote {
                code: "table-missing".to_string(),
                message: format!(
                    "the data has no table `{table}`: the indicators that read it have no value \
                     or count nothing ({list})"
                ),
                message_ru: format!(
                    "в данных нет таблицы `{table}`: показатели, которые её читают, не вычислены \
                     или ничего не считают ({list})"
                ),
            });
        } else if !data.any_record_between(table, period.start(), period.end()) {
            notes.push(empty_in_period(table, period, &list));
        }
    }
    notes.extend(date_notes(m, data, period));
    notes
}

fn empty_in_period(table: TableKind, period: Period, list: &str) -> EvaluationNote {
    EvaluationNote {
        code: "table-empty".to_string(),
        message: format!(
            "table `{table}` has no records in {period}: the indicators that read it count \
             nothing in the period ({list})"
        ),
        message_ru: format!(
            "в таблице `{table}` нет записей за {period}: показатели, которые её читают, ничего \
             не считают за период ({list})"
        ),
    }
}

/// The dates the package accepts in an evaluation of `period`.
fn date_range(rules: &DateRules, period: Period) -> (NaiveDate, NaiveDate) {
    let to = period
        .end()
        .checked_add_days(Days::new(rules.after_period_days.into()))
        .unwrap_or(NaiveDate::MAX);
    (rules.from, to)
}

/// One column's dates outside the range: how many, and the first record
/// (by its number in the input) that has one.
struct Breach {
    table: TableKind,
    column: String,
    count: usize,
    first_row: u64,
}

fn breaches(data: &Dataset, from: NaiveDate, to: NaiveDate) -> Vec<Breach> {
    let (lo, hi) = (Day::of(from).0, Day::of(to).0);
    let mut out = Vec::new();
    for table in TableKind::ALL {
        let t = data.table(table);
        for (i, name) in t.names.iter().enumerate() {
            let Column::Date(days) = &t.columns[i] else {
                continue;
            };
            // Mostly no date is outside: the column's least and greatest
            // dates, kept with the table, say so without reading them.
            if t.date_bounds(i)
                .is_none_or(|(least, greatest)| lo <= least && greatest <= hi)
            {
                continue;
            }
            let outside = |d: i32| d != NULL_DATE && (d < lo || d > hi);
            let mut count = 0;
            let mut first: Option<u64> = None;
            for (stored, &d) in days.iter().enumerate() {
                if outside(d) {
                    count += 1;
                    let row = t.input_row(stored);
                    first = Some(first.map_or(row, |f| f.min(row)));
                }
            }
            if let Some(first_row) = first {
                out.push(Breach {
                    table,
                    column: name.clone(),
                    count,
                    first_row,
                });
            }
        }
    }
    out
}

/// Refuses a date the package does not accept (before its first day, or
/// too far after the period), when the package makes that an error: one
/// year 0001 moves a mean by thousands of days.
pub(crate) fn check_dates(
    m: &Methodology,
    data: &Dataset,
    period: Period,
) -> Result<(), DataError> {
    let rules = &m.manifest().dates;
    if rules.breach != DateBreach::Error {
        return Ok(());
    }
    let (from, to) = date_range(rules, period);
    match breaches(data, from, to).into_iter().next() {
        None => Ok(()),
        Some(b) => Err(DataError::at(
            b.table.name(),
            b.first_row,
            &b.column,
            format!(
                "the date is outside the dates the package accepts, {from} to {to} ({} days \
                 after the end of {period}){}",
                rules.after_period_days,
                if b.count > 1 {
                    format!(" (and so are {} other records of this column)", b.count - 1)
                } else {
                    String::new()
                }
            ),
        )
        .with_text(
            "date-outside",
            &[
                ("from", from.to_string()),
                ("to", to.to_string()),
                ("days", rules.after_period_days.to_string()),
                ("period", period.to_string()),
                ("others", (b.count.max(1) - 1).to_string()),
            ],
        )),
    }
}

/// The note per column with dates outside the range, when the package
/// makes that a warning.
fn date_notes(m: &Methodology, data: &Dataset, period: Period) -> Vec<EvaluationNote> {
    let rules = &m.manifest().dates;
    if rules.breach != DateBreach::Warning {
        return Vec::new();
    }
    let (from, to) = date_range(rules, period);
    breaches(data, from, to)
        .into_iter()
        .map(|b| {
            // Where the first is in its file, when the table came from one.
            let (at, at_ru) = match data.sources().get(b.table.name()) {
                None => (String::new(), String::new()),
                Some(s) => match s.line(b.first_row) {
                    Some(l) => (
                        format!(", {} line {l}", s.file()),
                        format!(", {} строка {l}", s.file()),
                    ),
                    None => (format!(", {}", s.file()), format!(", {}", s.file())),
                },
            };
            EvaluationNote {
                code: "dates-implausible".to_string(),
                message: format!(
                    "records of `{}` with `{}` outside {from} to {to}: {} (the first is record \
                     {}{at}); they are counted as they are",
                    b.table, b.column, b.count, b.first_row
                ),
                message_ru: format!(
                    "записей таблицы `{}` с полем `{}` вне дат {from} — {to}: {} (первая — \
                     запись {}{at_ru}); они учтены как есть",
                    b.table, b.column, b.count, b.first_row
                ),
            }
        })
        .collect()
}
