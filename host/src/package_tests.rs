//! Running a package's own test cases with the host's table reader, so
//! that the small tables of `evaluation` cases are read exactly as a data
//! folder is (`etalon rules test`, and the bindings).

use etalon_core::scoring::TestReport;
use etalon_core::{Methodology, PackageFiles};

/// Runs every test case of the package `files` against `m`.
///
/// ```
/// let files = etalon::standard_files();
/// let m = etalon::standard().unwrap();
/// let report = etalon::run_tests(&m, &files);
/// assert!(report.passed(), "{report}");
/// ```
pub fn run_tests(m: &Methodology, files: &PackageFiles) -> TestReport {
    m.run_tests(files, &|folder: &str| {
        crate::io::read_package_tables(files, folder).map_err(|e| e.to_string())
    })
}
