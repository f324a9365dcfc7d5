//! `etalon rules check <DIR>`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use etalon::Methodology;

use super::{CliError, emit};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The package folder (holding etalon.toml).
    dir: PathBuf,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    #[command(flatten)]
    limits: super::limits::HostLimits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
}

pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let run = args.limits.start()?;
    let files = etalon::io::load_package(&args.dir)?;
    let diagnostics = Methodology::check_with(&files, &run.compile_options());
    let text = match args.format {
        CheckFormat::Human => {
            let mut text = String::new();
            for d in &diagnostics {
                text.push_str(&format!("{}/{d}\n", args.dir.display()));
                if let Some(ru) = d.message_ru() {
                    text.push_str(&format!("    ru: {ru}\n"));
                }
            }
            text.push_str(&format!(
                "{}: {} error(s), {} warning(s) in {} file(s)\n",
                args.dir.display(),
                diagnostics.error_count(),
                diagnostics.warning_count(),
                files.len()
            ));
            text
        }
        CheckFormat::Json => {
            let report = serde_json::json!({
                "errors": diagnostics.error_count(),
                "warnings": diagnostics.warning_count(),
                "diagnostics": diagnostics,
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            )
        }
    };
    emit(None, &text)?;
    Ok(if diagnostics.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
