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
use super::{CliError, Format, Words, emit, methodology, say};

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
    let (mut evaluation, _) = m.roll_up(&country, &args.name, &totals)?;
    // The JSON's reasons in the catalogue's English, as every face gives them.
    etalon::explain::english_reasons(&m, &mut evaluation);
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

/// The country for people, in `lang`: its regions, its indicators with
/// their judgements, its deviations and, when asked, the НОК.
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
        "{}",
        say(
            lang,
            "cli-country-heading",
            &[
                ("name", name.to_string()),
                ("id", country.region.to_string()),
                ("period", country.period.to_string()),
                ("package", info.id.to_string()),
                ("version", info.version.to_string()),
                ("edition", info.edition.to_string()),
            ],
        )
    );
    let _ = writeln!(
        s,
        "\n{}",
        say(
            lang,
            "cli-country-regions",
            &[("count", regions.len().to_string())]
        )
    );
    // Columns as wide as their words in the language, never narrower than
    // the English ones.
    let (region, values) = (
        say(lang, "cli-column-region", &[]),
        say(lang, "cli-column-values", &[]),
    );
    let region_w = region.chars().count().max(8);
    let values_w = values.chars().count().max(6);
    let _ = writeln!(
        s,
        "  {region:<region_w$} {values:>values_w$}  {}",
        say(lang, "cli-column-deviations-by-severity", &[])
    );
    for e in regions {
        let (w, c) = e
            .summary
            .deviations
            .values()
            .fold((0, 0), |(w, c), d| (w + d.warning, c + d.critical));
        let _ = writeln!(
            s,
            "  {:<region_w$} {:>values_w$}  {w} / {c}",
            e.region, e.summary.values
        );
    }
    let _ = writeln!(s, "\n{}", say(lang, "cli-country-indicators", &[]));
    let base = say(lang, "cli-country-base", &[]);
    for v in &country.values {
        let decimals = m.indicator(&v.indicator).map_or(2, |i| i.decimals);
        let value = v.value.map_or("—".to_string(), |x| {
            etalon::rounding::for_display(x, decimals).to_string()
        });
        let judgement = match v.judgement {
            Judgement::Normal => "normal",
            Judgement::Warning => "warning",
            Judgement::Critical => "critical",
            Judgement::InsufficientBase => "small_base",
            Judgement::NoReference => "no_reference",
            Judgement::Undefined => "no_value",
        };
        let _ = writeln!(
            s,
            "  {:<32} {:>10}  {base} {:>9}  {}",
            v.indicator,
            value,
            v.base.map_or("—".to_string(), |b| b.to_string()),
            say(
                lang,
                "cli-country-judgement",
                &[("judgement", judgement.to_string())]
            ),
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        say(
            lang,
            "cli-country-deviations",
            &[("count", country.deviations.len().to_string())]
        )
    );
    for d in &country.deviations {
        let reason = etalon::explain::reason(m, d, lang);
        let _ = writeln!(
            s,
            "  {} {:<32} {reason}",
            say(
                lang,
                "cli-severity",
                &[("severity", d.severity.to_string())]
            ),
            d.indicator,
        );
    }
    if let Some(n) = nok {
        let show = |v| n.rounding.show(v);
        let _ = writeln!(
            s,
            "\n{}",
            say(
                lang,
                "cli-country-nok",
                &[
                    ("period", n.period.to_string()),
                    ("total", show(n.country.total)),
                    ("count", n.country.organisations.to_string()),
                ],
            )
        );
        for r in &n.regions {
            let _ = writeln!(
                s,
                "  {:>4}  {:<8} {:>8}  ({})",
                r.rank.map_or("—".to_string(), |x| x.to_string()),
                r.id,
                show(r.total),
                say(
                    lang,
                    "cli-nok-orgs",
                    &[("count", r.organisations.to_string())]
                )
            );
        }
    }
    s
}
