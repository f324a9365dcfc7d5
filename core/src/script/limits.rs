use serde::{Deserialize, Serialize};

/// The sandbox limits of every script call.
///
/// A package may set them in its manifest (`[limits]`), but only below the
/// host's ceiling ([`CompileOptions::limits_cap`](crate::CompileOptions),
/// [`ScriptLimits::CEILING`] when a host sets none, never above
/// [`ScriptLimits::HARD`]): a limit asked above it is capped, with a
/// `limit-capped` warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScriptLimits {
    /// Operations per call; a runaway loop stops here.
    pub max_operations: u64,
    /// Depth of nested function calls.
    pub max_call_levels: usize,
    /// Depth of nested expressions (at top level; half of it inside functions).
    pub max_expr_depth: usize,
    /// Characters in a string.
    pub max_string_size: usize,
    /// Elements in an array.
    pub max_array_size: usize,
    /// Entries in an object map.
    pub max_map_size: usize,
    /// Variables in one scope.
    pub max_variables: usize,
}

impl Default for ScriptLimits {
    fn default() -> Self {
        ScriptLimits {
            max_operations: 200_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_string_size: 4_096,
            max_array_size: 4_096,
            max_map_size: 512,
            max_variables: 256,
        }
    }
}

/// A limit a package asked for above the host's ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CappedLimit {
    /// The key in `[limits]` (`max_operations`...).
    pub key: &'static str,
    /// What the package asked.
    pub asked: u64,
    /// What the host allows, and what is used.
    pub allowed: u64,
}

impl ScriptLimits {
    /// The highest limits a host allows when it sets none.
    ///
    /// Call levels and expression depth bound the native stack a script
    /// uses: at this ceiling the deepest script needs less than half of the
    /// stack of the threads scripts run on (measured in a debug build by
    /// `the_ceiling_fits_the_script_stack`). Sizes bound what one value may
    /// hold (Rhai counts the strings, arrays and maps nested in a value
    /// together), so no value of a package can exhaust memory.
    pub const CEILING: ScriptLimits = ScriptLimits {
        max_operations: 1_000_000,
        max_call_levels: 64,
        max_expr_depth: 64,
        max_string_size: 65_536,
        max_array_size: 65_536,
        max_map_size: 4_096,
        max_variables: 1_024,
    };

    /// The highest limits any host may set: at these the deepest script
    /// still fits the scripts' stack, and the largest value a few hundred
    /// megabytes. A host's ceiling above them is lowered to them; the
    /// operation budget has no such bound, a deadline stops a long run.
    pub const HARD: ScriptLimits = ScriptLimits {
        max_operations: u64::MAX,
        max_call_levels: 64,
        max_expr_depth: 64,
        max_string_size: 16 * 1024 * 1024,
        max_array_size: 1_048_576,
        max_map_size: 65_536,
        max_variables: 65_536,
    };

    /// The lower of each limit of `self` and `cap`.
    pub fn capped_by(&self, cap: &ScriptLimits) -> ScriptLimits {
        ScriptLimits {
            max_operations: self.max_operations.min(cap.max_operations),
            max_call_levels: self.max_call_levels.min(cap.max_call_levels),
            max_expr_depth: self.max_expr_depth.min(cap.max_expr_depth),
            max_string_size: self.max_string_size.min(cap.max_string_size),
            max_array_size: self.max_array_size.min(cap.max_array_size),
            max_map_size: self.max_map_size.min(cap.max_map_size),
            max_variables: self.max_variables.min(cap.max_variables),
        }
    }

    /// The limits of `self` above `cap`, by key, in manifest order.
    pub fn above(&self, cap: &ScriptLimits) -> Vec<CappedLimit> {
        let pairs = [
            ("max_operations", self.max_operations, cap.max_operations),
            (
                "max_call_levels",
                self.max_call_levels as u64,
                cap.max_call_levels as u64,
            ),
            (
                "max_expr_depth",
                self.max_expr_depth as u64,
                cap.max_expr_depth as u64,
            ),
            (
                "max_string_size",
                self.max_string_size as u64,
                cap.max_string_size as u64,
            ),
            (
                "max_array_size",
                self.max_array_size as u64,
                cap.max_array_size as u64,
            ),
            (
                "max_map_size",
                self.max_map_size as u64,
                cap.max_map_size as u64,
            ),
            (
                "max_variables",
                self.max_variables as u64,
                cap.max_variables as u64,
            ),
        ];
        pairs
            .into_iter()
            .filter(|(_, asked, allowed)| asked > allowed)
            .map(|(key, asked, allowed)| CappedLimit {
                key,
                asked,
                allowed,
            })
            .collect()
    }

    /// Zero means "unlimited" to Rhai, so every limit is at least 1.
    pub(crate) fn apply(&self, engine: &mut rhai::Engine) {
        engine.set_max_operations(self.max_operations.max(1));
        engine.set_max_call_levels(self.max_call_levels.max(1));
        engine.set_max_expr_depths(self.max_expr_depth.max(2), (self.max_expr_depth / 2).max(1));
        engine.set_max_string_size(self.max_string_size.max(1));
        engine.set_max_array_size(self.max_array_size.max(1));
        engine.set_max_map_size(self.max_map_size.max(1));
        engine.set_max_variables(self.max_variables.max(1));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// The lowest stack address the probe saw.
    static LOWEST: AtomicUsize = AtomicUsize::new(usize::MAX);

    fn here() -> usize {
        let marker = 0u8;
        std::hint::black_box(&marker) as *const u8 as usize
    }

    /// The deepest script the ceiling allows: every call level nested to
    /// the full expression depth of a function body, the innermost one
    /// recording how deep the native stack went. Run on the scripts' own
    /// stack: an overflow here aborts the test binary, which fails it.
    #[test]
    fn the_ceiling_fits_the_script_stack() {
        let ceiling = ScriptLimits::HARD;
        let (used, reached) = crate::script::on_script_stack(|| {
            let top = here();
            let mut engine = rhai::Engine::new_raw();
            crate::script::functions::register(&mut engine);
            ceiling.apply(&mut engine);
            engine.register_fn("probe", || {
                LOWEST.fetch_min(here(), Ordering::Relaxed);
                0 as rhai::INT
            });
            // The deepest body the parser accepts in a function.
            let script = (0..ceiling.max_expr_depth)
                .rev()
                .map(|nest| {
                    let body = format!(
                        "{}(if n == 0 {{ probe() }} else {{ deep(n - 1) }}){}",
                        "(1 + ".repeat(nest),
                        ")".repeat(nest)
                    );
                    format!(
                        "fn deep(n) {{ {body} }} deep({})",
                        ceiling.max_call_levels - 2
                    )
                })
                .find(|s| engine.compile(s).is_ok())
                .unwrap_or_default();
            let reached = engine.eval::<rhai::Dynamic>(&script).map(|_| ());
            (top.saturating_sub(LOWEST.load(Ordering::Relaxed)), reached)
        });
        assert_eq!(reached.map_err(|e| e.to_string()), Ok(()));
        assert!(
            used < crate::script::SCRIPT_STACK / 2,
            "the deepest script at the ceiling used {used} bytes of a {} byte stack",
            crate::script::SCRIPT_STACK
        );
    }

    #[test]
    fn only_limits_above_the_cap_are_named() {
        let asked = ScriptLimits {
            max_operations: u64::MAX / 2,
            max_call_levels: 10_000_000,
            max_variables: 10,
            ..ScriptLimits::default()
        };
        assert_eq!(
            asked.above(&ScriptLimits::CEILING),
            [
                CappedLimit {
                    key: "max_operations",
                    asked: u64::MAX / 2,
                    allowed: 1_000_000
                },
                CappedLimit {
                    key: "max_call_levels",
                    asked: 10_000_000,
                    allowed: 64
                },
            ]
        );
        assert!(
            ScriptLimits::default()
                .above(&ScriptLimits::CEILING)
                .is_empty()
        );
        assert!(ScriptLimits::CEILING.above(&ScriptLimits::HARD).is_empty());
    }
}
