//! The standard rule package, embedded at build time from `rules/`.

use etalon_core::{Methodology, PackageFiles};

include!(concat!(env!("OUT_DIR"), "/standard_package.rs"));

/// The files of the standard package, as shipped with this build.
pub fn standard_files() -> PackageFiles {
    FILES.iter().map(|(p, t)| (*p, *t)).collect()
}

/// The standard methodology, compiled.
///
/// ```
/// let m = etalon::standard().unwrap();
/// assert!(m.indicators().len() > 30);
/// ```
pub fn standard() -> Result<Methodology, etalon_core::Diagnostics> {
    Methodology::compile(&standard_files())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_standard_package_compiles_without_warnings() {
        match super::standard() {
            Ok(m) => assert!(m.warnings().is_empty(), "{}", m.warnings()),
            Err(d) => panic!("{d}"),
        }
    }
}
