//! # etalon
//!
//! A rules engine for the quality management of social services: the ten
//! service processes and their indicators, reference values, deviations at
//! unit, organisation, group and region level, and the scoring that
//! regional systems of social services must run.
//!
//! This crate is the host layer: the engine ([`etalon_core`], re-exported
//! whole) plus what touches the outside world: the standard rule package
//! embedded at build time, readers of rule folders and data files, the
//! journal on disk, explanations, reports and a generator of demo regions.
//! The `etalon` command (package `etalon-cli`) and both bindings are thin
//! faces over it.
//!
//! ```no_run
//! let methodology = etalon::standard().expect("the standard package compiles");
//! let data = etalon::io::load_dataset("examples/data".as_ref()).expect("sample data");
//! let evaluation = methodology.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
//! println!("{} deviations", evaluation.deviations.len());
//! ```

pub use etalon_core::*;

pub mod catalogue;
pub mod diff;
pub mod doc;
pub mod error;
pub mod explain;
pub mod folder;
pub mod generate;
pub mod given;
pub mod host;
pub mod io;
pub mod kpi;
pub mod limits;
pub mod nok;
mod package_tests;
pub mod report;
mod standard;

pub use error::{Code, Envelope};
pub use explain::{ExplainedInput, Explanation, explain};
pub use package_tests::run_tests;
pub use standard::{standard, standard_files};
