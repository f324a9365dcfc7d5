//! `etalon report --data <DIR> --period 2026-Q3 [--level org --entity ID] [--lang en] [--format xlsx]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use etalon::journal::{JournalState, closed_on_time_by_org};
use etalon::kpi::{JournalSource, KpiRequest};
use etalon::report::{Lang, Report, ReportOptions};
use etalon::scoring::KpiScores;
use etalon::{Dataset, Evaluation, EvaluationOptions, Level, Methodology, Period};
use etalon::{NokOptions, NokScores, PeriodKind};

use super::output::Progress;
use super::{CliError, emit};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Data folder: units.csv and the table files (with a nok_facts file,
    /// the НОК of the period's year is reported too).
    #[arg(long)]
    data: PathBuf,
    /// The period: 2026, 2026-H2, 2026-Q3 or 2026-07.
    #[arg(long)]
    period: Period,
    /// The level the report starts from: region, group, org or unit.
    #[arg(long, default_value = "region")]
    level: Level,
    /// One entity of that level (its id); every entity of the level when
    /// not given.
    #[arg(long)]
    entity: Option<String>,
    /// The lowest level shown: unit (every level), org, group or region.
    #[arg(long, default_value = "unit")]
    depth: Level,
    /// A deviation journal (JSON Lines): its open and overdue deviations
    /// by owner are added to the summary.
    #[arg(long)]
    journal: Option<PathBuf>,
    /// The day response terms are counted to (with --journal); today when
    /// not given.
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// HTML (one self-contained file) or a spreadsheet.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// The file to write; `report.html` or `report.xlsx` when not given.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Worker threads (0: every core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    #[command(flatten)]
    limits: super::limits::HostLimits,
}

/// What a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One HTML file with charts, readable in any browser and printable.
    Html,
    /// An Excel workbook: a sheet per level, deviations, reference values.
    Xlsx,
}

impl ReportFormat {
    fn default_file(self) -> &'static str {
        match self {
            ReportFormat::Html => "report.html",
            ReportFormat::Xlsx => "report.xlsx",
        }
    }
}

pub fn run(args: &ReportArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let run = args.limits.start()?;
    let progress = Progress::new(lang);
    progress.say("cli-progress-compiling", &[]);
    let m = run.methodology(args.rules.as_ref())?;
    progress.say(
        "cli-progress-reading",
        &[("path", args.data.display().to_string())],
    );
    let data = etalon::io::load_dataset(&args.data)?;
    run.check()?;
    progress.say(
        "cli-progress-evaluating-records",
        &[("count", data.total_records().to_string())],
    );
    let evaluation = m.evaluate_with(
        &data,
        &run.evaluation(EvaluationOptions::new(args.period).with_threads(args.threads)),
    )?;
    progress.say("cli-progress-writing-report", &[]);
    let options = ReportOptions {
        level: args.level,
        entity: args.entity.clone(),
        depth: args.depth,
        lang,
        ..ReportOptions::default()
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(args.format.default_file()));
    let journal = match &args.journal {
        Some(path) => {
            let decoded = etalon::io::read_journal(path)?;
            if let Some(torn) = decoded.torn {
                super::journal::warn(
                    lang,
                    "cli-journal-torn-left-out",
                    &[
                        ("path", path.display().to_string()),
                        ("bytes", torn.len.to_string()),
                    ],
                );
            }
            let as_of = args.as_of.unwrap_or_else(|| {
                chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
            });
            Some((JournalState::replay(&decoded.events), as_of))
        }
        None => None,
    };
    progress.say("cli-progress-scoring", &[]);
    let journal = journal.as_ref().map(|(s, d)| (s, *d));
    let (nok, kpi) = scores(&m, &args.data, &data, &evaluation, journal)?;
    let extras = Extras {
        journal,
        nok: nok.as_ref(),
        kpi: kpi.as_ref(),
    };
    run.check()?;
    let bytes = write_report(&m, &data, &evaluation, &options, &extras, args.format, &out)?;
    progress.done();
    emit(
        None,
        &format!("Report written to {} ({})\n", out.display(), size(bytes)),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The НОК of the year of the evaluated period, when the package has a
/// scheme and the data folder the facts that go with its questionnaires;
/// the KPI points of the period, when the package has a scheme (from the
/// evaluation, the НОК and the journal's on-time shares where given).
pub(crate) fn scores(
    m: &Methodology,
    dir: &Path,
    data: &Dataset,
    evaluation: &Evaluation,
    journal: Option<(&JournalState, NaiveDate)>,
) -> Result<(Option<NokScores>, Option<KpiScores>), CliError> {
    let year = Period::new(PeriodKind::Year, evaluation.period.year(), 1);
    let nok = match (m.nok(), year, etalon::io::nok_facts_file(dir)) {
        (Some(_), Some(year), Some(facts)) => Some(super::score::nok_scores(
            m,
            dir,
            Some(data),
            Some(&facts),
            &NokOptions::for_period(year),
        )?),
        _ => None,
    };
    let kpi = match m.kpi() {
        Some(_) => {
            // The journal's terms are counted to the report's day, not
            // the period's end: its shares are given as taken.
            let journal = journal
                .map(|(state, as_of)| JournalSource::Shares(closed_on_time_by_org(state, as_of)));
            Some(etalon::kpi::score_kpi(
                m,
                KpiRequest {
                    data,
                    period: evaluation.period,
                    evaluation: Some(evaluation),
                    nok: nok.as_ref(),
                    journal,
                    plans: None,
                },
            )?)
        }
        None => None,
    };
    Ok((nok, kpi))
}

/// What a report shows besides the evaluation.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Extras<'a> {
    /// A journal and the day its terms are counted to.
    pub journal: Option<(&'a JournalState, NaiveDate)>,
    /// The НОК.
    pub nok: Option<&'a NokScores>,
    /// KPI points.
    pub kpi: Option<&'a KpiScores>,
}

/// Writes the report of `evaluation` to `out`; returns its size in bytes.
pub(crate) fn write_report(
    m: &Methodology,
    data: &Dataset,
    evaluation: &Evaluation,
    options: &ReportOptions,
    extras: &Extras<'_>,
    format: ReportFormat,
    out: &Path,
) -> Result<usize, CliError> {
    let mut report = Report::build(m, data.tree(), evaluation, options)?;
    if let Some((state, as_of)) = extras.journal {
        report = report.with_journal(state, as_of);
    }
    if let Some(nok) = extras.nok {
        report = report.with_nok(nok);
    }
    if let Some(kpi) = extras.kpi {
        report = report.with_kpi(kpi);
    }
    let bytes = match format {
        ReportFormat::Html => etalon::report::html::render(&report).into_bytes(),
        ReportFormat::Xlsx => etalon::report::xlsx::render(&report)?,
    };
    super::write_out(out, &bytes)?;
    Ok(bytes.len())
}

/// A file size for people.
pub(crate) fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
