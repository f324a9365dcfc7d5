//! Scripts run at check time: every indicator formula, НОК formula and
//! package function is run on probe inputs before any data is touched, so
//! that an error a script would meet at evaluation (a function that does not
//! exist, text plus a number, a division by zero, a result that is not a
//! number, an endless loop) is reported with its own file, line and rule.
//!
//! Probe inputs are what real counts can be: every input 0, every input 1
//! (equal bases), every input large, one input 0 and the others 1 (an empty
//! base), one input large and the others 1; package functions are also
//! given undefined values `()`. A share (`unit = "percent"`) must lie in
//! 0..100 when its inputs are equal or one of them is 0.

use rhai::Dynamic;
use rust_decimal::Decimal;

use super::model::{Indicator, Input, ValueUnit};
use crate::diagnostics::{Diagnostic, Location};
use crate::scoring::Scoring;
use crate::scoring::nok::Arg;
use crate::script::{FailureKind, Formula, Runtime, ScriptFailure, to_decimal};

/// A large count: more than any region holds, small enough that products
/// of a few of them stay within exact decimals.
const LARGE: i64 = 1_000_000_000;

/// One set of probe inputs and how a message names it.
struct Probe {
    values: Vec<Decimal>,
    /// How the inputs are named in a message.
    said: Said,
    /// Whether a share must lie in 0..100 on these inputs.
    share_holds: bool,
}

/// The inputs of a probe as a message names them.
enum Said {
    /// Every count at one value.
    Every(i64),
    /// One count at a value, the others at 1.
    One(String, i64),
    /// Every argument of a package function alike: `1`, `large` or
    /// `undefined` (`()`).
    Arguments(&'static str),
}

impl Said {
    /// The English words (the core's own message).
    fn en(&self) -> String {
        match self {
            Said::Every(value) => format!("every count {value}"),
            Said::One(name, value) => format!("`{name}` {value}, the other counts 1"),
            Said::Arguments("undefined") => "every argument undefined `()`".to_string(),
            Said::Arguments(what) => format!("every argument {what}"),
        }
    }

    /// The catalogue's arguments `probe` (`every`, `one`, `arguments`),
    /// `probe_name` and `probe_value`, added to a message's own.
    fn args<'a>(&self, own: &[(&'a str, String)]) -> Vec<(&'a str, String)> {
        let (probe, name, value) = match self {
            Said::Every(value) => ("every", String::new(), value.to_string()),
            Said::One(name, value) => ("one", name.clone(), value.to_string()),
            Said::Arguments(what) => ("arguments", String::new(), what.to_string()),
        };
        let mut args = vec![
            ("probe", probe.to_string()),
            ("probe_name", name),
            ("probe_value", value),
        ];
        args.extend(own.iter().cloned());
        args
    }
}

/// The probes of a formula whose inputs are `names`; `fixed[i]` is the
/// value of a parameter (never probed), `None` for a count.
fn probes(names: &[String], fixed: &[Option<Decimal>]) -> Vec<Probe> {
    let counted: Vec<usize> = (0..names.len()).filter(|&i| fixed[i].is_none()).collect();
    let with = |f: &dyn Fn(usize) -> i64| -> Vec<Decimal> {
        (0..names.len())
            .map(|i| fixed[i].unwrap_or_else(|| Decimal::from(f(i))))
            .collect()
    };
    let mut out = vec![
        Probe {
            values: with(&|_| 0),
            said: Said::Every(0),
            share_holds: true,
        },
        Probe {
            values: with(&|_| 1),
            said: Said::Every(1),
            share_holds: true,
        },
        Probe {
            values: with(&|_| LARGE),
            said: Said::Every(LARGE),
            share_holds: true,
        },
    ];
    if counted.len() > 1 {
        for &i in &counted {
            let name = &names[i];
            out.push(Probe {
                values: with(&|j| i64::from(j != i)),
                said: Said::One(name.clone(), 0),
                share_holds: true,
            });
            out.push(Probe {
                values: with(&|j| if j == i { LARGE } else { 1 }),
                said: Said::One(name.clone(), LARGE),
                share_holds: false,
            });
        }
    }
    out
}

/// What a probe run found, as a diagnostic at the failure's place.
fn failed(rule: &str, formula_at: &Location, f: ScriptFailure, said: &Said) -> Diagnostic {
    let at = match f.file {
        Some(file) => Location {
            file,
            line: f.line,
            column: f.column,
        },
        None if f.line > 0 => formula_at.within(f.line, f.column),
        None => formula_at.clone(),
    };
    let en = said.en();
    match f.kind {
        FailureKind::Limit(limit) => Diagnostic::error(
            "script-limit",
            at,
            format!("with {en}, the script exceeded its {limit} and was stopped"),
        )
        .with_text(
            "script-limit",
            &said.args(&[("limit", limit.key().to_string())]),
        ),
        FailureKind::Cancelled => Diagnostic::error(
            "deadline",
            at,
            "the check ran past this host's deadline while running the scripts",
        )
        .with_text::<&str>("deadline", &[]),
        FailureKind::Failed(message) => {
            let d = Diagnostic::error(
                "script-runtime",
                at,
                format!("with {en}, the script fails: {message}"),
            );
            match &f.text {
                // The engine's own words: their message, said within.
                Some(text) => {
                    let mut own: Vec<(&str, String)> = text
                        .args
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.clone()))
                        .collect();
                    own.push(("said", text.id.clone()));
                    d.with_text("script-runtime-said", &said.args(&own))
                }
                None => d.with_text("script-runtime", &said.args(&[("detail", message.clone())])),
            }
        }
    }
    .with_rule(rule)
}

/// Runs one formula on every probe; at most one diagnostic per place.
fn probe_formula(
    runtime: &Runtime,
    rule: &str,
    formula: &Formula,
    fixed: &[Option<Decimal>],
    at: &Location,
    percent: bool,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut found: Vec<Diagnostic> = Vec::new();
    let seen = |d: Diagnostic, found: &mut Vec<Diagnostic>| {
        if !found
            .iter()
            .any(|f| (&f.file, f.line, f.column, &f.code) == (&d.file, d.line, d.column, &d.code))
        {
            found.push(d);
        }
    };
    let mut stopped = false;
    for probe in probes(&formula.inputs, fixed) {
        let en = probe.said.en();
        let value = match runtime.eval_dynamic(formula, &probe.values) {
            Ok(v) => v,
            Err(f) => {
                stopped = f.kind == FailureKind::Cancelled;
                seen(failed(rule, at, f, &probe.said), &mut found);
                if stopped {
                    break;
                }
                continue;
            }
        };
        match to_decimal(&value) {
            Err(_) => seen(
                Diagnostic::error(
                    "not-a-number",
                    at.clone(),
                    format!(
                        "with {en}, the formula gives {} `{value}`; a formula must give a number (or `()` for an undefined value)",
                        value.type_name()
                    ),
                )
                .with_text(
                    "not-a-number",
                    &probe.said.args(&[
                        ("type", value.type_name().to_string()),
                        ("value", value.to_string()),
                    ]),
                )
                .with_rule(rule),
                &mut found,
            ),
            Ok(Some(v)) if percent && probe.share_holds && !(Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&v) => seen(
                Diagnostic::warning(
                    "share-out-of-range",
                    at.clone(),
                    format!(
                        "with {en}, this share (unit percent) is {}, outside 0..100; is the scale or the base right?",
                        v.normalize()
                    ),
                )
                .with_text(
                    "share-out-of-range",
                    &probe.said.args(&[("value", v.normalize().to_string())]),
                )
                .with_rule(rule),
                &mut found,
            ),
            Ok(_) => {}
        }
    }
    diags.extend(found);
    stopped
}

/// Probes every formula and package function of a compiled package.
pub(super) fn probe(
    runtime: &Runtime,
    indicators: &[Indicator],
    scoring: &Scoring,
    diags: &mut Vec<Diagnostic>,
) {
    // Native formulas too: they cannot fail, but a share can be out of range.
    for ind in indicators {
        let fixed: Vec<Option<Decimal>> = ind
            .inputs
            .iter()
            .map(|i| match i {
                Input::Measure(_) => None,
                Input::Param(v) => Some(*v),
            })
            .collect();
        let percent = ind.unit == ValueUnit::Percent;
        if probe_formula(
            runtime,
            &ind.id,
            &ind.compiled,
            &fixed,
            &ind.formula_location,
            percent,
            diags,
        ) {
            return;
        }
    }
    let nok_parts = scoring.nok.iter().flat_map(|scheme| {
        scheme.indicators.iter().flat_map(|ind| {
            ind.variants
                .iter()
                .flat_map(move |v| v.parts.iter().map(move |p| (ind, p)))
        })
    });
    for (ind, part) in nok_parts {
        let fixed: Vec<Option<Decimal>> = part
            .args
            .iter()
            .map(|a| match a {
                Arg::Input(_) => None,
                Arg::Param(v) => Some(*v),
            })
            .collect();
        if probe_formula(
            runtime,
            &ind.id,
            &part.compiled,
            &fixed,
            &part.location,
            false,
            diags,
        ) {
            return;
        }
    }
    for (name, at, arity) in runtime.functions() {
        let sets: [(Dynamic, Said); 4] = [
            (Dynamic::from_int(0), Said::Arguments("0")),
            (Dynamic::from_int(1), Said::Arguments("1")),
            (Dynamic::from_int(LARGE), Said::Arguments("large")),
            (Dynamic::UNIT, Said::Arguments("undefined")),
        ];
        let mut found: Vec<Diagnostic> = Vec::new();
        for (arg, said) in sets {
            let Err(mut f) = runtime.call(&name, vec![arg; arity]) else {
                continue;
            };
            if f.file.is_none() {
                f.file = Some(at.file.clone());
                if f.line == 0 {
                    f.line = at.line;
                }
            }
            let stop = f.kind == FailureKind::Cancelled;
            let d = failed(&name, &at, f, &said);
            if !found
                .iter()
                .any(|x| (&x.file, x.line, x.column) == (&d.file, d.line, d.column))
            {
                found.push(d);
            }
            if stop {
                diags.extend(found);
                return;
            }
        }
        diags.extend(found);
    }
}
