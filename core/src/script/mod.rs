//! The sandboxed Rhai runtime of a methodology.
//!
//! Scripts are data written by methodologists, so the engine starts bare
//! (`Engine::new_raw`): no file or network access, no `eval`, no module
//! import, no printing; every limit (operations, call depth, expression
//! depth, string, array and map sizes) is set, and a script that exceeds one
//! stops with an error naming the rule and the limit.
//!
//! Numbers are exact: the engine is built with `no_float` + `decimal`, so
//! `0.3` in a script is a `Decimal`, measures arrive as `Decimal`, and
//! dividing two whole numbers gives a `Decimal` too (`1 / 3` is not 0).
//! An undefined value (a share over a zero base) is `()` and propagates
//! through arithmetic, like NULL in SQL.

mod error;
pub(crate) mod functions;
mod limits;

use std::sync::Arc;

use rhai::{AST, Dynamic, Engine, EvalAltResult, ParseErrorType, Position, Scope};
use rust_decimal::Decimal;

use crate::Text;
use crate::diagnostics::Location;

pub use error::{
    FailureKind, Limit, ScriptError, ScriptFailure, ScriptFailureCount, ScriptFailures,
};
pub use limits::{CappedLimit, ScriptLimits};

pub(crate) use functions::to_decimal;

/// Stack of the threads that compile and run scripts. Rhai recurses on the
/// native stack; within the depth limits a deep script needs more than the
/// 1 MB a host's thread may have (a JVM thread's default), and a stack
/// overflow is not an error but the end of the host process.
pub(crate) const SCRIPT_STACK: usize = 64 * 1024 * 1024;

/// Runs `f` on a thread with a [`SCRIPT_STACK`] stack and waits for it
/// (on the current thread if no thread can be started).
pub(crate) fn on_script_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let run = || slot.lock().ok().and_then(|mut f| f.take()).map(|f| f());
    let on_thread = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("etalon-scripts".into())
            .stack_size(SCRIPT_STACK)
            .spawn_scoped(scope, run)
            .ok()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
    });
    match on_thread.flatten() {
        Some(v) => v,
        // No thread could be started: run here, with the caller's stack.
        None => run()
            .unwrap_or_else(|| unreachable!("the closure is taken once, by one of the two paths")),
    }
}

/// A configured, immutable engine and the package's library of functions.
pub(crate) struct Runtime {
    engine: Engine,
    library: AST,
    /// The file and line each package function is defined at: Rhai names
    /// the source of the merged library, not of the function that failed.
    files: std::collections::HashMap<String, (String, u32)>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime").finish_non_exhaustive()
    }
}

/// A compile error in a script, with its 1-based place in the script text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CompileError {
    pub message: String,
    /// The catalogue message of the error (its id and values), where the
    /// words are the engine's own and not the script engine's.
    pub text: Option<(&'static str, Vec<(&'static str, String)>)>,
    pub line: u32,
    pub column: u32,
    pub limit: Option<Limit>,
    /// A package function named like a built-in.
    pub shadows: bool,
}

/// A compiled formula: an expression over named inputs.
#[derive(Debug, Clone)]
pub(crate) struct Formula {
    /// The input names the formula reads, in the order values are passed.
    pub inputs: Vec<String>,
    ast: Arc<AST>,
    /// A formula that is exactly one call of a built-in over two inputs,
    /// or one input's name, is computed natively, as the script would.
    kernel: Option<functions::Kernel>,
}

impl Formula {
    /// Whether the formula runs natively, without the script engine.
    pub fn is_native(&self) -> bool {
        self.kernel.is_some()
    }
}

impl Runtime {
    /// A sandboxed engine with `limits`.
    pub fn new(limits: &ScriptLimits) -> Runtime {
        let mut engine = Engine::new_raw();
        functions::register(&mut engine);
        limits.apply(&mut engine);
        engine.set_strict_variables(true);
        engine.set_fail_on_invalid_map_property(true);
        engine.set_allow_shadowing(false);
        engine.disable_symbol("eval");
        // A loop or a deep recursion stops at the deadline or cancellation
        // of the evaluation (or compilation) running it, not only at its
        // operation budget; looking every 256 operations costs little.
        engine.on_progress(|operations| {
            (operations % 256 == 0 && crate::evaluate::budget::Budget::current_stop().is_some())
                .then_some(Dynamic::UNIT)
        });
        engine.on_print(|_| {});
        engine.on_debug(|_, _, _| {});
        Runtime {
            engine,
            library: AST::empty(),
            files: std::collections::HashMap::new(),
        }
    }

    /// Adds a library script (functions only) under the name `file`. A
    /// function named like a built-in would silently replace it, so it is
    /// refused; every such function is an error of its own.
    pub fn add_library(&mut self, file: &str, text: &str) -> Result<(), Vec<CompileError>> {
        let mut ast = self
            .engine
            .compile(text)
            .map_err(|e| vec![parse_error(&e)])?;
        if !ast.statements().is_empty() {
            let pos = ast.statements()[0].position();
            return Err(vec![CompileError {
                message: "a script file may only define functions (`fn name(...) { ... }`); move other statements into a function".into(),
                text: Some(("script-functions-only", Vec::new())),
                line: pos.line().unwrap_or(0) as u32,
                column: pos.position().unwrap_or(0) as u32,
                limit: None,
                shadows: false,
            }]);
        }
        let mut shadowing: Vec<CompileError> = ast
            .iter_functions()
            .filter(|f| self.is_built_in(f.name, f.params.len()))
            .map(|f| {
                let params = f.params.join(", ");
                let (line, column) = definition(text, f.name);
                CompileError {
                    message: format!(
                        "the package function `{name}({params})` has the name of the built-in `{name}` and would replace it; rename the package function",
                        name = f.name
                    ),
                    text: Some((
                        "shadows-built-in",
                        vec![("name", f.name.to_string()), ("params", params.clone())],
                    )),
                    line,
                    column,
                    limit: None,
                    shadows: true,
                }
            })
            .collect();
        shadowing.sort_by_key(|e| (e.line, e.column));
        for f in ast.iter_functions() {
            let (line, _) = definition(text, f.name);
            self.files
                .insert(f.name.to_string(), (file.to_string(), line));
        }
        ast.set_source(file);
        // Kept even when it shadows: the package fails to compile anyway,
        // and its other functions must not look missing to the formulas.
        self.library = self.library.merge(&ast);
        if shadowing.is_empty() {
            Ok(())
        } else {
            Err(shadowing)
        }
    }

    /// Whether the bare engine (built-ins, no package functions) has a
    /// function `name` taking `arity` numbers.
    fn is_built_in(&self, name: &str, arity: usize) -> bool {
        let args = vec!["0"; arity].join(", ");
        let Ok(ast) = self.engine.compile_expression(format!("{name}({args})")) else {
            return false;
        };
        !matches!(
            self.engine.eval_ast::<Dynamic>(&ast).map_err(|e| *e),
            Err(EvalAltResult::ErrorFunctionNotFound(..))
        )
    }

    /// The package functions by file and line: name, file and line of
    /// their definition, and how many parameters each takes.
    pub fn functions(&self) -> Vec<(String, Location, usize)> {
        let mut all: Vec<(String, Location, usize)> = self
            .library
            .iter_functions()
            .map(|f| {
                let name = f.name.to_string();
                let (file, line) = self.files.get(&name).cloned().unwrap_or_default();
                let at = Location {
                    file,
                    line,
                    column: 0,
                };
                (name, at, f.params.len())
            })
            .collect();
        all.sort_by(|a, b| (&a.1.file, a.1.line).cmp(&(&b.1.file, b.1.line)));
        all
    }

    /// Calls package function `name` with `args` (a probe at check time).
    pub fn call(&self, name: &str, args: Vec<Dynamic>) -> Result<Dynamic, ScriptFailure> {
        self.engine
            .call_fn::<Dynamic>(&mut Scope::new(), &self.library, name, args)
            .map_err(|e| self.failure(*e))
    }

    /// Compiles an expression that may read `known` names. The names it
    /// actually reads become its inputs; any other name is an error.
    pub fn compile_formula(&self, text: &str, known: &[&str]) -> Result<Formula, CompileError> {
        let mut scope = Scope::new();
        let mut inputs: Vec<String> = Vec::new();
        let ast = loop {
            match self.engine.compile_expression_with_scope(&scope, text) {
                Ok(ast) => break ast,
                Err(e) => match e.0.as_ref() {
                    ParseErrorType::VariableUndefined(name) if known.contains(&name.as_str()) => {
                        if inputs.contains(name) {
                            return Err(parse_error(&e));
                        }
                        scope.push(name.as_str(), Decimal::ZERO);
                        inputs.push(name.clone());
                    }
                    ParseErrorType::VariableUndefined(name) => {
                        let known: Vec<String> = known.iter().map(|s| s.to_string()).collect();
                        let mut err = parse_error(&e);
                        err.message =
                            format!("`{name}` is not a measure or parameter of this package");
                        err.text = Some(("formula-unknown-name", vec![("name", name.clone())]));
                        if let Some(s) = crate::filter::suggest(name, &known) {
                            err.message = format!("{}; did you mean `{s}`?", err.message);
                            err.text = Some((
                                "formula-unknown-name-suggest",
                                vec![("name", name.clone()), ("suggestion", s.to_string())],
                            ));
                        }
                        return Err(err);
                    }
                    _ => return Err(parse_error(&e)),
                },
            }
        };
        let kernel = functions::Kernel::recognise(text, &inputs);
        Ok(Formula {
            inputs,
            ast: Arc::new(self.library.merge(&ast)),
            kernel,
        })
    }

    /// Evaluates `formula` with `values` (one per input, in order).
    /// `Ok(None)` means the result is undefined (a zero base).
    pub fn eval(
        &self,
        formula: &Formula,
        values: &[Decimal],
    ) -> Result<Option<Decimal>, ScriptFailure> {
        if let Some(kernel) = &formula.kernel {
            return Ok(kernel.apply(values).map(|v| v.normalize()));
        }
        let result = self.eval_dynamic(formula, values)?;
        to_decimal(&result)
            .map(|v| v.map(|v| v.normalize()))
            .map_err(|message| ScriptFailure {
                line: 0,
                column: 0,
                file: None,
                kind: error::FailureKind::Failed(format!(
                    "the formula must give a number, {message}"
                )),
                text: Some(Box::new(Text::new(
                    "script-not-a-number",
                    &[("type", result.type_name())],
                ))),
            })
    }
}

impl Runtime {
    /// Runs `formula`'s script with `values` and gives whatever it returns.
    pub fn eval_dynamic(
        &self,
        formula: &Formula,
        values: &[Decimal],
    ) -> Result<Dynamic, ScriptFailure> {
        let mut scope = Scope::with_capacity(values.len());
        for (name, value) in formula.inputs.iter().zip(values) {
            scope.push_constant(name.as_str(), *value);
        }
        self.engine
            .eval_ast_with_scope::<Dynamic>(&mut scope, &formula.ast)
            .map_err(|e| self.failure(*e))
    }
}

/// The line and column of `fn name` in a script's text (0, 0 if not found).
fn definition(text: &str, name: &str) -> (u32, u32) {
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if let Some(at) = code.find("fn ") {
            let rest = code[at + 3..].trim_start();
            if rest
                .strip_prefix(name)
                .is_some_and(|r| r.trim_start().starts_with('('))
            {
                return (i as u32 + 1, code[..at].chars().count() as u32 + 1);
            }
        }
    }
    (0, 0)
}

fn parse_error(e: &rhai::ParseError) -> CompileError {
    let limit = match e.0.as_ref() {
        ParseErrorType::ExprTooDeep => Some(Limit::ExpressionDepth),
        ParseErrorType::LiteralTooLarge(..) => Some(Limit::StringSize),
        _ => None,
    };
    let (message, text) = match e.0.as_ref() {
        ParseErrorType::Reserved(word) if word == "import" || word == "export" => (
            "scripts cannot import modules; put shared functions in a script listed in the manifest"
                .to_string(),
            Some("script-no-import"),
        ),
        ParseErrorType::ExprTooDeep => (
            "the expression is nested too deeply".to_string(),
            Some("script-too-deep"),
        ),
        ParseErrorType::UnexpectedEOF => (
            "the text ends too early: a closing bracket or an argument is missing".to_string(),
            Some("script-ends-early"),
        ),
        // The script engine's own words, after what failed.
        other => (other.to_string(), Some("script-syntax")),
    };
    CompileError {
        text: text.map(|id| match id {
            "script-syntax" => (id, vec![("detail", message.clone())]),
            _ => (id, Vec::new()),
        }),
        message,
        line: e.1.line().unwrap_or(0) as u32,
        column: e.1.position().unwrap_or(0) as u32,
        limit,
        shadows: false,
    }
}

impl Runtime {
    /// Turns a Rhai runtime error into a failure with its innermost place:
    /// the file of the innermost package function, where it failed.
    fn failure(&self, e: EvalAltResult) -> ScriptFailure {
        let mut function = None;
        let mut err = e;
        while let EvalAltResult::ErrorInFunctionCall(name, _, inner, _) = err {
            if let Some(place) = self.files.get(&name) {
                function = Some(place.clone());
            }
            err = *inner;
        }
        located(err, function)
    }
}

/// A failure at the place Rhai gives, inside the package function defined
/// at `function` (file and line of its `fn`; None: in the formula itself).
fn located(mut err: EvalAltResult, function: Option<(String, u32)>) -> ScriptFailure {
    // The place is given apart; the message does not repeat it.
    let pos: Position = err.take_position();
    let mut text = None;
    let kind: error::FailureKind = match &err {
        EvalAltResult::ErrorTooManyOperations(_) => error::FailureKind::Limit(Limit::Operations),
        EvalAltResult::ErrorStackOverflow(_) => error::FailureKind::Limit(Limit::CallDepth),
        EvalAltResult::ErrorTooManyVariables(_) => error::FailureKind::Limit(Limit::Variables),
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            error::FailureKind::Limit(if what.contains("array") || what.contains("Array") {
                Limit::ArraySize
            } else if what.contains("map") || what.contains("Map") {
                Limit::MapSize
            } else {
                Limit::StringSize
            })
        }
        EvalAltResult::ErrorTerminated(..) => error::FailureKind::Cancelled,
        EvalAltResult::ErrorFunctionNotFound(sig, _) if sig.contains("()") => {
            text = Some(Box::new(Text::new("script-undefined", &[("call", sig)])));
            error::FailureKind::Failed(format!(
                "a value is undefined here (a share over a zero base?) in `{sig}`; test it with defined(x) or replace it with or_else(x, 0)"
            ))
        }
        other => error::FailureKind::Failed(other.to_string()),
    };
    // Rhai gives no place for a limit, and does not say in which function
    // it was hit: a limit names the rule and the limit but no line (the
    // probes of `rules check` place it at the package function).
    let (file, line, column) = match &kind {
        error::FailureKind::Failed(_) => (
            function.map(|(file, _)| file),
            pos.line().unwrap_or(0) as u32,
            pos.position().unwrap_or(0) as u32,
        ),
        _ => (None, 0, 0),
    };
    ScriptFailure {
        line,
        column,
        file,
        kind,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn runtime() -> Runtime {
        let mut rt = Runtime::new(&ScriptLimits::default());
        rt.add_library("scripts/lib.rhai", "fn weighted(a, b) { 0.3 * a + 0.7 * b }\nfn forever() { loop {} }\nfn deep(n) { deep(n + 1) }")
            .unwrap();
        rt
    }

    #[test]
    fn formulas_find_their_inputs() {
        let rt = runtime();
        let f = rt
            .compile_formula("share(done, total)", &["total", "done", "other"])
            .unwrap();
        assert_eq!(f.inputs, ["done", "total"]);
        assert_eq!(rt.eval(&f, &[dec("3"), dec("4")]).unwrap(), Some(dec("75")));
        let f = rt
            .compile_formula("weighted(a, b) + 1", &["a", "b"])
            .unwrap();
        assert_eq!(
            rt.eval(&f, &[dec("10"), dec("20")]).unwrap(),
            Some(dec("18"))
        );
        let f = rt
            .compile_formula("weighted(a, b) + missing()", &["a", "b"])
            .unwrap();
        let e = rt.eval(&f, &[dec("1"), dec("2")]).unwrap_err();
        assert!(matches!(e.kind, error::FailureKind::Failed(_)));
        assert_eq!((e.line, e.column), (1, 18));
        let e = rt
            .compile_formula("share(dnoe, total)", &["total", "done"])
            .unwrap_err();
        assert!(e.message.contains("did you mean `done`"), "{}", e.message);
        assert_eq!((e.line, e.column), (1, 7));
    }

    #[test]
    fn zero_bases_are_undefined_not_errors() {
        let rt = runtime();
        let f = rt
            .compile_formula("100 - share(a, b)", &["a", "b"])
            .unwrap();
        assert_eq!(rt.eval(&f, &[dec("0"), dec("0")]).unwrap(), None);
        let f = rt
            .compile_formula("or_else(share(a, b), 0)", &["a", "b"])
            .unwrap();
        assert_eq!(
            rt.eval(&f, &[dec("0"), dec("0")]).unwrap(),
            Some(Decimal::ZERO)
        );
        let f = rt.compile_formula("1 / 3", &[]).unwrap();
        assert_eq!(
            rt.eval(&f, &[]).unwrap(),
            Some(Decimal::ONE / Decimal::from(3))
        );
    }

    #[test]
    fn kernels_agree_with_the_script_path() {
        let rt = runtime();
        for text in [
            "share(a, b)",
            "per_100(a, b)",
            "per_1000(a, b)",
            "ratio(a, b)",
            " a ",
        ] {
            let native = rt.compile_formula(text, &["a", "b"]).unwrap();
            assert!(native.kernel.is_some(), "{text}");
            let mut scripted = native.clone();
            scripted.kernel = None;
            for (a, b) in [("3", "7"), ("0", "0"), ("5", "0"), ("123", "1000")] {
                let v = [dec(a), dec(b)];
                assert_eq!(
                    rt.eval(&native, &v).unwrap(),
                    rt.eval(&scripted, &v).unwrap(),
                    "{text} {a} {b}"
                );
            }
        }
    }

    #[test]
    fn runaway_scripts_stop_with_a_named_limit() {
        let rt = runtime();
        let f = rt.compile_formula("forever()", &[]).unwrap();
        let e = rt.eval(&f, &[]).unwrap_err();
        assert_eq!(e.kind, error::FailureKind::Limit(Limit::Operations));
        let f = rt.compile_formula("deep(0)", &[]).unwrap();
        assert_eq!(
            rt.eval(&f, &[]).unwrap_err().kind,
            error::FailureKind::Limit(Limit::CallDepth)
        );
    }

    #[test]
    fn libraries_hold_functions_only_and_cannot_import() {
        let mut rt = Runtime::new(&ScriptLimits::default());
        let e = rt.add_library("a.rhai", "let x = 1;").unwrap_err();
        assert!(e[0].message.contains("only define functions"));
        let e = rt
            .add_library("a.rhai", "import \"os\" as os;")
            .unwrap_err();
        assert!(e[0].message.contains("cannot import"));
        assert!(rt.compile_formula("eval(\"1\")", &[]).is_err());
    }

    #[test]
    fn a_package_function_may_not_shadow_a_built_in() {
        let mut rt = Runtime::new(&ScriptLimits::default());
        let e = rt
            .add_library(
                "scripts/f.rhai",
                "// shares\nfn mine(a) { a }\n  fn share(a, b) { 42 }\nfn abs(x) { x }\nfn share(a) { a }",
            )
            .unwrap_err();
        let said: Vec<(u32, u32, &str)> = e
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (
                    3,
                    3,
                    "the package function `share(a, b)` has the name of the built-in `share` and would replace it; rename the package function"
                ),
                (
                    4,
                    1,
                    "the package function `abs(x)` has the name of the built-in `abs` and would replace it; rename the package function"
                ),
            ],
            "`share(a)` takes one argument: no built-in has that signature"
        );
        assert!(
            e.iter()
                .all(|e| e.shadows && e.text.as_ref().is_some_and(|t| t.0 == "shadows-built-in"))
        );
    }

    #[test]
    fn failures_name_the_file_of_the_innermost_function() {
        let mut rt = Runtime::new(&ScriptLimits::default());
        rt.add_library("scripts/a.rhai", "fn outer(x) {\n  inner(x)\n}")
            .unwrap();
        rt.add_library(
            "scoring/b.rhai",
            "fn inner(x) {\n  x - \"one\"\n}\n\nfn spin() { loop {} }",
        )
        .unwrap();
        let f = rt.compile_formula("outer(a)", &["a"]).unwrap();
        let e = rt.eval(&f, &[dec("1")]).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.line, e.column),
            (Some("scoring/b.rhai"), 2, 5)
        );
        assert_eq!(
            e.kind,
            error::FailureKind::Failed(
                "Function not found: - (decimal, &str | ImmutableString | String)".into()
            )
        );
        // Rhai does not say where a limit was hit: no place is made up.
        let f = rt.compile_formula("spin()", &[]).unwrap();
        let e = rt.eval(&f, &[]).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.line, e.kind),
            (None, 0, error::FailureKind::Limit(Limit::Operations))
        );
    }

    #[test]
    fn a_deadline_stops_a_script_within_its_operation_budget() {
        let limits = ScriptLimits {
            max_operations: u64::MAX,
            ..ScriptLimits::default()
        };
        let mut rt = Runtime::new(&limits);
        rt.add_library("scripts/lib.rhai", "fn forever() { loop {} }")
            .unwrap();
        let f = rt.compile_formula("forever()", &[]).unwrap();
        let passed = crate::evaluate::budget::Budget::until(Some(std::time::Instant::now()));
        let e = passed.enter(|| rt.eval(&f, &[])).unwrap_err();
        assert_eq!(e.kind, error::FailureKind::Cancelled);
    }
}
