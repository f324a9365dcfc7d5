//! `etalon rules diff`: what a new edition of a package changes on the same
//! data, before it is adopted.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use etalon::diff::{Movement, RulesDiff, Side, compare};
use etalon::report::Lang;
use etalon::{EvaluationOptions, Period};

use super::report::scores;
use super::{CliError, emit};

/// How the comparison is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Plain text for a terminal.
    Table,
    /// For tools.
    Json,
    /// One HTML page a board can read.
    Html,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The package in force (a folder)
    pub old: PathBuf,
    /// The new edition (a folder)
    pub new: PathBuf,
    /// Data folder both are evaluated on (with a nok_facts file, the НОК is compared too)
    #[arg(long)]
    pub data: PathBuf,
    /// The period: 2026, 2026-H2, 2026-Q3 or 2026-07
    #[arg(long)]
    pub period: Period,
    /// table, json or html
    #[arg(long, value_enum, default_value = "table")]
    pub format: DiffFormat,
    /// Write to this file instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &DiffArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let old = super::methodology(Some(&args.old))?;
    let new = super::methodology(Some(&args.new))?;
    let data = etalon::io::load_dataset(&args.data)?;
    let options = EvaluationOptions::new(args.period);
    let old_e = old.evaluate_with(&data, &options)?;
    let new_e = new.evaluate_with(&data, &options)?;
    let (old_nok, old_kpi) = scores(&old, &args.data, &data, &old_e, None)?;
    let (new_nok, new_kpi) = scores(&new, &args.data, &data, &new_e, None)?;
    let diff = compare(
        &Side {
            methodology: &old,
            evaluation: &old_e,
            nok: old_nok.as_ref(),
            kpi: old_kpi.as_ref(),
        },
        &Side {
            methodology: &new,
            evaluation: &new_e,
            nok: new_nok.as_ref(),
            kpi: new_kpi.as_ref(),
        },
        data.tree(),
    );
    let text = match args.format {
        DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&diff).unwrap_or_default();
            s.push('\n');
            s
        }
        DiffFormat::Html => etalon::diff::html::render(&diff, &old, &new, lang),
        DiffFormat::Table => table(&diff),
    };
    emit(args.out.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn severity(s: Option<etalon::methodology::DeviationSeverity>) -> String {
    s.map_or("—".to_string(), |s| format!("{s:?}").to_lowercase())
}

fn number(v: Option<rust_decimal::Decimal>) -> String {
    v.map_or("—".to_string(), |v| v.normalize().to_string())
}

/// The comparison as plain text: the package's changes, then what they do.
fn table(d: &RulesDiff) -> String {
    let mut s = String::new();
    let (appear, disappear, change) = d.counts();
    let _ = writeln!(
        s,
        "{} {} ({}) -> {} {} ({}), period {}",
        d.old.id, d.old.version, d.old.edition, d.new.id, d.new.version, d.new.edition, d.period
    );
    let _ = writeln!(
        s,
        "{} package changes; deviations: {appear} appear, {disappear} disappear, {change} change; {} values, {} НОК and {} KPI scores change",
        d.structure.len(),
        d.values.len(),
        d.nok.len(),
        d.kpi.len()
    );
    if !d.structure.is_empty() {
        let _ = writeln!(s, "\nPackage changes:");
        for c in &d.structure {
            let _ = writeln!(s, "  {} {:?} {}", c.kind, c.change, c.id);
            if !c.old.is_empty() {
                let _ = writeln!(s, "    was:  {}", c.old);
            }
            if !c.new.is_empty() {
                let _ = writeln!(s, "    now:  {}", c.new);
            }
        }
    }
    if !d.deviations.is_empty() {
        let _ = writeln!(s, "\nDeviations:");
        for x in &d.deviations {
            let movement = match x.movement {
                Movement::Appears => "appears",
                Movement::Disappears => "disappears",
                Movement::Changes => "changes",
            };
            let _ = write!(
                s,
                "  {movement:<10} {} {} [{}] {} -> {}",
                x.entity,
                x.indicator,
                x.rule,
                severity(x.old_severity),
                severity(x.new_severity)
            );
            if x.old_owner != x.new_owner {
                let _ = write!(
                    s,
                    "; owner {} -> {}",
                    x.old_owner.as_deref().unwrap_or("—"),
                    x.new_owner.as_deref().unwrap_or("—")
                );
            }
            s.push('\n');
        }
    }
    if !d.values.is_empty() {
        let _ = writeln!(s, "\nValues:");
        for v in &d.values {
            let _ = writeln!(
                s,
                "  {} {}: {} -> {} ({} -> {})",
                v.entity,
                v.indicator,
                number(v.old_value),
                number(v.new_value),
                v.old_judgement
                    .map_or("—".to_string(), |j| format!("{j:?}").to_lowercase()),
                v.new_judgement
                    .map_or("—".to_string(), |j| format!("{j:?}").to_lowercase()),
            );
        }
    }
    for (title, scores) in [("НОК", &d.nok), ("KPI", &d.kpi)] {
        if scores.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{title}:");
        for c in scores {
            let rank = |r: Option<u32>| r.map_or("—".to_string(), |r| r.to_string());
            let _ = writeln!(
                s,
                "  {}: {} -> {}, rank {} -> {}",
                c.entity,
                number(c.old),
                number(c.new),
                rank(c.old_rank),
                rank(c.new_rank)
            );
        }
    }
    s
}
