//! Integration tests: one binary (see Cargo.toml), a module per concern.

mod support;

mod planted;
