//! Reports people read: one self-contained HTML file with charts, or a
//! spreadsheet, in Russian or English.
//!
//! A [`Report`] is gathered once from an [`Evaluation`], the
//! [`Methodology`] that made it and the organisation tree; [`html`] and
//! [`xlsx`] write it. The rule package owns the wording of processes,
//! indicators and measures (`name` / `name_en`); [`i18n`] holds the few
//! words of the report itself.
//!
//! ```no_run
//! use etalon::report::{Report, ReportOptions, Lang};
//! let m = etalon::standard().expect("the standard package compiles");
//! let data = etalon::io::load_dataset("examples/data".as_ref()).expect("sample data");
//! let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).expect("evaluates");
//! let options = ReportOptions { lang: Lang::En, ..ReportOptions::default() };
//! let report = Report::build(&m, data.tree(), &e, &options).expect("the region is in the tree");
//! std::fs::write("report.html", etalon::report::html::render(&report)).unwrap();
//! ```
//!
//! [`Evaluation`]: etalon_core::Evaluation
//! [`Methodology`]: etalon_core::Methodology

pub mod escape;
pub mod funnel;
pub mod html;
pub mod i18n;
pub mod journal;
pub mod model;
pub mod scores;
mod svg;
pub mod xlsx;

pub use i18n::{ChosenLang, Lang, Word};
pub use model::{Report, ReportOptions};

use etalon_core::Level;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The entity asked for is not in the tree.
    #[error("there is no {level} `{id}` in the organisation tree")]
    UnknownEntity {
        /// The level asked.
        level: Level,
        /// The id asked.
        id: String,
    },
    /// The spreadsheet could not be written.
    #[error("spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}
