//! `etalon rules test <DIR>`: runs the test cases a package carries.

use std::path::PathBuf;
use std::process::ExitCode;

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use etalon::Methodology;
use etalon::report::Lang;
use etalon::scoring::{Check, Figure, Mismatch, TestReport};

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
/// the counts, in `lang`; values are printed as the case writes them and
/// the engine gives them, the words around them in `lang`.
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
            // The catalogue's words in `lang`; the English of a case read
            // back without them.
            let said = c
                .error_text
                .as_ref()
                .and_then(|text| etalon::catalogue::text(lang, text, None))
                .unwrap_or_else(|| e.clone());
            let _ = writeln!(t, "{:indent$}{said}", "");
        }
        let places: Vec<String> = c.failures.iter().map(|m| place(m, lang)).collect();
        let width = places.iter().map(|p| p.chars().count()).max().unwrap_or(0);
        for (m, at) in c.failures.iter().zip(&places) {
            let _ = writeln!(
                t,
                "{:indent$}{at:<width$}  {expected} {:<12} {got} {}",
                "",
                figure(&m.expected, lang),
                figure(&m.got, lang)
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

/// Where a mismatch is, in `lang`: the check's word (the words of the
/// deviation checks padded alike) and the place.
fn place(m: &Mismatch, lang: Lang) -> String {
    let word = |c: Check| say(lang, "cli-test-check", &[("check", c.name().to_string())]);
    match m.check {
        Check::Figure => m.at.clone(),
        Check::Given => format!("{} {}", word(Check::Given), m.at),
        Check::Error | Check::Count => word(m.check),
        other => {
            let wide = [
                Check::Missing,
                Check::Severity,
                Check::Owner,
                Check::Unexpected,
            ]
            .map(|c| word(c).chars().count())
            .into_iter()
            .max()
            .unwrap_or(0);
            format!("{:<wide$} {}", word(other), m.at)
        }
    }
}

/// A figure expected or got: its value as written, or the words for none
/// in `lang`.
fn figure(f: &Figure, lang: Lang) -> String {
    match f {
        Figure::Value(v) => v.clone(),
        Figure::NoValue => say(lang, "cli-test-no-value", &[]),
        Figure::NoSuchFigure => say(lang, "cli-test-no-such-figure", &[]),
        Figure::NoDeviation => say(lang, "cli-test-no-deviation", &[]),
        Figure::NoError => say(lang, "cli-test-no-error", &[]),
        Figure::Rounded {
            shown,
            exactly,
            more,
        } => say(
            lang,
            if *more {
                "cli-test-exactly-more"
            } else {
                "cli-test-exactly"
            },
            &[("shown", shown.clone()), ("exactly", exactly.clone())],
        ),
    }
}
