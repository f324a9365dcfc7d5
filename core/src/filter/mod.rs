//! The filter language of measures: which records a measure counts, and
//! what it sums. Parsed and type-checked when the package is compiled,
//! evaluated natively on every record (no script call per record).
//!
//! The grammar is in `syntax.rs`; `rules/README.md` documents it by example.

mod block;
mod error;
mod lowered;
mod syntax;
mod typed;

pub(crate) use block::{Atoms, BLOCK, MaskExpr, direct_values, int_values};
pub(crate) use lowered::{Binder, Bounds, LInt, Lowered};
pub(crate) use syntax::{parse_condition, parse_value};
pub use typed::ParamValue;
pub(crate) use typed::{Checker, Fields, IntExpr, Pred, suggest};
