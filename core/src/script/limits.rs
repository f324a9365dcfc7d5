use serde::{Deserialize, Serialize};

/// The sandbox limits of every script call.
///
/// A package may set them in its manifest (`[limits]`); a host may cap them
/// (see `CompileOptions`), and the lower of the two wins.
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

impl ScriptLimits {
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
