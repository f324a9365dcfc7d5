//! The flags of what the host allows a rule package: one deadline for the
//! whole command and the ceiling of the script limits (`--timeout`,
//! `--max-operations`...). Validating them and applying them is the host
//! crate's (`etalon::limits`), shared with both bindings.

use std::path::PathBuf;

use clap::Args;
use etalon::limits::{self, LimitsError, RunError};
use etalon::{CompileOptions, EvaluationOptions, Methodology};

use super::CliError;

/// The host's limits, shared by every command that runs a package's scripts.
#[derive(Debug, Clone, Args)]
pub struct HostLimits {
    /// Stop after this many seconds; loading, compiling (with the script
    /// probes), evaluating, scoring and writing all count.
    #[arg(long)]
    timeout: Option<f64>,
    /// The most script operations per call a package may ask for
    /// (`[limits] max_operations`; default 1000000).
    #[arg(long)]
    max_operations: Option<u64>,
    /// The deepest nesting of script function calls a package may ask for
    /// (default and most 64: deeper would not fit the stack).
    #[arg(long)]
    max_call_levels: Option<u64>,
    /// The deepest nesting of expressions a package may ask for (default
    /// and most 64).
    #[arg(long)]
    max_expr_depth: Option<u64>,
    /// The longest string a script may build, in bytes (default 65536).
    #[arg(long)]
    max_string_size: Option<u64>,
    /// The longest array a script may build (default 65536).
    #[arg(long)]
    max_array_size: Option<u64>,
    /// The largest object map a script may build (default 4096).
    #[arg(long)]
    max_map_size: Option<u64>,
}

/// A refused value, named as the flag is spelt (`--max-operations`).
fn invalid(e: LimitsError) -> CliError {
    CliError::Limits {
        flag: format!("--{}", e.option.replace('_', "-")),
        error: e,
    }
}

impl From<RunError> for CliError {
    fn from(e: RunError) -> Self {
        match e {
            RunError::Load(e) => e.into(),
            RunError::Package(d) => CliError::Rules(d),
            RunError::Evaluation(e) => e.into(),
            _ => CliError::Envelope(e.into()),
        }
    }
}

/// The limits of one run of a command: its deadline, fixed when it starts.
#[derive(Debug, Clone)]
pub struct Run(limits::Run);

impl HostLimits {
    /// Starts the clock of the command.
    pub fn start(&self) -> Result<Run, CliError> {
        let host = limits::HostLimits {
            timeout: self.timeout,
            max_operations: self.max_operations,
            max_call_levels: self.max_call_levels,
            max_expr_depth: self.max_expr_depth,
            max_string_size: self.max_string_size,
            max_array_size: self.max_array_size,
            max_map_size: self.max_map_size,
        };
        host.start().map(Run).map_err(invalid)
    }
}

impl Run {
    /// Compile options under this run's ceiling and deadline.
    pub fn compile_options(&self) -> CompileOptions {
        self.0.compile_options()
    }

    /// The package in `dir` (the standard one without), compiled under
    /// this run's limits.
    pub fn methodology(&self, dir: Option<&PathBuf>) -> Result<Methodology, CliError> {
        Ok(match dir {
            Some(dir) => self.0.load(dir)?,
            None => self.0.compile(&etalon::standard_files())?,
        })
    }

    /// Evaluation options that end at this run's deadline.
    pub fn evaluation(&self, options: EvaluationOptions) -> EvaluationOptions {
        self.0.evaluation(options)
    }

    /// An error once the deadline has passed (between the steps of a
    /// command: after loading, before writing).
    pub fn check(&self) -> Result<(), CliError> {
        Ok(self.0.check()?)
    }
}
