//! The rule package as methodologists write it: a manifest (`etalon.toml`),
//! TOML tables and Rhai scripts, held in memory as `path -> text`.
//!
//! The core never reads a disk: the CLI, the bindings and a host system that
//! keeps packages in its own database all hand over the same [`PackageFiles`].

mod files;
pub(crate) mod manifest;
pub(crate) mod source;
pub(crate) mod values;

pub use files::PackageFiles;
pub use manifest::{Contents, DateBreach, DateRules, Manifest, PackageInfo};
