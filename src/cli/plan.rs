//! `etalon plan status`: where every measure of an improvement plan stands
//! on a date, and whether its result indicators reached their targets.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use etalon::report::Lang;
use etalon::scoring::{
    MeasureStatus, NokOptions, OrgPlanStatus, Plan, PlanOrg, PlanStatus, ResultCheck, ResultValues,
};
use etalon::{EvaluationOptions, Period, PeriodKind};

use super::score::nok_scores;
use super::{CliError, Format, emit, methodology, say};

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// The status of every measure of every organisation on a date.
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The plan (TOML).
    #[arg(long)]
    plan: PathBuf,
    /// The executions of its measures (CSV or JSON: measure,org_id,done_on,period,note).
    #[arg(long)]
    executions: Option<PathBuf>,
    /// Data folder: its units.csv says which organisations the plan applies to.
    #[arg(long)]
    data: PathBuf,
    /// The date of the status (2018-10-15 or 15.10.2018).
    #[arg(long, value_parser = parse_date)]
    on: NaiveDate,
    /// Check the result indicators in the evaluation of this later period.
    #[arg(long)]
    period: Option<Period>,
    /// ... against the values of this earlier period (for "increase" targets).
    #[arg(long, requires = "period")]
    baseline: Option<Period>,
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Table for people, JSON for tools.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| format!("`{s}` is not a date such as 2018-10-15"))
}

pub fn run(command: &PlanCommand, lang: Lang) -> Result<ExitCode, CliError> {
    match command {
        PlanCommand::Status(args) => status(args, lang),
    }
}

fn status(args: &StatusArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let plan = etalon::io::read_plan(&args.plan)?;
    let executions = match &args.executions {
        Some(p) => etalon::io::read_executions(p)?,
        None => Vec::new(),
    };
    let tree = etalon::io::read_tree(&args.data)?;
    let orgs = PlanOrg::from_tree(&tree);
    let status = plan.status(&orgs, &executions, args.on)?;
    let mut results = Vec::new();
    if let Some(later) = args.period {
        let m = methodology(args.rules.as_ref())?;
        let problems = plan.check(&m);
        if problems.has_errors() {
            return Err(CliError::PlanProblems {
                path: args.plan.clone(),
                problems,
            });
        }
        let data = etalon::io::load_dataset(&args.data)?;
        let facts = etalon::io::nok_facts_file(&args.data);
        let values =
            |p: Period| -> Result<(etalon::Evaluation, Option<etalon::NokScores>), CliError> {
                let e = m.evaluate_with(&data, &EvaluationOptions::new(p).with_history(0))?;
                let nok = match (&facts, Period::new(PeriodKind::Year, p.year(), 1)) {
                    (Some(f), Some(year)) => Some(nok_scores(
                        &m,
                        &args.data,
                        Some(&data),
                        Some(f),
                        &NokOptions::for_period(year),
                    )?),
                    _ => None,
                };
                Ok((e, nok))
            };
        let (e, n) = values(later)?;
        let base = args.baseline.map(values).transpose()?;
        let later_values = ResultValues {
            evaluation: Some(&e),
            nok: n.as_ref(),
        };
        let base_values = base.as_ref().map(|(e, n)| ResultValues {
            evaluation: Some(e),
            nok: n.as_ref(),
        });
        results = plan.results(&orgs, &later_values, base_values.as_ref());
    }
    let text = match args.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({
                "status": status,
                "results": results,
            }))
            .unwrap_or_default()
        ),
        Format::Table => render(&plan, &status, &results, lang),
    };
    emit(args.out.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The plan's status for people, in `lang`: the share of due dates met, a
/// line per organisation with its missed measures, and the result
/// indicators when asked for.
fn render(plan: &Plan, status: &PlanStatus, results: &[ResultCheck], lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        say(
            lang,
            "cli-plan-heading",
            &[("plan", plan.name.clone()), ("on", status.on.to_string())],
        )
    );
    let _ = writeln!(
        s,
        "{}\n",
        say(
            lang,
            "cli-plan-summary",
            &[
                ("on_time", status.on_time.to_string()),
                ("due", status.due.to_string()),
                ("share", share(status.share_on_time)),
            ],
        )
    );
    for o in &status.orgs {
        let _ = writeln!(
            s,
            "{}  {}",
            plan_line(o, lang),
            o.name.as_deref().unwrap_or("")
        );
        for m in &o.measures {
            let word = match m.status {
                MeasureStatus::Overdue => say(lang, "cli-plan-overdue", &[]),
                MeasureStatus::Late => say(lang, "cli-plan-late", &[]),
                _ => continue,
            };
            let missed: Vec<String> = m
                .instances
                .iter()
                .filter(|i| i.status == m.status)
                .map(|i| match i.done_on {
                    Some(d) => say(
                        lang,
                        "cli-plan-due-done",
                        &[("due", i.due.to_string()), ("done", d.to_string())],
                    ),
                    None => say(lang, "cli-plan-due", &[("due", i.due.to_string())]),
                })
                .collect();
            let name = plan.measure(m.number).map_or("", |x| x.name.as_str());
            let short: String = name.chars().take(70).collect();
            let _ = writeln!(
                s,
                "    {:>2} {:<8} {}: {}…",
                m.number,
                word,
                missed.join("; "),
                short
            );
        }
    }
    if !results.is_empty() {
        let _ = writeln!(s, "\n{}", say(lang, "cli-plan-results", &[]));
        let (baseline, target) = (
            say(lang, "cli-plan-baseline", &[]),
            say(lang, "cli-plan-target", &[]),
        );
        let number = |v: Option<rust_decimal::Decimal>| {
            v.map_or("—".to_string(), |v| {
                etalon::rounding::for_display(v, 2).to_string()
            })
        };
        for r in results {
            let reached = say(
                lang,
                "cli-plan-reached",
                &[(
                    "reached",
                    match r.reached {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "none",
                    }
                    .to_string(),
                )],
            );
            let _ = writeln!(
                s,
                "  {:>2} {:<8} {:<36} {:>8} ({baseline} {:>8}) {target} {:<22} {reached}",
                r.measure,
                r.org,
                r.indicator,
                number(r.value),
                number(r.baseline),
                etalon::catalogue::plan_target(lang, r),
            );
        }
    }
    s
}

/// A share of due dates met, as a percentage, or a dash without any.
fn share(v: Option<rust_decimal::Decimal>) -> String {
    v.map_or("—".to_string(), |v| {
        format!("{} %", etalon::rounding::for_display(v, 1))
    })
}

/// An organisation's line of a plan's status, in `lang`.
fn plan_line(o: &OrgPlanStatus, lang: Lang) -> String {
    let overdue = if o.overdue.is_empty() {
        say(lang, "cli-plan-none", &[])
    } else {
        o.overdue
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{:<8} {}",
        o.org,
        say(
            lang,
            "cli-plan-org",
            &[
                ("on_time", format!("{:>3}", o.on_time)),
                ("due", format!("{:>3}", o.due)),
                ("share", share(o.share_on_time)),
                ("overdue", overdue),
            ],
        )
    )
}
