//! `etalon rules check <DIR>`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use etalon::report::Lang;
use etalon::{Methodology, catalogue};

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

pub fn run(args: &CheckArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let run = args.limits.start()?;
    let files = etalon::io::load_package(&args.dir)?;
    let diagnostics = Methodology::check_with(&files, &run.compile_options());
    let text = match args.format {
        CheckFormat::Human => {
            let mut text = String::new();
            for d in &diagnostics {
                text.push_str(&format!(
                    "{}/{}\n",
                    args.dir.display(),
                    catalogue::line(d, lang)
                ));
            }
            text.push_str(&format!(
                "{}: {}\n",
                args.dir.display(),
                catalogue::check_summary(
                    lang,
                    diagnostics.error_count(),
                    diagnostics.warning_count(),
                    files.len()
                )
            ));
            text
        }
        CheckFormat::Json => {
            let report = serde_json::json!({
                "errors": diagnostics.error_count(),
                "warnings": diagnostics.warning_count(),
                "diagnostics": diagnostics.iter().map(catalogue::diagnostic_json).collect::<Vec<_>>(),
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
