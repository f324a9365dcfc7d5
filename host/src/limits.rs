//! What a host allows a rule package: the ceiling of the script limits
//! (a package may only ask for less) and one deadline for a whole request,
//! loading, compiling with the script probes and evaluating alike.
//!
//! The `etalon` command (`--timeout`, `--max-operations`...) and both
//! bindings validate their options here and run through a [`Run`], so the
//! same values are refused and the same deadline holds in every face.

use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use etalon_core::{
    CompileOptions, Diagnostics, EvaluationError, EvaluationOptions, Methodology, PackageFiles,
    ScriptLimits,
};

use crate::error::Envelope;
use crate::io::LoadError;

/// The limits a host sets, as its options give them; `None` keeps
/// [`ScriptLimits::CEILING`] (and no deadline).
///
/// A ceiling above [`ScriptLimits::HARD`] is lowered to it when the package
/// compiles: no host can let a script overflow the stack or exhaust memory.
///
/// ```
/// use etalon::limits::HostLimits;
///
/// let host = HostLimits {
///     max_operations: Some(5_000),
///     timeout: Some(30.0),
///     ..HostLimits::default()
/// };
/// let run = host.start().expect("valid limits");
/// let m = run.compile(&etalon::standard_files()).expect("the standard package compiles");
/// assert!(m.manifest().limits.max_operations <= 5_000);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HostLimits {
    /// Seconds allowed from [`HostLimits::start`]; 0 is a deadline already
    /// passed.
    pub timeout: Option<f64>,
    /// The most script operations per call a package may ask for.
    pub max_operations: Option<u64>,
    /// The deepest nesting of script function calls.
    pub max_call_levels: Option<u64>,
    /// The deepest nesting of expressions.
    pub max_expr_depth: Option<u64>,
    /// The longest string a script may build, in bytes.
    pub max_string_size: Option<u64>,
    /// The longest array a script may build.
    pub max_array_size: Option<u64>,
    /// The largest object map a script may build.
    pub max_map_size: Option<u64>,
}

/// What is wrong with a value given for a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitProblem {
    /// A limit of 0 or less: a script could not run at all (and 0 means
    /// "unlimited" to the script engine, so it is never passed on).
    NotPositive,
    /// A timeout that is negative, NaN, infinite or too large.
    NotSeconds,
}

impl fmt::Display for LimitProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LimitProblem::NotPositive => "is not a limit: give 1 or more",
            LimitProblem::NotSeconds => "is not a number of seconds",
        })
    }
}

/// A limit refused: the option (its key, such as `max_operations` or
/// `timeout`), the value given and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{option}: {value} {problem}")]
pub struct LimitsError {
    /// The key of the option, in snake case (`max_call_levels`).
    pub option: &'static str,
    /// The value as given.
    pub value: String,
    /// What is wrong with it.
    pub problem: LimitProblem,
}

impl LimitsError {
    /// The message naming the option as a face spells it (`--max-operations`,
    /// `maxOperations`).
    pub fn named(&self, option: &str) -> String {
        format!("{option}: {} {}", self.value, self.problem)
    }

    /// [`LimitsError::named`] in `lang`, from the message catalogue.
    pub fn named_in(&self, option: &str, lang: crate::report::Lang) -> String {
        let id = match self.problem {
            LimitProblem::NotPositive => "limits-not-positive",
            LimitProblem::NotSeconds => "limits-not-seconds",
        };
        crate::catalogue::message(lang, id, &[("option", option), ("value", &self.value)])
            .unwrap_or_else(|| self.named(option))
    }
}

/// The script ceiling as the bindings take it, in signed integers (Python
/// `int`, Kotlin `Long`); [`HostLimits::from_signed`] checks each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignedCeiling {
    /// As [`HostLimits::max_operations`].
    pub max_operations: Option<i64>,
    /// As [`HostLimits::max_call_levels`].
    pub max_call_levels: Option<i64>,
    /// As [`HostLimits::max_expr_depth`].
    pub max_expr_depth: Option<i64>,
    /// As [`HostLimits::max_string_size`].
    pub max_string_size: Option<i64>,
    /// As [`HostLimits::max_array_size`].
    pub max_array_size: Option<i64>,
    /// As [`HostLimits::max_map_size`].
    pub max_map_size: Option<i64>,
}

/// A limit given as a signed number, as the `u64` of [`HostLimits`]: 0 or
/// less is refused, naming `option`.
fn limit_value(option: &'static str, value: i64) -> Result<u64, LimitsError> {
    match u64::try_from(value) {
        Ok(v) if v > 0 => Ok(v),
        _ => Err(LimitsError {
            option,
            value: value.to_string(),
            problem: LimitProblem::NotPositive,
        }),
    }
}

fn positive(option: &'static str, value: Option<u64>, default: u64) -> Result<u64, LimitsError> {
    match value {
        Some(0) => Err(LimitsError {
            option,
            value: "0".to_string(),
            problem: LimitProblem::NotPositive,
        }),
        Some(v) => Ok(v),
        None => Ok(default),
    }
}

/// A size limit as `usize`; a value past it is as good as unlimited, and
/// the ceiling is lowered to [`ScriptLimits::HARD`] anyway.
fn size(option: &'static str, value: Option<u64>, default: usize) -> Result<usize, LimitsError> {
    let v = positive(option, value, default as u64)?;
    Ok(usize::try_from(v).unwrap_or(usize::MAX))
}

impl HostLimits {
    /// The ceiling these options set, each limit not given at
    /// [`ScriptLimits::CEILING`]; a limit of 0 is refused.
    pub fn ceiling(&self) -> Result<ScriptLimits, LimitsError> {
        let c = ScriptLimits::CEILING;
        Ok(ScriptLimits {
            max_operations: positive("max_operations", self.max_operations, c.max_operations)?,
            max_call_levels: size("max_call_levels", self.max_call_levels, c.max_call_levels)?,
            max_expr_depth: size("max_expr_depth", self.max_expr_depth, c.max_expr_depth)?,
            max_string_size: size("max_string_size", self.max_string_size, c.max_string_size)?,
            max_array_size: size("max_array_size", self.max_array_size, c.max_array_size)?,
            max_map_size: size("max_map_size", self.max_map_size, c.max_map_size)?,
            max_variables: c.max_variables,
        })
    }

    /// The timeout as a duration; a negative, NaN or infinite one is refused.
    pub fn timeout(&self) -> Result<Option<Duration>, LimitsError> {
        self.timeout
            .map(|seconds| {
                Duration::try_from_secs_f64(seconds).map_err(|_| LimitsError {
                    option: "timeout",
                    value: seconds.to_string(),
                    problem: LimitProblem::NotSeconds,
                })
            })
            .transpose()
    }

    /// The host's limits from a ceiling in signed integers and a timeout:
    /// a limit of 0 or less is refused, naming its option.
    pub fn from_signed(
        timeout: Option<f64>,
        ceiling: SignedCeiling,
    ) -> Result<HostLimits, LimitsError> {
        let limit = |option, value: Option<i64>| value.map(|v| limit_value(option, v)).transpose();
        Ok(HostLimits {
            timeout,
            max_operations: limit("max_operations", ceiling.max_operations)?,
            max_call_levels: limit("max_call_levels", ceiling.max_call_levels)?,
            max_expr_depth: limit("max_expr_depth", ceiling.max_expr_depth)?,
            max_string_size: limit("max_string_size", ceiling.max_string_size)?,
            max_array_size: limit("max_array_size", ceiling.max_array_size)?,
            max_map_size: limit("max_map_size", ceiling.max_map_size)?,
        })
    }

    /// Validates the options and starts the clock: the deadline is fixed
    /// now, for everything done through the returned [`Run`].
    pub fn start(&self) -> Result<Run, LimitsError> {
        let ceiling = self.ceiling()?;
        let deadline = self.timeout()?.and_then(|t| Instant::now().checked_add(t));
        Ok(Run { deadline, ceiling })
    }
}

/// One request under a host's limits: its deadline, fixed when it started,
/// and the ceiling of the script limits.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    deadline: Option<Instant>,
    ceiling: ScriptLimits,
}

/// Why a package could not be loaded or compiled under a host's limits.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The package folder cannot be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The package does not compile (its probes under the ceiling included).
    #[error(transparent)]
    Package(#[from] Diagnostics),
    /// The deadline passed while loading or compiling.
    #[error(transparent)]
    Evaluation(#[from] EvaluationError),
}

impl From<RunError> for Envelope {
    fn from(e: RunError) -> Self {
        match e {
            RunError::Load(e) => e.into(),
            RunError::Package(e) => e.into(),
            RunError::Evaluation(e) => e.into(),
        }
    }
}

impl Run {
    /// The deadline of this run, if it has one.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// The ceiling of the script limits of this run.
    pub fn ceiling(&self) -> ScriptLimits {
        self.ceiling
    }

    /// Compile options under this run's ceiling and deadline.
    pub fn compile_options(&self) -> CompileOptions {
        CompileOptions {
            limits_cap: Some(self.ceiling),
            deadline: self.deadline,
            ..CompileOptions::default()
        }
    }

    /// `files` compiled under this run's limits. Stopped by the deadline,
    /// the error is the deadline, not the package.
    pub fn compile(&self, files: &PackageFiles) -> Result<Methodology, RunError> {
        self.check()?;
        let m = Methodology::compile_with(files, &self.compile_options()).map_err(|d| {
            if d.iter().any(|d| d.code == "deadline") {
                RunError::Evaluation(EvaluationError::DeadlineExceeded)
            } else {
                RunError::Package(d)
            }
        })?;
        self.check()?;
        Ok(m)
    }

    /// The package in the folder `dir` read and compiled under this run's
    /// limits; the reading is not interrupted, a deadline it spent stops
    /// the compiling.
    pub fn load(&self, dir: &Path) -> Result<Methodology, RunError> {
        let files = crate::io::load_package(dir)?;
        self.compile(&files)
    }

    /// `options` ending at this run's deadline (the earlier one, when they
    /// have their own).
    pub fn evaluation(&self, options: EvaluationOptions) -> EvaluationOptions {
        let deadline = match (options.deadline, self.deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        EvaluationOptions {
            deadline,
            ..options
        }
    }

    /// [`EvaluationError::DeadlineExceeded`] once the deadline has passed
    /// (between the steps of a request: after loading, before writing).
    pub fn check(&self) -> Result<(), EvaluationError> {
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(EvaluationError::DeadlineExceeded);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;
    use crate::report::Lang;

    /// The standard package with its `[limits]` replaced by `limits`.
    fn standard_with_limits(limits: &str) -> PackageFiles {
        let mut files = crate::standard_files();
        let manifest = files.get("etalon.toml").unwrap().to_string();
        let start = manifest
            .find("[limits]")
            .expect("the standard package has [limits]");
        let end = manifest[start + 1..]
            .find("\n[")
            .map_or(manifest.len(), |i| start + 1 + i + 1);
        let edited = format!(
            "{}[limits]\n{limits}\n{}",
            &manifest[..start],
            &manifest[end..]
        );
        files.insert("etalon.toml", edited);
        files
    }

    #[test]
    fn no_option_is_the_ceiling_and_no_deadline() {
        let run = HostLimits::default().start().unwrap();
        assert_eq!(run.ceiling(), ScriptLimits::CEILING);
        assert_eq!(run.deadline(), None);
        assert_eq!(
            run.compile_options().limits_cap,
            Some(ScriptLimits::CEILING)
        );
    }

    #[test]
    fn each_option_sets_its_own_limit() {
        let host = HostLimits {
            timeout: None,
            max_operations: Some(10),
            max_call_levels: Some(11),
            max_expr_depth: Some(12),
            max_string_size: Some(13),
            max_array_size: Some(14),
            max_map_size: Some(15),
        };
        let c = host.ceiling().unwrap();
        assert_eq!(
            (
                c.max_operations,
                c.max_call_levels,
                c.max_expr_depth,
                c.max_string_size,
                c.max_array_size,
                c.max_map_size,
                c.max_variables
            ),
            (10, 11, 12, 13, 14, 15, ScriptLimits::CEILING.max_variables)
        );
    }

    /// Host limits with one option set.
    type WithOne = fn(u64) -> HostLimits;

    #[test]
    fn a_limit_of_zero_is_refused_naming_the_option() {
        let cases: [(&str, WithOne); 6] = [
            ("max_operations", |v| HostLimits {
                max_operations: Some(v),
                ..HostLimits::default()
            }),
            ("max_call_levels", |v| HostLimits {
                max_call_levels: Some(v),
                ..HostLimits::default()
            }),
            ("max_expr_depth", |v| HostLimits {
                max_expr_depth: Some(v),
                ..HostLimits::default()
            }),
            ("max_string_size", |v| HostLimits {
                max_string_size: Some(v),
                ..HostLimits::default()
            }),
            ("max_array_size", |v| HostLimits {
                max_array_size: Some(v),
                ..HostLimits::default()
            }),
            ("max_map_size", |v| HostLimits {
                max_map_size: Some(v),
                ..HostLimits::default()
            }),
        ];
        for (option, host) in cases {
            let e = host(0).start().unwrap_err();
            assert_eq!(e.option, option);
            assert_eq!(
                e.to_string(),
                format!("{option}: 0 is not a limit: give 1 or more")
            );
            assert!(host(1).start().is_ok(), "{option} = 1");
        }
    }

    #[test]
    fn a_signed_limit_below_one_is_refused_naming_the_option() {
        assert_eq!(limit_value("max_map_size", 7), Ok(7));
        let signed = SignedCeiling {
            max_operations: Some(5),
            max_call_levels: Some(-3),
            ..SignedCeiling::default()
        };
        let e = HostLimits::from_signed(Some(1.0), signed).unwrap_err();
        assert_eq!(
            e.to_string(),
            "max_call_levels: -3 is not a limit: give 1 or more"
        );
        let host = HostLimits::from_signed(
            Some(1.0),
            SignedCeiling {
                max_call_levels: None,
                ..signed
            },
        )
        .unwrap();
        assert_eq!(
            host,
            HostLimits {
                timeout: Some(1.0),
                max_operations: Some(5),
                ..HostLimits::default()
            }
        );
        for v in [0, -1, i64::MIN] {
            let e = limit_value("max_map_size", v).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("max_map_size: {v} is not a limit: give 1 or more")
            );
        }
    }

    #[test]
    fn a_timeout_that_is_not_a_number_of_seconds_is_refused() {
        for (seconds, shown) in [
            (-1.0, "-1"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (1e300, &*1e300f64.to_string()),
        ] {
            let e = HostLimits {
                timeout: Some(seconds),
                ..HostLimits::default()
            }
            .start()
            .unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("timeout: {shown} is not a number of seconds")
            );
            assert_eq!(
                e.named("--timeout"),
                format!("--timeout: {shown} is not a number of seconds")
            );
            assert_eq!(e.named_in("--timeout", Lang::En), e.named("--timeout"));
            assert_eq!(
                e.named_in("--timeout", Lang::Ru),
                format!("--timeout: {shown} — не число секунд")
            );
        }
        let zero = HostLimits {
            max_operations: Some(0),
            ..HostLimits::default()
        }
        .start()
        .unwrap_err();
        assert_eq!(
            zero.named_in("--max-operations", Lang::Ru),
            "--max-operations: 0 — не предел: укажите 1 или больше"
        );
        assert_eq!(
            zero.named_in("maxOperations", Lang::En),
            "maxOperations: 0 is not a limit: give 1 or more"
        );
    }

    #[test]
    fn a_package_asking_above_the_ceiling_is_capped_with_a_warning() {
        let files = standard_with_limits("max_operations = 200000");
        let run = HostLimits {
            max_operations: Some(5_000),
            ..HostLimits::default()
        }
        .start()
        .unwrap();
        let m = run.compile(&files).unwrap();
        assert_eq!(m.manifest().limits.max_operations, 5_000);
        assert!(
            m.warnings().iter().any(|w| w.code == "limit-capped"
                && w.message
                    == "the package asks `max_operations = 200000`, above this host's ceiling of 5000; 5000 is used"),
            "{:?}",
            m.warnings()
        );
    }

    #[test]
    fn a_ceiling_above_the_hard_limits_is_lowered_to_them() {
        let files = standard_with_limits("max_call_levels = 1000000");
        let run = HostLimits {
            max_call_levels: Some(u64::MAX),
            ..HostLimits::default()
        }
        .start()
        .unwrap();
        let m = run.compile(&files).unwrap();
        assert_eq!(
            m.manifest().limits.max_call_levels,
            ScriptLimits::HARD.max_call_levels
        );
    }

    #[test]
    fn a_script_that_loops_forever_stops_at_the_deadline_while_compiling() {
        // Every operation it may ask for, and a package function that never
        // returns: only the deadline stops the probes of the compile.
        let mut files = standard_with_limits("max_operations = 18446744073709551615");
        let formulas = files.get("scripts/formulas.rhai").unwrap().to_string();
        let guard = "    if planned == 0 { return (); }\n";
        assert!(formulas.contains(guard));
        files.insert(
            "scripts/formulas.rhai",
            formulas.replacen(guard, "    loop { }\n", 1),
        );
        let run = HostLimits {
            timeout: Some(1.0),
            max_operations: Some(u64::MAX),
            ..HostLimits::default()
        }
        .start()
        .unwrap();
        let e = run.compile(&files).unwrap_err();
        assert!(
            matches!(e, RunError::Evaluation(EvaluationError::DeadlineExceeded)),
            "{e:?}"
        );
        assert_eq!(Envelope::from(e).code, Code::LimitDeadline);
    }

    #[test]
    fn a_spent_deadline_stops_compiling_and_loading() {
        let run = HostLimits {
            timeout: Some(0.0),
            ..HostLimits::default()
        }
        .start()
        .unwrap();
        let e = run.compile(&crate::standard_files()).unwrap_err();
        assert_eq!(Envelope::from(e).code, Code::LimitDeadline);
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules");
        let e = run.load(&dir).unwrap_err();
        assert_eq!(Envelope::from(e).code, Code::LimitDeadline);
    }

    #[test]
    fn the_evaluation_ends_at_the_earlier_deadline() {
        let run = HostLimits {
            timeout: Some(3600.0),
            ..HostLimits::default()
        }
        .start()
        .unwrap();
        let period = "2026-Q3".parse().unwrap();
        let own = Instant::now();
        let later = run.deadline().unwrap() + Duration::from_secs(1);
        let options = |d| EvaluationOptions {
            deadline: d,
            ..EvaluationOptions::new(period)
        };
        assert_eq!(run.evaluation(options(None)).deadline, run.deadline());
        assert_eq!(run.evaluation(options(Some(own))).deadline, Some(own));
        assert_eq!(
            run.evaluation(options(Some(later))).deadline,
            run.deadline()
        );
    }
}
