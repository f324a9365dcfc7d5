//! `etalon rules test <DIR>`: runs the test cases a package carries.

use std::path::PathBuf;
use std::process::ExitCode;

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use etalon::Methodology;
use etalon::report::Lang;
use etalon::scoring::TestReport;

use super::{CliError, emit, say};

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

pub fn run(args: &TestArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let files = etalon::io::load_package(&args.dir)?;
    let m = Methodology::compile(&files).map_err(CliError::Rules)?;
    let mut report = etalon::run_tests(&m, &files);
    let prefix = args.dir.display().to_string();
    let prefix = prefix.trim_end_matches('/');
    for case in &mut report.cases {
        case.file = format!("{prefix}/{}", case.file);
    }
    let text = match args.format {
        TestFormat::Human if report.cases.is_empty() => {
            say(lang, "cli-test-none", &[("path", prefix.to_string())]) + "\n"
        }
        TestFormat::Human => render(&report, lang),
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

/// Each case passed or failed, with the figures that did not come out, and
/// the counts, in `lang`; what a case expected and got is printed as the
/// engine gives it.
fn render(report: &TestReport, lang: Lang) -> String {
    let ok = say(lang, "cli-test-ok", &[]);
    let failed = say(lang, "cli-test-failed", &[]);
    // The outcome column as wide as the longer of its words.
    let mark = ok.chars().count().max(failed.chars().count()).max(6) + 1;
    let indent = mark + 2;
    let (expected, got) = (
        say(lang, "cli-test-expected", &[]),
        say(lang, "cli-test-got", &[]),
    );
    let mut t = String::new();
    for c in &report.cases {
        if c.passed() {
            let _ = writeln!(
                t,
                "{ok:<mark$}{}",
                say(
                    lang,
                    "cli-test-case-passed",
                    &[
                        ("file", c.file.clone()),
                        ("name", c.name.clone()),
                        ("checks", c.checks.to_string()),
                    ],
                )
            );
            continue;
        }
        let _ = writeln!(t, "{failed:<mark$}{} — {}", c.file, c.name);
        if let Some(e) = &c.error {
            let _ = writeln!(t, "{:indent$}{e}", "");
        }
        let width = c
            .failures
            .iter()
            .map(|m| m.at.chars().count())
            .max()
            .unwrap_or(0);
        for m in &c.failures {
            let _ = writeln!(
                t,
                "{:indent$}{:<width$}  {expected} {:<12} {got} {}",
                "", m.at, m.expected, m.got
            );
        }
    }
    let _ = writeln!(
        t,
        "{}",
        say(
            lang,
            "cli-test-summary",
            &[
                ("cases", report.cases.len().to_string()),
                ("passed", (report.cases.len() - report.failed()).to_string()),
                ("failed", report.failed().to_string()),
            ],
        )
    );
    t
}
