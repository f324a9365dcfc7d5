//! Integration tests: one binary (see Cargo.toml), a module per concern.

mod support;

mod bad_inputs;
mod calendar;
mod cli;
mod compile_properties;
mod data_contract;
mod docs;
mod fuzz_harness;
mod hostile;
mod journal;
mod journal_cli;
mod journal_concurrency;
mod journal_files;
mod journal_postgres;
mod journal_properties;
mod legal_terms;
mod limits;
mod outputs;
mod plan_terms;
mod planted;
mod process_cards;
mod properties;
mod report;
mod responsibility_check;
mod rollup;
mod rules_check;
mod scoring;
mod scoring_properties;
mod small_region;
mod social_effectiveness;
mod staff;
mod state_assignment;
