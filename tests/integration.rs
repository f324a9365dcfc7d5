//! Integration tests: one binary (see Cargo.toml), a module per concern.

mod support;

mod cli;
mod compile_properties;
mod docs;
mod hostile;
mod planted;
mod properties;
mod rules_check;
mod small_region;
