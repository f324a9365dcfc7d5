//! What the host allows a rule package: one deadline for the whole command
//! and the ceiling of the script limits (`--timeout`, `--max-operations`...).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use etalon::{CompileOptions, EvaluationError, EvaluationOptions, Methodology, ScriptLimits};

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
    max_call_levels: Option<usize>,
    /// The deepest nesting of expressions a package may ask for (default
    /// and most 64).
    #[arg(long)]
    max_expr_depth: Option<usize>,
    /// The longest string a script may build, in bytes (default 65536).
    #[arg(long)]
    max_string_size: Option<usize>,
    /// The longest array a script may build (default 65536).
    #[arg(long)]
    max_array_size: Option<usize>,
    /// The largest object map a script may build (default 4096).
    #[arg(long)]
    max_map_size: Option<usize>,
}

/// The limits of one run of a command: its deadline, fixed when it starts.
#[derive(Debug, Clone)]
pub struct Run {
    deadline: Option<Instant>,
    ceiling: ScriptLimits,
}

impl HostLimits {
    /// Starts the clock of the command.
    pub fn start(&self) -> Result<Run, CliError> {
        let deadline = match self.timeout {
            Some(seconds) => {
                let timeout = Duration::try_from_secs_f64(seconds).map_err(|_| {
                    CliError::Invalid(format!("--timeout {seconds}: not a number of seconds"))
                })?;
                Instant::now().checked_add(timeout)
            }
            None => None,
        };
        let c = ScriptLimits::CEILING;
        let ceiling = ScriptLimits {
            max_operations: self.max_operations.unwrap_or(c.max_operations),
            max_call_levels: self.max_call_levels.unwrap_or(c.max_call_levels),
            max_expr_depth: self.max_expr_depth.unwrap_or(c.max_expr_depth),
            max_string_size: self.max_string_size.unwrap_or(c.max_string_size),
            max_array_size: self.max_array_size.unwrap_or(c.max_array_size),
            max_map_size: self.max_map_size.unwrap_or(c.max_map_size),
            max_variables: c.max_variables,
        };
        Ok(Run { deadline, ceiling })
    }
}

impl Run {
    /// Compile options under this run's ceiling and deadline.
    pub fn compile_options(&self) -> CompileOptions {
        CompileOptions {
            limits_cap: Some(self.ceiling),
            deadline: self.deadline,
            ..CompileOptions::default()
        }
    }

    /// The package in `dir` (the standard one without), compiled under
    /// this run's limits.
    pub fn methodology(&self, dir: Option<&PathBuf>) -> Result<Methodology, CliError> {
        let files = match dir {
            Some(dir) => etalon::io::load_package(dir)?,
            None => etalon::standard_files(),
        };
        let m = Methodology::compile_with(&files, &self.compile_options()).map_err(|d| {
            // Stopped by the deadline: the error is the deadline, not the package.
            if d.iter().any(|d| d.code == "deadline") {
                CliError::from(EvaluationError::DeadlineExceeded)
            } else {
                CliError::Rules(d)
            }
        })?;
        self.check()?;
        Ok(m)
    }

    /// Evaluation options that end at this run's deadline.
    pub fn evaluation(&self, options: EvaluationOptions) -> EvaluationOptions {
        EvaluationOptions {
            deadline: self.deadline,
            ..options
        }
    }

    /// An error once the deadline has passed (between the steps of a
    /// command: after loading, before writing).
    pub fn check(&self) -> Result<(), CliError> {
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(EvaluationError::DeadlineExceeded.into());
        }
        Ok(())
    }
}
