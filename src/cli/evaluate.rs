//! `etalon evaluate --data <DIR> --period 2026-Q3`

use etalon::report::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use etalon::folder::{FolderEvaluation, FolderRequest, FolderStep, evaluate_folder};
use etalon::{EvaluationOptions, Level, Period};

use super::limits::HostLimits;
use super::output::{Progress, render_evaluation};
use super::{CliError, Format, emit, emit_with};

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Data folder: units.csv and the table files.
    #[arg(long)]
    data: PathBuf,
    /// The period: 2026, 2026-H2, 2026-Q3 or 2026-07.
    #[arg(long)]
    period: Period,
    /// Table for people, JSON for tools (every value with its explanation).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Show deviations of this level only (table format).
    #[arg(long)]
    level: Option<Level>,
    /// Worker threads (0: every core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Refuse data folders with more records than this.
    #[arg(long)]
    max_records: Option<usize>,
    /// Columns the data files carry beside etalon's (comma-separated):
    /// read past instead of refused as unknown.
    #[arg(long, value_delimiter = ',')]
    extra_columns: Vec<String>,
    /// Report at most this many problems of the data (all at once).
    #[arg(long, default_value_t = etalon::io::DEFAULT_MAX_PROBLEMS)]
    max_problems: usize,
    /// The encoding of the CSV files (utf-8 or windows-1251), when
    /// detection should not decide.
    #[arg(long)]
    encoding: Option<etalon::io::TextEncoding>,
    /// The separator of the CSV files (`,` or `;`), when detection should
    /// not decide.
    #[arg(long, value_parser = separator)]
    separator: Option<u8>,
    #[command(flatten)]
    limits: HostLimits,
    /// Add this region's own holidays to the production calendar (a
    /// `[[region]]` code of the package's calendar, e.g. `tatarstan`).
    #[arg(long)]
    calendar_region: Option<String>,
}

pub fn run(args: &EvaluateArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let run = args.limits.start()?;
    let progress = Progress::new(lang);
    progress.say("cli-progress-compiling", &[]);
    let m = run.methodology(args.rules.as_ref())?;
    let mut options =
        run.evaluation(EvaluationOptions::new(args.period).with_threads(args.threads));
    if let Some(max) = args.max_records {
        options = options.with_max_records(max);
    }
    if let Some(code) = &args.calendar_region {
        options = options.with_calendar_region(code);
    }
    let request = FolderRequest {
        folder: &args.data,
        options,
        load: etalon::io::LoadOptions {
            extra_columns: args.extra_columns.clone(),
            max_problems: Some(args.max_problems),
            encoding: args.encoding,
            separator: args.separator,
            ..etalon::io::LoadOptions::default()
        },
        timeout: None,
    };
    let done = evaluate_folder(&m, request, |step| match step {
        FolderStep::Reading => progress.say(
            "cli-progress-reading",
            &[("path", args.data.display().to_string())],
        ),
        FolderStep::Evaluating { records } => {
            progress.say(
                "cli-progress-evaluating-records",
                &[("count", records.to_string())],
            );
        }
    })?;
    progress.done();
    let FolderEvaluation { data, evaluation } = done;
    run.check()?;
    // The data is not needed for the output: it is freed on the other
    // core while the output is made (here, if no thread can be had).
    std::thread::scope(|s| {
        let _ = std::thread::Builder::new()
            .name("etalon-free".into())
            .spawn_scoped(s, move || drop(data));
        match args.format {
            Format::Json => emit_with(args.out.as_ref(), |out| {
                evaluation.write_json(&mut *out)?;
                out.write_all(b"\n")
            }),
            Format::Table => emit(
                args.out.as_ref(),
                &render_evaluation(&m, &evaluation, args.level, 25, lang),
            ),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `,` or `;` (also `semicolon`, `comma`).
fn separator(s: &str) -> Result<u8, String> {
    match s {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        _ => Err(format!("`{s}`: the separator is `,` or `;`")),
    }
}
