//! `CompileOptions`: what the host allows a rule package when it compiles,
//! the ceiling of the script limits and a timeout covering the loading and
//! compiling, validated by the host crate (`etalon::limits`) as the CLI's
//! `--max-operations`... and `--timeout` are.

use std::time::Duration;

use etalon::limits::{HostLimits, LimitsError, Run, SignedCeiling};

use crate::error::EtalonError;

/// The host's limits for compiling a package. Each `max*` is the most the
/// package's `[limits]` may ask: a limit asked above it is capped, with a
/// `limit-capped` warning (and none is ever above the engine's hard
/// limits). Null keeps the default ceiling. A limit below 1 is
/// `EtalonException.InvalidArgument` naming it.
#[derive(Debug, Clone, PartialEq, Eq, Default, uniffi::Record)]
pub struct CompileOptions {
    /// Stop loading and compiling (with the script probes) after this long:
    /// `EtalonException.LimitExceeded` (`E-LIMIT-DEADLINE`).
    #[uniffi(default = None)]
    pub timeout: Option<Duration>,
    /// The most script operations per call (`--max-operations`).
    #[uniffi(default = None)]
    pub max_operations: Option<i64>,
    /// The deepest nesting of script function calls.
    #[uniffi(default = None)]
    pub max_call_levels: Option<i64>,
    /// The deepest nesting of expressions.
    #[uniffi(default = None)]
    pub max_expr_depth: Option<i64>,
    /// The longest string a script may build, in bytes.
    #[uniffi(default = None)]
    pub max_string_size: Option<i64>,
    /// The longest array a script may build.
    #[uniffi(default = None)]
    pub max_array_size: Option<i64>,
    /// The largest object map a script may build.
    #[uniffi(default = None)]
    pub max_map_size: Option<i64>,
}

/// A refused limit as the invalid argument, named as Kotlin spells it.
fn argument(e: LimitsError) -> EtalonError {
    let mut name = String::new();
    let mut upper = false;
    for c in e.option.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                name.extend(c.to_uppercase());
                upper = false;
            }
            c => name.push(c),
        }
    }
    let message = e.named_in(&name, crate::language::current());
    EtalonError::said_argument(&name, message, e.named(&name))
}

impl CompileOptions {
    /// Validates the options and starts the clock of the call.
    pub(crate) fn start(options: Option<&CompileOptions>) -> Result<Run, EtalonError> {
        let o = options.cloned().unwrap_or_default();
        let ceiling = SignedCeiling {
            max_operations: o.max_operations,
            max_call_levels: o.max_call_levels,
            max_expr_depth: o.max_expr_depth,
            max_string_size: o.max_string_size,
            max_array_size: o.max_array_size,
            max_map_size: o.max_map_size,
        };
        HostLimits::from_signed(o.timeout.map(|t| t.as_secs_f64()), ceiling)
            .and_then(|host| host.start())
            .map_err(argument)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_below_one_is_an_invalid_argument_named_as_kotlin_spells_it() {
        crate::language::english();
        let options = CompileOptions {
            max_call_levels: Some(0),
            ..CompileOptions::default()
        };
        let e = CompileOptions::start(Some(&options)).unwrap_err();
        assert_eq!(
            e,
            EtalonError::argument(
                "maxCallLevels",
                "maxCallLevels: 0 is not a limit: give 1 or more"
            )
        );
    }

    #[test]
    fn no_options_are_the_default_ceiling() {
        let run = CompileOptions::start(None).unwrap();
        assert_eq!(run.ceiling(), etalon::ScriptLimits::CEILING);
        assert_eq!(run.deadline(), None);
    }
}
