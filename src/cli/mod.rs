//! Command-line interface. Each command lives in its own file; errors come
//! back here and are printed as one line, never as a panic.

mod check;
mod country;
mod demo;
mod diff;
mod doc;
mod evaluate;
mod journal;
mod limits;
mod measures;
mod output;
mod plan;
mod report;
mod rules_test;
mod score;
mod words;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use etalon::report::Lang;
use etalon::{Diagnostics, EvaluationError, Methodology, io::LoadError};
pub(crate) use words::{Words, say};

/// Quality management of social services: rule packages, indicators,
/// deviations.
#[derive(Debug, Parser)]
#[command(name = "etalon", version, about, long_about = None)]
pub struct Cli {
    /// Language of what people read (diagnostics, errors, reports,
    /// documents): ru or en. Default: the locale of LC_ALL, LC_MESSAGES
    /// or LANG, then Russian.
    #[arg(long, global = true)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// The language asked for, or the locale's.
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_locale)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work with rule packages.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Evaluate a period: indicators at every level, deviations.
    Evaluate(evaluate::EvaluateArgs),
    /// Print the measures (the counts indicators are computed from).
    Measures(measures::MeasuresArgs),
    /// The country above its regions: each region's data folder evaluated,
    /// the country's indicators on the sums of their measures, the НОК pooled.
    Country(country::CountryArgs),
    /// Write a report people read: one HTML file with charts, or a spreadsheet.
    Report(report::ReportArgs),
    /// Generate a demo region, evaluate it and print what was found.
    Demo(demo::DemoArgs),
    /// Write a generated demo region as CSV files.
    Generate(demo::GenerateArgs),
    /// Scores: the independent assessment (НОК) and KPI points of managers.
    Score {
        #[command(subcommand)]
        command: score::ScoreCommand,
    },
    /// Improvement plans: status of the measures, result indicators.
    Plan {
        #[command(subcommand)]
        command: plan::PlanCommand,
    },
    /// The deviation journal: apply evaluations, record what people did,
    /// show, merge and verify.
    Journal {
        #[command(subcommand)]
        command: journal::JournalCommand,
    },
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Check a package and print every problem with its file and line.
    Check(check::CheckArgs),
    /// Run the test cases a package carries; print a diff of what failed.
    Test(rules_test::TestArgs),
    /// Impact before adoption: evaluate two editions on the same data and
    /// list what moves (deviations, values, НОК, KPI) and the rule changes
    /// that explain it.
    Diff(diff::DiffArgs),
    /// The package as a document (HTML or Markdown): processes, measures,
    /// indicators, reference bands with sources, trend rules, the matrix,
    /// the НОК and KPI schemes.
    Doc(doc::DocArgs),
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Table,
    /// For tools.
    Json,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Evaluation(#[from] EvaluationError),
    #[error(transparent)]
    Folder(#[from] etalon::folder::FolderError),
    #[error(transparent)]
    Envelope(#[from] etalon::Envelope),
    #[error(transparent)]
    Report(#[from] etalon::report::ReportError),
    #[error("the rule package has errors:\n{0}")]
    Rules(Diagnostics),
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Words),
    /// A plan that does not pass its checks against the package.
    #[error("{}: {problems}", .path.display())]
    PlanProblems {
        path: PathBuf,
        problems: Diagnostics,
    },
    /// A limit refused, named as its flag is spelt.
    #[error("{}", .error.named(.flag))]
    Limits {
        flag: String,
        error: etalon::limits::LimitsError,
    },
    #[error(transparent)]
    ScoringFile(#[from] etalon::io::ScoringFileError),
    #[error(transparent)]
    Nok(#[from] etalon::NokError),
    #[error(transparent)]
    Kpi(#[from] etalon::scoring::KpiError),
    #[error(transparent)]
    KpiRequest(#[from] etalon::kpi::KpiRequestError),
    #[error(transparent)]
    Plan(#[from] etalon::scoring::PlanError),
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Journal(#[from] etalon::journal::JournalError),
    #[error(transparent)]
    JournalFile(#[from] etalon::io::JournalFileError),
}

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let lang = cli.lang();
    match cli.command {
        Command::Rules {
            command: RulesCommand::Check(args),
        } => check::run(&args, lang),
        Command::Rules {
            command: RulesCommand::Test(args),
        } => rules_test::run(&args, lang),
        Command::Rules {
            command: RulesCommand::Diff(args),
        } => diff::run(&args, lang),
        Command::Rules {
            command: RulesCommand::Doc(args),
        } => doc::run(&args, lang),
        Command::Evaluate(args) => evaluate::run(&args, lang),
        Command::Measures(args) => measures::run(&args),
        Command::Country(args) => country::run(&args, lang),
        Command::Report(args) => report::run(&args, lang),
        Command::Demo(args) => demo::run(&args, lang),
        Command::Generate(args) => demo::generate_to(&args),
        Command::Score { command } => score::run(&command, lang),
        Command::Plan { command } => plan::run(&command, lang),
        Command::Journal { command } => journal::run(&command, lang),
    }
}

/// The error as the envelope every face reads, where it is one of the
/// engine's or the host's.
fn envelope(e: CliError) -> Result<etalon::Envelope, CliError> {
    Ok(match e {
        CliError::Load(e) => e.into(),
        CliError::Evaluation(e) => e.into(),
        CliError::Folder(e) => e.into(),
        CliError::Envelope(e) => e,
        CliError::Report(e) => e.into(),
        CliError::ScoringFile(e) => e.into(),
        CliError::Nok(e) => e.into(),
        CliError::Kpi(e) => e.into(),
        CliError::KpiRequest(e) => e.into(),
        CliError::Plan(e) => e.into(),
        CliError::Journal(e) => e.into(),
        CliError::JournalFile(e) => e.into(),
        other => return Err(other),
    })
}

/// The one line (or, for a package's diagnostics, the lines) printed when
/// a command fails, in `lang`: an error of the engine or the host in the
/// words of its envelope in that language.
pub fn describe(e: CliError, lang: Lang) -> String {
    let body = match e {
        CliError::Rules(diagnostics) => {
            let mut text = say(lang, "package-has-errors", &[]);
            for d in &diagnostics {
                text.push('\n');
                text.push_str(&etalon::catalogue::line(d, lang));
            }
            text.push('\n');
            text.push_str(&say(
                lang,
                "diagnostics-summary",
                &[
                    ("errors", diagnostics.error_count().to_string()),
                    ("warnings", diagnostics.warning_count().to_string()),
                ],
            ));
            text
        }
        other if lang == Lang::En => other.to_string(),
        CliError::Invalid(words) => words.in_lang(lang),
        CliError::PlanProblems { path, problems } => {
            let mut text = format!("{}: ", path.display());
            for d in &problems {
                text.push_str(&etalon::catalogue::line(d, lang));
                text.push('\n');
            }
            text.push_str(&say(
                lang,
                "diagnostics-summary",
                &[
                    ("errors", problems.error_count().to_string()),
                    ("warnings", problems.warning_count().to_string()),
                ],
            ));
            text
        }
        CliError::Read { path, source } => say(
            lang,
            "cli-cannot-read",
            &[
                ("path", path.display().to_string()),
                ("reason", source.to_string()),
            ],
        ),
        CliError::Write { path, source } => say(
            lang,
            "cli-cannot-write",
            &[
                ("path", path.display().to_string()),
                ("reason", source.to_string()),
            ],
        ),
        CliError::Limits { flag, error } => error.named_in(&flag, lang),
        other => match envelope(other) {
            Ok(envelope) => envelope.message_in(lang),
            Err(other) => other.to_string(),
        },
    };
    format!("{}: {body}", say(lang, "cli-error", &[]))
}

/// Writes `bytes` to the output file `path` atomically; a missing folder
/// is an error naming it.
pub(crate) fn write_out(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    emit_with(Some(&path.to_path_buf()), |out| out.write_all(bytes))
}

/// The package in `dir`, or the standard one built into this binary.
pub(crate) fn methodology(dir: Option<&PathBuf>) -> Result<Methodology, CliError> {
    let files = match dir {
        Some(dir) => etalon::io::load_package(dir)?,
        None => etalon::standard_files(),
    };
    Methodology::compile(&files).map_err(CliError::Rules)
}

/// Writes to `path` (atomically: the previous file stays whole on a
/// failure), or to standard output without one, what `write` makes, as
/// it makes it.
pub(crate) fn emit_with(
    path: Option<&PathBuf>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    match path {
        Some(p) => etalon::io::atomic::write_file_with(p, write).map_err(|e| CliError::Write {
            path: e.path,
            source: e.source,
        }),
        None => {
            use std::io::Write;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (`| head`) is not an error.
            let _ = write(&mut out).and_then(|()| out.flush());
            Ok(())
        }
    }
}

/// Writes `text` to `path` (atomically: the previous file stays whole on
/// a failure), or to standard output without one.
pub(crate) fn emit(path: Option<&PathBuf>, text: &str) -> Result<(), CliError> {
    emit_with(path, |out| out.write_all(text.as_bytes()))
}
