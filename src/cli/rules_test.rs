//! `etalon rules test <DIR>`: runs the test cases a package carries.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use etalon::Methodology;

use super::{CliError, emit};

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The package folder (holding etalon.toml and its test folder).
    dir: PathBuf,
    /// How to print the outcome.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TestFormat {
    Human,
    Json,
}

pub fn run(args: &TestArgs) -> Result<ExitCode, CliError> {
    let files = etalon::io::load_package(&args.dir)?;
    let m = Methodology::compile(&files).map_err(CliError::Rules)?;
    let mut report = etalon::run_tests(&m, &files);
    let prefix = args.dir.display().to_string();
    let prefix = prefix.trim_end_matches('/');
    for case in &mut report.cases {
        case.file = format!("{prefix}/{}", case.file);
    }
    let text = match args.format {
        TestFormat::Human => {
            let mut t = report.to_string();
            if report.cases.is_empty() {
                t = format!(
                    "{prefix}: no test cases (name their folder with `tests = \"tests\"` in [contents] and put case files in it)\n"
                );
            }
            t
        }
        TestFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
    };
    emit(None, &text)?;
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
