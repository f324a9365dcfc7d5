//! `etalon rules doc`: the package as a document, without data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use etalon::report::Lang;

use super::{CliError, emit};

/// The form of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// One self-contained HTML page.
    Html,
    /// Markdown.
    Md,
}

#[derive(Debug, Args)]
pub struct DocArgs {
    /// Rule package folder
    pub package: PathBuf,
    /// html or md
    #[arg(long, value_enum, default_value = "html")]
    pub format: DocFormat,
    /// Write to this file instead of standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &DocArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let m = super::methodology(Some(&args.package))?;
    let text = match args.format {
        DocFormat::Html => etalon::doc::html(&m, lang),
        DocFormat::Md => etalon::doc::markdown(&m, lang),
    };
    emit(args.out.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
