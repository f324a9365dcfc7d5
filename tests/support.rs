//! Helpers shared by the integration tests.

use etalon::generate::{Region, RegionSpec, generate};
use etalon::{Dataset, Evaluation, EvaluationOptions, Methodology};

/// The standard methodology (it must compile).
pub fn standard() -> Methodology {
    etalon::standard().unwrap_or_else(|d| panic!("the standard package does not compile:\n{d}"))
}

/// The middle region's shape (six groups, seed 7).
pub fn mid_spec() -> RegionSpec {
    RegionSpec {
        groups: 6,
        non_residential: 5,
        residential: 3,
        family_children: 4,
        scale: 1.0,
        ..RegionSpec::region(7)
    }
}

/// A mid-sized generated region: 6 groups, 12 institutions of every type.
pub fn mid_region() -> (Region, Dataset) {
    let region = generate(&mid_spec());
    let data = region
        .dataset()
        .unwrap_or_else(|e| panic!("generated data is invalid: {e}"));
    (region, data)
}

/// Evaluates the last generated quarter.
pub fn evaluate_last(m: &Methodology, data: &Dataset) -> Evaluation {
    m.evaluate_with(data, &EvaluationOptions::new("2026-Q3".parse().unwrap()))
        .unwrap_or_else(|e| panic!("evaluation failed: {e}"))
}
