//! The Python binding of etalon: the private native module `etalon._etalon`.
//!
//! A thin skin over the `etalon` crate: it converts arguments and results,
//! reads Arrow tables through the Arrow PyCapsule interface, releases the
//! GIL while the engine compiles and evaluates, and maps every Rust error
//! to an exception of `etalon.errors`. The public package is
//! `python/etalon/`, which re-exports this module with an explicit
//! `__all__`; its `.pyi` stub is `python/etalon/_etalon.pyi`.

mod convert;
mod country;
mod dataset;
mod diff;
mod errors;
mod evaluation;
mod funnel;
mod journal;
mod language;
mod limits;
mod methodology;
mod schema;
mod scoring;
mod table;

use pyo3::prelude::*;

#[pymodule]
fn _etalon(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add(
        "TABLES",
        etalon::TableKind::ALL
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>(),
    )?;
    m.add_function(wrap_pyfunction!(methodology::standard, m)?)?;
    m.add_function(wrap_pyfunction!(methodology::standard_files, m)?)?;
    m.add_function(wrap_pyfunction!(methodology::read_package, m)?)?;
    m.add_function(wrap_pyfunction!(dataset::write_demo, m)?)?;
    m.add_function(wrap_pyfunction!(schema::schema, m)?)?;
    m.add_function(wrap_pyfunction!(language::set_language, m)?)?;
    m.add_function(wrap_pyfunction!(language::language, m)?)?;
    m.add_class::<schema::Column>()?;
    m.add_class::<methodology::Methodology>()?;
    m.add_class::<diff::RulesDiff>()?;
    m.add_class::<methodology::Diagnostic>()?;
    m.add_class::<methodology::Process>()?;
    m.add_class::<methodology::Measure>()?;
    m.add_class::<methodology::Indicator>()?;
    m.add_class::<methodology::Reference>()?;
    m.add_class::<methodology::Band>()?;
    m.add_class::<dataset::Dataset>()?;
    m.add_class::<evaluation::Evaluation>()?;
    m.add_class::<evaluation::IndicatorValue>()?;
    m.add_class::<evaluation::Deviation>()?;
    m.add_class::<evaluation::Summary>()?;
    m.add_class::<evaluation::Explanation>()?;
    m.add_class::<evaluation::ExplainedInput>()?;
    m.add_class::<funnel::Funnel>()?;
    m.add_class::<funnel::FunnelPoint>()?;
    m.add_class::<table::Table>()?;
    scoring::register(m)?;
    journal::register(m)?;
    country::register(m)?;
    Ok(())
}
