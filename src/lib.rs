pub use etalon_core::*;
