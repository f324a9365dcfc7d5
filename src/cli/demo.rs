//! `etalon demo`: generate a region, evaluate its last quarter, and show
//! what a quality officer would see.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, ValueEnum};
use etalon::generate::{Expected, Region, RegionSpec, generate};
use etalon::{DeviationRule, Evaluation, EvaluationOptions, Level};

use etalon::report::{Lang, ReportOptions};

use super::output::{Progress, render_evaluation};
use super::report::{Extras, ReportFormat, size, write_report};
use super::{CliError, Words, emit, emit_with, say};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How big a region.
    #[arg(long, value_enum, default_value_t = Scale::Region)]
    scale: Scale,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Also write the generated data (CSV) and the evaluation (JSON) here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Where to write the HTML report of the region: `report.html` in the
    /// --out folder, or `etalon-demo.html` in the current one.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Do not write the HTML report.
    #[arg(long)]
    no_report: bool,
}

/// Arguments of `etalon generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How big a region.
    #[arg(long, value_enum, default_value_t = Scale::Sample)]
    scale: Scale,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// About this many records in all (scales the region's volumes; the
    /// tree keeps its shape).
    #[arg(long, conflicts_with = "scale")]
    records: Option<usize>,
    /// The folder to write units.csv and the table files to.
    #[arg(long)]
    out: PathBuf,
    /// The format of the table files: CSV, or Parquet (units.parquet and
    /// one .parquet per table; the НОК facts stay nok_facts.csv).
    #[arg(long, value_enum, default_value_t = DataFormat::Csv)]
    format: DataFormat,
    /// Write the region under this id, every id in it prefixed with `ID-`
    /// (several regions of one country; give each its own seed).
    #[arg(long)]
    region: Option<String>,
    /// The region's name (with --region).
    #[arg(long, requires = "region")]
    region_name: Option<String>,
}

/// The format `etalon generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DataFormat {
    /// One CSV file per table.
    Csv,
    /// One Parquet file per table, each column typed.
    Parquet,
}

/// `etalon generate`: write a demo region as CSV or Parquet files.
pub fn generate_to(args: &GenerateArgs) -> Result<ExitCode, CliError> {
    let spec = match args.records {
        Some(records) => RegionSpec::with_records(args.seed, records),
        None => spec(args.scale, args.seed),
    };
    let mut region = generate(&spec);
    if let Some(id) = &args.region {
        let name = args
            .region_name
            .clone()
            .unwrap_or_else(|| format!("Регион {id}"));
        region = region.renamed(id, &name);
    }
    match args.format {
        DataFormat::Csv => region.write_csv(&args.out)?,
        DataFormat::Parquet => region.write_parquet(&args.out)?,
    }
    emit(
        None,
        &format!(
            "{} records in {} units written to {}\n",
            region.records(),
            region.units.len(),
            args.out.display()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn spec(scale: Scale, seed: u64) -> RegionSpec {
    match scale {
        Scale::Region => RegionSpec::region(seed),
        Scale::Sample => RegionSpec::sample(seed),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scale {
    /// The scale of a regional system: ~1 000 units, ~2 million records.
    Region,
    /// A few institutions, a few thousand records.
    Sample,
}

pub fn run(args: &DemoArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let progress = Progress::new(lang);
    let spec = spec(args.scale, args.seed);
    let started = Instant::now();
    progress.say("cli-progress-generating", &[]);
    let region = generate(&spec);
    let m = super::methodology(None)?;
    progress.say("cli-progress-validating", &[]);
    let data = region.dataset().map_err(|e| {
        CliError::Invalid(Words::new(
            "cli-generated-invalid",
            &[("reason", e.to_string())],
        ))
    })?;
    let loaded = started.elapsed();
    progress.say("cli-progress-evaluating", &[]);
    let t = Instant::now();
    let mut evaluation = m.evaluate_with(&data, &EvaluationOptions::new(spec.last))?;
    let evaluated = t.elapsed();
    etalon::explain::english_reasons(&m, &mut evaluation);
    progress.done();

    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}\n",
        say(
            lang,
            "cli-demo-heading",
            &[
                ("region", region.name.to_string()),
                ("records", region.records().to_string()),
                ("units", region.units.len().to_string()),
                ("loaded", format!("{:.1}", loaded.as_secs_f64())),
                (
                    "evaluated",
                    format!("{:.0}", evaluated.as_secs_f64() * 1000.0)
                ),
            ],
        )
    );
    s.push_str(&render_evaluation(&m, &evaluation, None, 15, lang));
    s.push_str(&planted_report(&region, &evaluation, lang));
    let scored = super::score::demo_scores(&m, &region, &data, &evaluation, lang)?;
    s.push_str(&scored.text);
    if let Some(dir) = &args.out {
        progress.say("cli-progress-writing-data", &[]);
        region.write_csv(dir)?;
        let json = dir.join("evaluation.json");
        emit_with(Some(&json), |out| {
            evaluation.write_json(&mut *out)?;
            out.write_all(b"\n")
        })?;
    }
    let journal = args.out.as_ref().map(|dir| dir.join("journal.jsonl"));
    let walked = super::journal::demo_section(
        &m,
        &data,
        &spec.periods(),
        &evaluation,
        journal.as_deref(),
        lang,
    )?;
    s.push_str(&walked.text);
    if let (Some(dir), Some(journal)) = (&args.out, &journal) {
        let _ = writeln!(
            s,
            "\n{}",
            say(
                lang,
                "cli-demo-written",
                &[
                    ("data", dir.display().to_string()),
                    (
                        "evaluation",
                        dir.join("evaluation.json").display().to_string()
                    ),
                    ("journal", journal.display().to_string()),
                ],
            )
        );
    }
    if !args.no_report {
        let path = match (&args.report, &args.out) {
            (Some(p), _) => p.clone(),
            (None, Some(dir)) => dir.join("report.html"),
            (None, None) => PathBuf::from("etalon-demo.html"),
        };
        progress.say("cli-progress-writing-report", &[]);
        let t = Instant::now();
        let options = ReportOptions {
            lang,
            ..ReportOptions::default()
        };
        let bytes = write_report(
            &m,
            &data,
            &evaluation,
            &options,
            &Extras {
                journal: walked.state.as_ref().map(|(state, day)| (state, *day)),
                nok: scored.nok.as_ref(),
                kpi: scored.kpi.as_ref(),
            },
            ReportFormat::Html,
            &path,
        )?;
        progress.done();
        let shown = std::path::absolute(&path).unwrap_or(path);
        let _ = writeln!(
            s,
            "\n{}",
            say(
                lang,
                "cli-demo-report",
                &[
                    ("path", shown.display().to_string()),
                    ("size", size(bytes)),
                    ("seconds", format!("{:.1}", t.elapsed().as_secs_f64())),
                ],
            )
        );
    }
    emit(None, &s)?;
    Ok(ExitCode::SUCCESS)
}

/// Each planted deviation, and whether the evaluation found and escalated
/// it; each planted noise unit, and whether it was kept to watch, in
/// `lang`.
fn planted_report(region: &Region, e: &Evaluation, lang: Lang) -> String {
    let mut s = format!("\n{}\n", say(lang, "cli-demo-planted", &[]));
    let mut noise = String::new();
    for plant in &region.plants {
        for (indicator, expected) in &plant.expected {
            let holds = expected.holds(e, &plant.unit, indicator);
            if *expected == Expected::Watch {
                let chance = e
                    .deviations
                    .iter()
                    .find(|d| {
                        d.entity.level == Level::Unit
                            && d.entity.id == plant.unit
                            && d.indicator == *indicator
                            && d.rule == DeviationRule::Band
                    })
                    .and_then(|d| d.probability)
                    .map(|p| {
                        say(
                            lang,
                            "cli-demo-chance",
                            &[("percent", format!("{:.1}", p * 100.0))],
                        )
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    noise,
                    "  [{}] {} {}: {}{chance}",
                    say(
                        lang,
                        "cli-demo-watched",
                        &[("held", if holds { "yes" } else { "no" }.to_string())]
                    ),
                    plant.unit,
                    indicator,
                    say(lang, "cli-demo-plant", &[("what", plant.what.to_string())])
                );
                continue;
            }
            let what = match expected {
                Expected::Band(sev) => say(
                    lang,
                    "cli-demo-expected-band",
                    &[("severity", sev.to_string())],
                ),
                Expected::Trend(rule) => say(
                    lang,
                    "cli-demo-expected-trend",
                    &[("rule", rule.to_string())],
                ),
                Expected::NotJudged => say(lang, "cli-demo-expected-not-judged", &[]),
                Expected::Watch => String::new(),
            };
            let _ = writeln!(
                s,
                "  [{}] {} {}: {} — {what}",
                say(
                    lang,
                    "cli-demo-found",
                    &[("held", if holds { "yes" } else { "no" }.to_string())]
                ),
                plant.unit,
                indicator,
                say(lang, "cli-demo-plant", &[("what", plant.what.to_string())])
            );
        }
    }
    if !noise.is_empty() {
        let _ = writeln!(s, "\n{}", say(lang, "cli-demo-noise", &[]));
        s.push_str(&noise);
    }
    s
}
