//! Reading and checking the responsibility file: roles, rows, verification
//! rules; gaps (a process × severity × level no row covers) and ambiguities
//! (two equally specific rows that both match).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::{Escalation, MatrixRow, Responsibility, Role, TermFrom, VerifyRule};
use crate::data::Level;
use crate::diagnostics::{Diagnostic, Location};
use crate::methodology::{DeviationSeverity, Indicator, Process};
use crate::package::source::TomlDoc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    level: Level,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    process: Option<Spanned<toml::Value>>,
    indicator: Option<Spanned<toml::Value>>,
    severity: Option<Spanned<toml::Value>>,
    level: Option<Spanned<toml::Value>>,
    role: Spanned<String>,
    term_days: Spanned<i64>,
    term_from: Option<TermFrom>,
    escalate: Option<Spanned<RawEscalate>>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalate {
    to: Option<Spanned<toml::Value>>,
    overdue: Option<bool>,
    recurrence: Option<Spanned<i64>>,
    at_once: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerify {
    indicator: Spanned<toml::Value>,
    periods: Spanned<i64>,
    note: Option<String>,
}

const SEVERITIES: [DeviationSeverity; 2] =
    [DeviationSeverity::Warning, DeviationSeverity::Critical];

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

struct Reader<'a, 'd> {
    doc: &'a TomlDoc<'d>,
    diags: &'a mut Vec<Diagnostic>,
    processes: &'a [Process],
    indicators: &'a [Indicator],
}

impl Reader<'_, '_> {
    fn error(&mut self, code: &str, at: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(code, at, message));
        self.last()
    }

    fn warn(&mut self, code: &str, at: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(code, at, message));
        self.last()
    }

    /// The diagnostic just pushed.
    fn last(&mut self) -> &mut Diagnostic {
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// A selector: `"*"` (any), one value, or a list of values.
    fn words(
        &mut self,
        key: &str,
        value: &Spanned<toml::Value>,
    ) -> Result<Option<Vec<String>>, ()> {
        let at = self.doc.at(value.span());
        let words: Vec<String> = match value.get_ref() {
            toml::Value::String(s) if s == "*" => return Ok(None),
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) if s == "*" => {
                            self.error(
                                "bad-selector",
                                at,
                                format!("`{key}`: write \"*\" alone for any, not inside a list"),
                            )
                            .set_text("selector-star-in-list", &[("key", key)]);
                            return Err(());
                        }
                        toml::Value::String(s) => out.push(s.clone()),
                        other => {
                            self.error(
                                "bad-selector",
                                at,
                                format!("`{key}` lists texts, found {}", other.type_str()),
                            )
                            .set_text(
                                "selector-not-texts",
                                &[("key", key), ("type", other.type_str())],
                            );
                            return Err(());
                        }
                    }
                }
                if out.is_empty() {
                    self.error(
                        "bad-selector",
                        at,
                        format!("`{key}` is an empty list; write \"*\" for any"),
                    )
                    .set_text("selector-empty", &[("key", key)]);
                    return Err(());
                }
                out
            }
            other => {
                self.error(
                    "bad-selector",
                    at,
                    format!(
                        "`{key}` is a text, a list of texts or \"*\", found {}",
                        other.type_str()
                    ),
                )
                .set_text(
                    "selector-shape",
                    &[("key", key), ("type", other.type_str())],
                );
                return Err(());
            }
        };
        Ok(Some(words))
    }

    fn processes(&mut self, value: &Spanned<toml::Value>) -> Result<Option<Vec<String>>, ()> {
        let Some(words) = self.words("process", value)? else {
            return Ok(None);
        };
        let known: Vec<String> = self.processes.iter().map(|p| p.id.clone()).collect();
        let mut ok = true;
        for w in &words {
            if !known.contains(w) {
                let suggestion = crate::filter::suggest(w, &known);
                let hint = suggestion
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                let at = self.doc.at(value.span());
                let d = self.error(
                    "unknown-process",
                    at,
                    format!("there is no process `{w}` in this package{hint}"),
                );
                match suggestion {
                    Some(s) => d.set_text(
                        "unknown-process-suggest",
                        &[("id", w.as_str()), ("suggestion", s)],
                    ),
                    None => d.set_text("unknown-process", &[("id", w)]),
                };
                ok = false;
            }
        }
        if ok { Ok(Some(words)) } else { Err(()) }
    }

    fn indicator_ids(&mut self, value: &Spanned<toml::Value>) -> Result<Option<Vec<String>>, ()> {
        let Some(words) = self.words("indicator", value)? else {
            return Ok(None);
        };
        let known: Vec<String> = self.indicators.iter().map(|i| i.id.clone()).collect();
        let mut ok = true;
        for w in &words {
            if !known.contains(w) {
                let suggestion = crate::filter::suggest(w, &known);
                let hint = suggestion
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                let at = self.doc.at(value.span());
                let d = self.error(
                    "unknown-indicator",
                    at,
                    format!("there is no indicator `{w}`{hint}"),
                );
                match suggestion {
                    Some(s) => d.set_text(
                        "unknown-indicator-suggest",
                        &[("id", w.as_str()), ("suggestion", s)],
                    ),
                    None => d.set_text("unknown-indicator", &[("id", w)]),
                };
                ok = false;
            }
        }
        if ok { Ok(Some(words)) } else { Err(()) }
    }

    fn parsed<T: for<'x> Deserialize<'x>>(
        &mut self,
        key: &str,
        value: &Spanned<toml::Value>,
        expected: &str,
    ) -> Result<Option<Vec<T>>, ()> {
        let Some(words) = self.words(key, value)? else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for w in words {
            match T::deserialize(toml::Value::String(w.clone())) {
                Ok(v) => out.push(v),
                Err(_) => {
                    self.error(
                        "bad-selector",
                        self.doc.at(value.span()),
                        format!("`{key}`: `{w}` is not one of {expected}"),
                    )
                    .set_text(
                        "selector-value",
                        &[("key", key), ("value", w.as_str()), ("expected", expected)],
                    );
                    return Err(());
                }
            }
        }
        Ok(Some(out))
    }
}

/// Reads the responsibility file of a package. Problems go to `diags`;
/// `None` when the file is not valid TOML.
pub(crate) fn read(
    file: &str,
    text: &str,
    processes: &[Process],
    indicators: &[Indicator],
    diags: &mut Vec<Diagnostic>,
) -> Option<Responsibility> {
    let doc = TomlDoc::parse(file, text, diags)?;
    doc.reject_unknown_keys(&["role", "row", "verify"], diags);
    let mut r = Reader {
        doc: &doc,
        diags,
        processes,
        indicators,
    };
    let roles = read_roles(&mut r);
    let rows = read_rows(&mut r, &roles);
    let verify = read_verify(&mut r);
    if rows.is_empty() && !r.diags.iter().any(|d| d.file == file && d.is_error()) {
        r.error(
            "missing-section",
            Location::file(file),
            "the responsibility matrix has no [[row]]: add rows naming who answers deviations",
        )
        .set_text::<&str>("matrix-no-rows", &[]);
    } else {
        check_rows(&mut r, &roles, &rows);
        check_coverage(&mut r, &rows);
    }
    check_verify(&mut r, &verify);
    Some(Responsibility {
        file: file.to_string(),
        roles,
        rows,
        verify,
    })
}

fn read_roles(r: &mut Reader) -> Vec<Role> {
    let mut out: Vec<Role> = Vec::new();
    for (at, raw) in r.doc.array::<RawRole>("role", r.diags) {
        let id = raw.id.get_ref().clone();
        let id_at = r.doc.at(raw.id.span());
        if !is_id(&id) {
            r.error(
                "bad-id",
                id_at,
                format!("`{id}` is not a valid id: use lower-case latin letters, digits, `_` or `-`, starting with a letter (names in Russian go in `name`)"),
            ).set_text("bad-id", &[("id", &id)]);
            continue;
        }
        if out.iter().any(|x| x.id == id) {
            r.error(
                "duplicate-id",
                id_at,
                format!("role `{id}` is defined twice"),
            )
            .set_text("duplicate-role", &[("id", &id)]);
            continue;
        }
        if raw.level == Level::Country {
            r.error(
                "bad-selector",
                at.clone(),
                "roles work at a level of a region's tree (unit, org, group, region); the country's deviations are reported, not routed",
            ).set_text::<&str>("role-country", &[]);
            continue;
        }
        out.push(Role {
            id,
            name: raw.name,
            name_en: raw.name_en,
            level: raw.level,
            location: at,
        });
    }
    out
}

fn read_rows(r: &mut Reader, roles: &[Role]) -> Vec<MatrixRow> {
    let mut out = Vec::new();
    for (at, raw) in r.doc.array::<RawRow>("row", r.diags) {
        let errors_before = r.diags.iter().filter(|d| d.is_error()).count();
        let processes = raw.process.as_ref().map_or(Ok(None), |v| r.processes(v));
        let indicators = raw
            .indicator
            .as_ref()
            .map_or(Ok(None), |v| r.indicator_ids(v));
        let severities = raw.severity.as_ref().map_or(Ok(None), |v| {
            r.parsed::<DeviationSeverity>("severity", v, "warning, critical")
        });
        let levels = raw.level.as_ref().map_or(Ok(None), |v| {
            match r.parsed::<Level>("level", v, "unit, org, group, region") {
                Ok(Some(l)) if l.contains(&Level::Country) => {
                    r.error(
                        "bad-selector",
                        r.doc.at(v.span()),
                        "`level`: the matrix routes the deviations of a region's tree (unit, org, group, region); the country's are reported, not routed",
                    ).set_text::<&str>("matrix-level-country", &[]);
                    Err(())
                }
                other => other,
            }
        });
        let role = raw.role.get_ref().clone();
        if !roles.iter().any(|x| x.id == role) {
            let known: Vec<String> = roles.iter().map(|x| x.id.clone()).collect();
            let suggestion = crate::filter::suggest(&role, &known);
            let hint = suggestion
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let at = r.doc.at(raw.role.span());
            let d = r.error(
                "unknown-role",
                at,
                format!("there is no role `{role}` in this file{hint}"),
            );
            match suggestion {
                Some(s) => d.set_text(
                    "unknown-role-suggest",
                    &[("id", role.as_str()), ("suggestion", s)],
                ),
                None => d.set_text("unknown-role", &[("id", &role)]),
            };
        }
        let term_days = *raw.term_days.get_ref();
        if !(1..=3650).contains(&term_days) {
            r.error(
                "bad-value",
                r.doc.at(raw.term_days.span()),
                "`term_days` is a number of calendar days from 1 to 3650",
            )
            .set_text::<&str>("matrix-term-days", &[]);
        }
        let mut escalate = Escalation::default();
        if let Some(e) = &raw.escalate {
            let e_at = r.doc.at(e.span());
            let e = e.get_ref();
            escalate.overdue = e.overdue.unwrap_or(false);
            escalate.at_once = e.at_once.unwrap_or(false);
            if let Some(n) = &e.recurrence {
                match u32::try_from(*n.get_ref()) {
                    Ok(v) if v >= 2 => escalate.recurrence = Some(v),
                    _ => {
                        r.error(
                            "bad-value",
                            r.doc.at(n.span()),
                            "`recurrence` is a number of periods, 2 or more (use `at_once` to escalate at detection)",
                        ).set_text::<&str>("matrix-recurrence", &[]);
                    }
                }
            }
            if let Some(to) = &e.to {
                if let Ok(Some(ids)) = r.words("escalate.to", to) {
                    for id in &ids {
                        if !roles.iter().any(|x| &x.id == id) {
                            r.error(
                                "unknown-role",
                                r.doc.at(to.span()),
                                format!(
                                    "`escalate.to` names role `{id}`, which is not in this file"
                                ),
                            )
                            .set_text("escalate-unknown-role", &[("id", id)]);
                        }
                    }
                    escalate.to = ids;
                }
            }
            let triggered = escalate.overdue || escalate.at_once || escalate.recurrence.is_some();
            if escalate.to.is_empty() && triggered {
                r.error(
                    "missing-field",
                    e_at,
                    "`escalate` says when but not to whom: add `to = [\"role\", ...]`",
                )
                .set_text::<&str>("escalate-no-target", &[]);
            } else if !escalate.to.is_empty() && !triggered {
                r.warn(
                    "never-escalates",
                    e_at,
                    "`escalate.to` is set but no trigger is: set `overdue`, `recurrence` or `at_once`",
                ).set_text::<&str>("never-escalates", &[]);
            }
        }
        let errors_after = r.diags.iter().filter(|d| d.is_error()).count();
        let (Ok(processes), Ok(indicators), Ok(severities), Ok(levels)) =
            (processes, indicators, severities, levels)
        else {
            continue;
        };
        if errors_after > errors_before {
            continue;
        }
        out.push(MatrixRow {
            processes,
            indicators,
            severities,
            levels,
            role,
            term_days: term_days as u32,
            term_from: raw.term_from.unwrap_or_default(),
            escalate,
            note: raw.note,
            location: at,
        });
    }
    out
}

/// The levels at which the deviations of `i` are routed: those of a
/// region's tree (the country's are reported, not routed).
fn routed(i: &Indicator) -> impl Iterator<Item = Level> + '_ {
    i.levels.iter().copied().filter(|l| *l != Level::Country)
}

/// The indicators a row can match, and the levels at which.
fn reach<'i>(row: &MatrixRow, indicators: &'i [Indicator]) -> Vec<(&'i Indicator, Vec<Level>)> {
    indicators
        .iter()
        .filter(|i| {
            row.indicators.as_ref().is_none_or(|v| v.contains(&i.id))
                && match (&row.processes, &i.process) {
                    (None, _) => true,
                    (Some(ps), Some(p)) => ps.contains(p),
                    (Some(_), None) => false,
                }
        })
        .map(|i| {
            let levels = routed(i)
                .filter(|l| row.levels.as_ref().is_none_or(|v| v.contains(l)))
                .collect();
            (i, levels)
        })
        .filter(|(_, levels): &(&Indicator, Vec<Level>)| !levels.is_empty())
        .collect()
}

/// Each row's role can answer every level it covers; escalation climbs.
fn check_rows(r: &mut Reader, roles: &[Role], rows: &[MatrixRow]) {
    for row in rows {
        let Some(role) = roles.iter().find(|x| x.id == row.role) else {
            continue;
        };
        let reached = reach(row, r.indicators);
        if reached.is_empty() {
            r.warn(
                "matches-nothing",
                row.location.clone(),
                "this row matches no indicator of the package at any level it is computed at",
            )
            .set_text::<&str>("matches-nothing", &[]);
            continue;
        }
        let top = reached.iter().flat_map(|(_, l)| l.iter().copied()).max();
        if let Some(top) = top {
            if top > role.level {
                r.error(
                    "role-level",
                    row.location.clone(),
                    format!(
                        "role `{}` works at {} level and cannot answer deviations of the {top} level that this row covers; narrow `level` or name a role at {top} level or above",
                        role.id, role.level
                    ),
                )
                .set_text(
                    "role-level",
                    &[
                        ("role", role.id.clone()),
                        ("role_level", role.level.to_string()),
                        ("level", top.to_string()),
                    ],
                );
            }
        }
        let mut level = role.level;
        let mut seen = vec![role.id.as_str()];
        for id in &row.escalate.to {
            let Some(next) = roles.iter().find(|x| &x.id == id) else {
                continue;
            };
            if seen.contains(&next.id.as_str()) {
                r.error(
                    "escalation-order",
                    row.location.clone(),
                    format!(
                        "the escalation ladder names role `{id}` twice (the row's role counts)"
                    ),
                )
                .set_text("escalation-twice", &[("id", id)]);
            } else if next.level < level {
                r.error(
                    "escalation-order",
                    row.location.clone(),
                    format!(
                        "the escalation ladder goes down: `{id}` works at {} level, below the {level} level of the step before",
                        next.level
                    ),
                ).set_text("escalation-down", &[("id", id.clone()), ("role_level", next.level.to_string()), ("level", level.to_string())]);
            }
            seen.push(&next.id);
            level = level.max(next.level);
        }
    }
}

/// Gaps and ambiguities over every indicator × severity × level the
/// package computes.
fn check_coverage(r: &mut Reader, rows: &[MatrixRow]) {
    let mut uncovered: BTreeMap<(Level, DeviationSeverity), Vec<usize>> = BTreeMap::new();
    let mut ambiguous: BTreeMap<(usize, usize), String> = BTreeMap::new();
    for (ii, ind) in r.indicators.iter().enumerate() {
        for level in routed(ind) {
            for severity in SEVERITIES {
                let matching: Vec<usize> = rows
                    .iter()
                    .enumerate()
                    .filter(|(_, row)| {
                        row.matches(&ind.id, ind.process.as_deref(), severity, level)
                    })
                    .map(|(i, _)| i)
                    .collect();
                let Some(top) = matching.iter().map(|&i| rows[i].specificity()).max() else {
                    uncovered.entry((level, severity)).or_default().push(ii);
                    continue;
                };
                let best: Vec<usize> = matching
                    .into_iter()
                    .filter(|&i| rows[i].specificity() == top)
                    .collect();
                for (k, &a) in best.iter().enumerate() {
                    for &b in &best[k + 1..] {
                        ambiguous
                            .entry((a, b))
                            .or_insert_with(|| format!("`{}`, {severity}, {level}", ind.id));
                    }
                }
            }
        }
    }
    for ((a, b), example) in ambiguous {
        r.error(
            "matrix-ambiguous",
            rows[b].location.clone(),
            format!(
                "this row and the row at line {} are equally specific and both cover {example}; make one of them more specific or merge them",
                rows[a].location.line
            ),
        )
        .set_text(
            "matrix-ambiguous",
            &[
                ("line", rows[a].location.line.to_string()),
                ("example", example.clone()),
            ],
        );
    }
    let indicators = r.indicators;
    for ((level, severity), missing) in uncovered {
        let at_level: Vec<usize> = (0..indicators.len())
            .filter(|&i| indicators[i].levels.contains(&level))
            .collect();
        if missing.len() == at_level.len() {
            r.error(
                "matrix-gap",
                indicators[missing[0]].location.clone(),
                format!(
                    "no row of the responsibility matrix covers {severity} deviations at {level} level (any process); add a row with severity = \"{severity}\" and level = \"{level}\""
                ),
            )
            .set_text(
                "matrix-gap-level",
                &[("severity", severity.to_string()), ("level", level.to_string())],
            );
            continue;
        }
        let mut by_process: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
        for &i in &missing {
            by_process
                .entry(indicators[i].process.as_deref())
                .or_default()
                .push(i);
        }
        for (process, group) in by_process {
            let whole = at_level
                .iter()
                .filter(|&&i| indicators[i].process.as_deref() == process)
                .count()
                == group.len();
            let ids: Vec<String> = group
                .iter()
                .map(|&i| format!("`{}`", indicators[i].id))
                .collect();
            let ids = ids.join(", ");
            // What is uncovered: a whole process, every cross-cutting
            // indicator, or some indicators of either.
            let (what, scope) = match (process, whole) {
                (Some(p), true) => (format!("process `{p}`"), "process"),
                (None, true) => ("the cross-cutting indicators".to_string(), "cross-cutting"),
                (Some(p), false) => (format!("indicator(s) {ids} of process `{p}`"), "indicators"),
                (None, false) => (
                    format!("cross-cutting indicator(s) {ids}"),
                    "cross-cutting-indicators",
                ),
            };
            r.error(
                "matrix-gap",
                indicators[group[0]].location.clone(),
                format!(
                    "no row of the responsibility matrix covers {what} at severity {severity}, level {level}"
                ),
            )
            .set_text(
                "matrix-gap",
                &[
                    ("scope", scope.to_string()),
                    ("process", process.unwrap_or_default().to_string()),
                    ("indicators", ids),
                    ("severity", severity.to_string()),
                    ("level", level.to_string()),
                ],
            );
        }
    }
}

fn read_verify(r: &mut Reader) -> Vec<VerifyRule> {
    let mut out = Vec::new();
    for (at, raw) in r.doc.array::<RawVerify>("verify", r.diags) {
        let indicators = r.indicator_ids(&raw.indicator);
        let periods = match u32::try_from(*raw.periods.get_ref()) {
            Ok(p) if (1..=24).contains(&p) => Some(p),
            _ => {
                r.error(
                    "bad-value",
                    r.doc.at(raw.periods.span()),
                    "`periods` is the number of evaluated periods back inside the band, from 1 to 24",
                ).set_text::<&str>("verify-periods", &[]);
                None
            }
        };
        if let (Ok(indicators), Some(periods)) = (indicators, periods) {
            out.push(VerifyRule {
                indicators,
                periods,
                note: raw.note,
                location: at,
            });
        }
    }
    out
}

/// Every indicator has exactly one most specific verification rule.
fn check_verify(r: &mut Reader, rules: &[VerifyRule]) {
    let mut missing = Vec::new();
    let mut reported = BTreeSet::new();
    for ind in r.indicators {
        let matching: Vec<usize> = (0..rules.len())
            .filter(|&i| {
                rules[i]
                    .indicators
                    .as_ref()
                    .is_none_or(|v| v.contains(&ind.id))
            })
            .collect();
        let Some(top) = matching
            .iter()
            .map(|&i| rules[i].indicators.is_some())
            .max()
        else {
            missing.push(ind);
            continue;
        };
        let best: Vec<usize> = matching
            .into_iter()
            .filter(|&i| rules[i].indicators.is_some() == top)
            .collect();
        if best.len() > 1 && reported.insert((best[0], best[1])) {
            r.error(
                "verify-ambiguous",
                rules[best[1]].location.clone(),
                format!(
                    "this rule and the one at line {} both say how `{}` is verified; keep one",
                    rules[best[0]].location.line, ind.id
                ),
            )
            .set_text(
                "verify-ambiguous",
                &[
                    ("line", rules[best[0]].location.line.to_string()),
                    ("indicator", ind.id.clone()),
                ],
            );
        }
    }
    if let Some(first) = missing.first() {
        let ids: Vec<String> = missing
            .iter()
            .take(8)
            .map(|i| format!("`{}`", i.id))
            .collect();
        let more = if missing.len() > 8 {
            format!(" and {} more", missing.len() - 8)
        } else {
            String::new()
        };
        let ids = ids.join(", ");
        let d = r.error(
            "verify-gap",
            first.location.clone(),
            format!(
                "no [[verify]] rule of the responsibility file says how a correction of {ids}{more} is verified; add one (`indicator = \"*\"` covers every indicator)"
            ),
        );
        let more = missing.len().saturating_sub(8).to_string();
        d.set_text("verify-gap", &[("indicators", ids), ("more", more)]);
    }
}
