//! `etalon country --data <REGION DIR> --data <REGION DIR> … --period 2026-Q3`:
//! the country above its regions, on one machine. Each region is evaluated
//! on its own and hands up its totals; the country's indicators are
//! computed on the sums (`Methodology::roll_up`), and with `--nok` the НОК
//! of every region is pooled into the country's (`Methodology::nok_roll_up`).
//! The Spark module of the Python binding does the same across a cluster.

use etalon::report::Lang;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use etalon::scoring::{NokRollUp, NokScores};
use etalon::{EntityRef, Evaluation, EvaluationOptions, Judgement, Level, Methodology, Period};

use super::output::Progress;
use super::score::nok_scores;
use super::{CliError, Format, Words, emit, methodology};

/// Arguments of `etalon country`.
#[derive(Debug, Args)]
pub struct CountryArgs {
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// A region's data folder (units.csv and the table files); once per region.
    #[arg(long = "data", required = true)]
    data: Vec<PathBuf>,
    /// The period: 2026, 2026-H2, 2026-Q3 or 2026-07.
    #[arg(long)]
    period: Period,
    /// The country's id.
    #[arg(long, default_value = "RU")]
    id: String,
    /// The country's name.
    #[arg(long, default_value = "Российская Федерация")]
    name: String,
    /// Also pool the НОК of this assessment year (each region's
    /// questionnaires and its nok_facts.csv).
    #[arg(long)]
    nok: Option<Period>,
    /// Table for people, JSON for tools.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Worker threads per region (0: every core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

pub fn run(args: &CountryArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let progress = Progress::new(lang);
    progress.say("cli-progress-compiling", &[]);
    let m = methodology(args.rules.as_ref())?;
    let options = EvaluationOptions::new(args.period).with_threads(args.threads);
    let nok_options = args.nok.map(etalon::scoring::NokOptions::for_period);
    let mut regions = Vec::with_capacity(args.data.len());
    let mut noks: Vec<NokScores> = Vec::new();
    let mut totals = Vec::with_capacity(args.data.len());
    for dir in &args.data {
        progress.say(
            "cli-progress-evaluating-folder",
            &[("path", dir.display().to_string())],
        );
        let data = etalon::io::load_dataset(dir)?;
        let (evaluation, mut region_totals) =
            m.evaluate_with_totals(&data, &options, Level::Region)?;
        // A region's tree has exactly one region.
        totals.push(region_totals.remove(0));
        if let Some(o) = &nok_options {
            noks.push(nok_scores(&m, dir, Some(&data), None, o)?);
        }
        regions.push(evaluation);
    }
    progress.say("cli-progress-rolling-up", &[]);
    let country = EntityRef {
        level: Level::Country,
        id: args.id.clone(),
    };
    let (evaluation, _) = m.roll_up(&country, &args.name, &totals)?;
    let nok = match nok_options {
        Some(_) => Some(m.nok_roll_up(&args.id, &args.name, &noks)?),
        None => None,
    };
    progress.done();
    let text = match args.format {
        Format::Json => {
            let regions: Vec<serde_json::Value> = regions
                .iter()
                .map(|e| serde_json::json!({ "region": e.region, "summary": e.summary }))
                .collect();
            let doc = serde_json::json!({
                "country": evaluation,
                "regions": regions,
                "nok": nok,
            });
            serde_json::to_string_pretty(&doc).map_err(|e| {
                CliError::Invalid(Words::new("cli-json-failed", &[("reason", e.to_string())]))
            })? + "\n"
        }
        Format::Table => render(&m, &args.name, &evaluation, &regions, nok.as_ref(), lang),
    };
    emit(args.out.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The country for people: its regions, its indicators with their
/// judgements, its deviations and, when asked, the НОК.
fn render(
    m: &Methodology,
    name: &str,
    country: &Evaluation,
    regions: &[Evaluation],
    nok: Option<&NokRollUp>,
    lang: Lang,
) -> String {
    let mut s = String::new();
    let info = &m.manifest().package;
    let _ = writeln!(
        s,
        "{name} ({}) — period {} — {} {} (edition {})",
        country.region, country.period, info.id, info.version, info.edition
    );
    let _ = writeln!(s, "\n{} region(s)", regions.len());
    let _ = writeln!(s, "  region   values  deviations (warning / critical)");
    for e in regions {
        let (w, c) = e
            .summary
            .deviations
            .values()
            .fold((0, 0), |(w, c), d| (w + d.warning, c + d.critical));
        let _ = writeln!(s, "  {:<8} {:>6}  {w} / {c}", e.region, e.summary.values);
    }
    let _ = writeln!(
        s,
        "\nIndicators of the country (sums of the regions' measures)"
    );
    for v in &country.values {
        let decimals = m.indicator(&v.indicator).map_or(2, |i| i.decimals);
        let value = v.value.map_or("—".to_string(), |x| {
            etalon::rounding::for_display(x, decimals).to_string()
        });
        let judgement = match v.judgement {
            Judgement::Normal => "normal",
            Judgement::Warning => "warning",
            Judgement::Critical => "CRITICAL",
            Judgement::InsufficientBase => "base too small to judge",
            Judgement::NoReference => "no country reference",
            Judgement::Undefined => "no value",
        };
        let _ = writeln!(
            s,
            "  {:<32} {:>10}  base {:>9}  {judgement}",
            v.indicator,
            value,
            v.base.map_or("—".to_string(), |b| b.to_string()),
        );
    }
    let _ = writeln!(
        s,
        "\nDeviations of the country: {}",
        country.deviations.len()
    );
    for d in &country.deviations {
        let reason = etalon::explain::reason(m, d, lang);
        let _ = writeln!(s, "  {:<8} {:<32} {reason}", d.severity, d.indicator);
    }
    if let Some(n) = nok {
        let show = |v| n.rounding.show(v);
        let _ = writeln!(
            s,
            "\nНОК {}: the country {} over {} organisation(s)",
            n.period,
            show(n.country.total),
            n.country.organisations
        );
        for r in &n.regions {
            let _ = writeln!(
                s,
                "  {:>4}  {:<8} {:>8}  ({} org.)",
                r.rank.map_or("—".to_string(), |x| x.to_string()),
                r.id,
                show(r.total),
                r.organisations
            );
        }
    }
    s
}
