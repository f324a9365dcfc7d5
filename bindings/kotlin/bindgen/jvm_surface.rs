//! Finishing uniffi's Kotlin for JVM hosts.
//!
//! uniffi 0.32 (pinned `=0.32.2`) writes a sound Kotlin binding for Kotlin
//! callers, with gaps a JVM host falls into:
//!
//! - an object passed as an *argument* is lowered by cloning its raw handle
//!   without looking at whether it was closed, so a closed `Dataset` given
//!   to `evaluate` makes Rust clone a freed `Arc` (SIGSEGV, or a hang on
//!   the freed mutex of a `Journal`);
//! - a method called on a closed object throws `IllegalStateException`;
//! - `null` from Java fails Kotlin's parameter check with a
//!   `NullPointerException` that names no argument of ours;
//! - factories sit on `Companion`, records and methods have no overloads,
//!   interfaces lack `@Throws`, top-level functions live in `EtalonKt`.
//!
//! Each step below rewrites one template's output. A step that finds
//! nothing to rewrite is an error, so an upgrade of uniffi that changes a
//! template stops the build instead of quietly dropping a check.
//! `Guards.kt` (beside the Kotlin tests' sources, in `src/main/kotlin`)
//! holds the Kotlin the rewritten code calls.

/// Every step, in order.
pub fn finish(source: &str) -> Result<String, String> {
    let mut text = source.to_string();
    for (name, step) in STEPS {
        text = step(&text).map_err(|e| format!("step `{name}`: {e}"))?;
    }
    Ok(text)
}

type Step = fn(&str) -> Result<String, String>;

const STEPS: [(&str, Step); 9] = [
    ("closed receiver", closed_receiver),
    ("checked clone", checked_clone),
    ("closed argument", closed_argument),
    ("null argument", null_argument),
    ("null inside", null_inside),
    ("static factories", static_factories),
    ("interface throws", interface_throws),
    ("overloads", overloads),
    ("method overloads", method_overloads),
];

/// Replaces every `from` by `to`; an error when there is none.
fn replace_all(text: &str, from: &str, to: &str) -> Result<String, String> {
    if !text.contains(from) {
        return Err(format!("`{}` not found", from.trim()));
    }
    Ok(text.replace(from, to))
}

/// A method called on a closed object: a typed exception.
fn closed_receiver(text: &str) -> Result<String, String> {
    replace_all(
        text,
        r#"throw IllegalStateException("${this.javaClass.simpleName} object has already been destroyed")"#,
        "throw etalonClosed(this.javaClass.simpleName)",
    )
}

/// Each object class gets a clone of its handle that counts as a call, so
/// that a closed object is refused and a `close()` on another thread waits
/// for the clone (the object is freed only when its count reaches zero).
fn checked_clone(text: &str) -> Result<String, String> {
    replace_all(
        text,
        "    // Use a static inner class instead of a closure so as not to accidentally\n",
        "    /** @suppress A clone of the handle, refused once the object is closed. */\n    internal fun etalonCheckedHandle(): Long = callWithHandle { it }\n\n    // Use a static inner class instead of a closure so as not to accidentally\n",
    )
}

/// An object lowered as an argument goes through the checked clone.
fn closed_argument(text: &str) -> Result<String, String> {
    replace_all(
        text,
        "        return value.uniffiCloneHandle()\n",
        "        return value.etalonCheckedHandle()\n",
    )
}

/// A lowered argument line, `FfiConverterX.lower(`name`),` (the last one
/// is followed by `_status)`), split into converter, name and what follows,
/// when its type cannot be null (optional converters are left alone).
fn lowered_argument(line: &str) -> Option<(&str, &str, &str)> {
    let (converter, rest) = line.trim().split_once(".lower(`")?;
    let (name, after) = rest.split_once("`)")?;
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (converter.starts_with("FfiConverter")
        && !converter.starts_with("FfiConverterOptional")
        && plain(converter)
        && plain(name)
        && (after == "," || after == ",_status)"))
        .then_some((converter, name, after))
}

/// A null given for an argument that cannot be null: a typed exception
/// naming the argument, raised before anything crosses. (Kotlin's own
/// parameter checks are off for the main sources, see `pom.xml`, so that
/// the null reaches this check.)
fn null_argument(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut found = 0;
    for line in text.split_inclusive('\n') {
        match lowered_argument(line) {
            Some((converter, name, after)) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(&format!(
                    "{indent}{converter}.lower(etalonArgument(`{name}`, \"{name}\")){after}\n"
                ));
                found += 1;
            }
            None => out.push_str(line),
        }
    }
    if found == 0 {
        return Err("no lowered argument found".into());
    }
    Ok(out)
}

/// A null deeper inside an argument (a record's field, a list's item)
/// fails while the arguments are lowered: a typed exception too.
fn null_inside(text: &str) -> Result<String, String> {
    replace_all(
        text,
        "    val return_value = callback(status)\n",
        "    val return_value = try { callback(status) } catch (e: NullPointerException) { throw etalonNullInside(e) }\n",
    )
}

/// The end of the block whose `{` is at `open`: the index of its `}`.
fn block_end(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Rewrites the body of every block opened by `header`, with `f` given
/// the header's line and the body.
fn each_block(
    text: &str,
    header: &str,
    mut f: impl FnMut(&str, &str) -> String,
) -> Result<(String, usize), String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut count = 0;
    while let Some(at) = rest.find(header) {
        let open = at + rest[at..].find('{').ok_or("a block without `{`")?;
        let end = block_end(rest, open).ok_or("a block without its `}`")?;
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        out.push_str(&rest[..=open]);
        out.push_str(&f(&rest[line_start..=open], &rest[open + 1..end]));
        rest = &rest[end..];
        count += 1;
    }
    out.push_str(rest);
    Ok((out, count))
}

/// Factories callable from Java as `Methodology.standard()`.
fn static_factories(text: &str) -> Result<String, String> {
    let (out, count) = each_block(text, "    companion object {", |_, body| {
        body.replace(" fun `", " @JvmStatic fun `")
            .replace("\n    fun `", "\n    @JvmStatic fun `")
    })?;
    if count == 0 || !out.contains("@JvmStatic") {
        return Err("no companion object with factories".into());
    }
    Ok(out)
}

/// `@Throws` on the interfaces' methods whose implementations throw, so
/// that Java code written against an interface can catch.
fn interface_throws(text: &str) -> Result<String, String> {
    const THROWS: &str = "@Throws(EtalonException::class)";
    let mut added = 0;
    let (out, _) = each_block(text, "public interface ", |header, body| {
        let Some(name) = header
            .trim()
            .strip_prefix("public interface ")
            .and_then(|h| h.split_whitespace().next())
            .and_then(|h| h.strip_suffix("Interface"))
        else {
            return body.to_string();
        };
        let throwing = throwing_methods(text, name);
        let mut body = body.to_string();
        for method in throwing {
            let plain = format!("\n    fun `{method}`(");
            if body.contains(&plain) {
                body = body.replace(&plain, &format!("\n    {THROWS}\n    fun `{method}`("));
                added += 1;
            }
        }
        body
    })?;
    if added == 0 {
        return Err("no interface method to mark".into());
    }
    Ok(out)
}

/// The methods of class `name` declared with `@Throws`.
fn throwing_methods(text: &str, name: &str) -> Vec<String> {
    let Some(start) = text.find(&format!("open class {name}:")) else {
        return Vec::new();
    };
    let Some(open) = text[start..].find('{').map(|i| start + i) else {
        return Vec::new();
    };
    let body = &text[open..block_end(text, open).unwrap_or(text.len())];
    body.split("@Throws(EtalonException::class)")
        .skip(1)
        .filter_map(|after| {
            let after = after.trim_start().strip_prefix("override fun `")?;
            Some(after.split('`').next()?.to_string())
        })
        .collect()
}

/// Overloads for Java: records and functions with defaults get
/// `@JvmOverloads`, so trailing optional arguments can be left out; the
/// top-level functions are `Etalon.name(...)` in Java.
fn overloads(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut records = 0;
    for line in text.split_inclusive('\n') {
        let record = line
            .strip_prefix("data class ")
            .and_then(|rest| rest.strip_suffix(" (\n"));
        if let Some(name) = record {
            out.push_str(&format!("data class {name} @JvmOverloads constructor(\n"));
            records += 1;
        } else if line.trim_start().starts_with("@Throws(")
            && line.contains(" fun `")
            && !line.contains("override")
            && line.contains(" = ")
        {
            // A top-level function or a factory: interface methods have
            // their `@Throws` on a line of its own, overrides say so.
            out.push_str(&line.replacen(" fun `", " @JvmOverloads fun `", 1));
        } else {
            out.push_str(line);
        }
    }
    if records == 0 {
        return Err("no record found".into());
    }
    replace_all(
        &out,
        "\npackage ru.etalon",
        "\n@file:JvmName(\"Etalon\")\n\npackage ru.etalon",
    )
}

/// A method of an interface whose trailing arguments have defaults.
struct Defaults {
    /// The class implementing the interface.
    class: String,
    /// The method.
    method: String,
    /// Its parameters as declared, each with its default if any.
    params: Vec<(String, Option<String>)>,
}

/// The parameters of a signature, split at the commas outside `<...>`.
fn split_params(params: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in params.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(params[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !params[start..].trim().is_empty() {
        out.push(params[start..].trim());
    }
    out
}

/// The interface methods with defaults, by implementing class.
fn methods_with_defaults(text: &str) -> Result<Vec<Defaults>, String> {
    let mut found = Vec::new();
    each_block(text, "public interface ", |header, body| {
        let class = header
            .trim()
            .strip_prefix("public interface ")
            .and_then(|h| h.split_whitespace().next())
            .and_then(|h| h.strip_suffix("Interface"));
        for line in body.lines().filter(|l| l.contains(" = ")) {
            let signature = line
                .trim_start()
                .strip_prefix("fun `")
                .and_then(|s| s.split_once("`("))
                .and_then(|(method, rest)| Some((method, &rest[..rest.rfind("):")?])));
            if let (Some(class), Some((method, params))) = (class, signature) {
                let params = split_params(params)
                    .into_iter()
                    .map(|p| match p.split_once(" = ") {
                        Some((decl, default)) => (decl.to_string(), Some(default.to_string())),
                        None => (p.to_string(), None),
                    })
                    .collect();
                found.push(Defaults {
                    class: class.to_string(),
                    method: method.to_string(),
                    params,
                });
            }
        }
        body.to_string()
    })?;
    Ok(found)
}

/// Overloads for Java of the methods whose interface gives defaults:
/// Kotlin ignores `@JvmOverloads` on an override, so the class gets a
/// plain method per number of trailing arguments left out, which calls
/// the whole one with the interface's defaults.
fn method_overloads(text: &str) -> Result<String, String> {
    let wanted = methods_with_defaults(text)?;
    if wanted.is_empty() {
        return Err("no interface method with defaults".into());
    }
    let mut out = text.to_string();
    for d in wanted {
        let class = out
            .find(&format!("open class {}:", d.class))
            .ok_or_else(|| format!("no class {}", d.class))?;
        let at = class
            + out[class..]
                .find(&format!("override fun `{}`(", d.method))
                .ok_or_else(|| format!("no override of {}.{}", d.class, d.method))?;
        let line_start = out[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = at + out[at..].find('\n').unwrap_or(out.len() - at);
        let line = &out[line_start..line_end];
        let returns = line
            .rsplit_once("): ")
            .and_then(|(_, r)| r.strip_suffix(" {"))
            .ok_or_else(|| format!("no return type in `{line}`"))?
            .to_string();
        let throws = if line.trim_start().starts_with("@Throws(") {
            "@Throws(EtalonException::class)\n    "
        } else {
            ""
        };
        let open = line_end - 1;
        let end = block_end(&out, open).ok_or("a method without its `}`")?;
        let first_default = d
            .params
            .iter()
            .position(|(_, default)| default.is_some())
            .unwrap_or(d.params.len());
        let name = |decl: &str| decl.split(':').next().unwrap_or(decl).trim().to_string();
        let mut added = String::new();
        for keep in first_default..d.params.len() {
            let declared: Vec<&str> = d.params[..keep].iter().map(|(p, _)| p.as_str()).collect();
            let passed: Vec<String> = d.params[..keep]
                .iter()
                .map(|(p, _)| name(p))
                .chain(
                    d.params[keep..]
                        .iter()
                        .map(|(_, v)| v.clone().unwrap_or_default()),
                )
                .collect();
            let left: Vec<String> = d.params[keep..].iter().map(|(p, _)| name(p)).collect();
            added.push_str(&format!(
                "\n\n    /** [{m}] with {left} left to {their} default. */\n    {throws}fun `{m}`({declared}): {returns} = `{m}`({passed})",
                m = d.method,
                left = left.join(", "),
                their = if left.len() == 1 { "its" } else { "their" },
                declared = declared.join(", "),
                passed = passed.join(", "),
            ));
        }
        out.insert_str(end + 1, &added);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_argument_is_cloned_through_the_checked_call() {
        let lower = "object C {\n    override fun lower(value: Dataset): Long {\n        return value.uniffiCloneHandle()\n    }\n}\n";
        assert_eq!(
            closed_argument(lower).unwrap(),
            "object C {\n    override fun lower(value: Dataset): Long {\n        return value.etalonCheckedHandle()\n    }\n}\n"
        );
        assert_eq!(
            closed_argument("nothing here").unwrap_err(),
            "`return value.uniffiCloneHandle()` not found"
        );
    }

    #[test]
    fn non_null_arguments_are_checked_and_optional_ones_left_alone() {
        let call = "    UniffiLib.f(\n        FfiConverterTypeDataset.lower(`data`),\n        FfiConverterOptionalTypeNokScores.lower(`nok`),\n        FfiConverterString.lower(`period`),_status)\n";
        assert_eq!(
            null_argument(call).unwrap(),
            "    UniffiLib.f(\n        FfiConverterTypeDataset.lower(etalonArgument(`data`, \"data\")),\n        FfiConverterOptionalTypeNokScores.lower(`nok`),\n        FfiConverterString.lower(etalonArgument(`period`, \"period\")),_status)\n"
        );
        assert!(null_argument("fun f() = 1\n").is_err());
    }

    #[test]
    fn factories_in_companions_become_static() {
        let text = "class M {\n    companion object {\n        \n    @Throws(EtalonException::class) fun `standard`(): M {\n        return x\n    }\n    }\n}\nfun `top`() {}\n";
        let out = static_factories(text).unwrap();
        assert!(out.contains("@Throws(EtalonException::class) @JvmStatic fun `standard`()"));
        assert!(out.contains("\nfun `top`()"), "{out}");
    }

    #[test]
    fn interface_methods_get_the_throws_of_their_implementation() {
        let text = "public interface JInterface {\n    fun `apply`(`x`: Int): Int\n    fun `path`(): String?\n    companion object\n}\nopen class J: Disposable, JInterface {\n    @Throws(EtalonException::class)override fun `apply`(`x`: Int): Int {\n        return 1\n    }\n    override fun `path`(): String? {\n        return null\n    }\n}\n";
        let out = interface_throws(text).unwrap();
        assert!(out.contains("{\n    @Throws(EtalonException::class)\n    fun `apply`(`x`: Int): Int\n    fun `path`()"), "{out}");
    }

    #[test]
    fn records_and_functions_with_defaults_get_overloads() {
        let text = "@file:Suppress(\"NAME_SHADOWING\")\n\npackage ru.etalon\n\ndata class Options (\n    val period: String,\n    val threads: Int = 0\n)\n    @Throws(EtalonException::class) fun `verify`(`path`: String, `head`: String? = null): V {\n}\n    @Throws(EtalonException::class)override fun `m`(`x`: Int = 1): Int {\n}\n";
        let out = overloads(text).unwrap();
        assert!(
            out.contains("@file:JvmName(\"Etalon\")\n\npackage ru.etalon"),
            "{out}"
        );
        assert!(out.contains("data class Options @JvmOverloads constructor(\n"));
        assert!(out.contains("    @Throws(EtalonException::class) @JvmOverloads fun `verify`("));
        assert!(out.contains("\n    @Throws(EtalonException::class)override fun `m`("));
    }

    #[test]
    fn methods_whose_interface_gives_defaults_get_plain_overloads() {
        let text = "public interface MInterface {\n    @Throws(EtalonException::class)\n    fun `score`(`data`: D, `m`: Map<String, String>, `nok`: N? = null, `journal`: J? = null): K\n    fun `plain`(`x`: Int): Int\n    companion object\n}\nopen class M: Disposable, MInterface {\n    @Throws(EtalonException::class)override fun `score`(`data`: D, `m`: Map<String, String>, `nok`: N?, `journal`: J?): K {\n        return k { 1 }\n    }\n    override fun `plain`(`x`: Int): Int {\n        return x\n    }\n}\n";
        let out = method_overloads(text).unwrap();
        assert!(out.contains("    }\n\n    /** [score] with `nok`, `journal` left to their default. */\n    @Throws(EtalonException::class)\n    fun `score`(`data`: D, `m`: Map<String, String>): K = `score`(`data`, `m`, null, null)\n\n    /** [score] with `journal` left to its default. */\n    @Throws(EtalonException::class)\n    fun `score`(`data`: D, `m`: Map<String, String>, `nok`: N?): K = `score`(`data`, `m`, `nok`, null)\n    override fun `plain`"), "{out}");
        assert_eq!(out.matches("fun `score`(").count(), 4);
        assert!(
            method_overloads("public interface XInterface {\n    fun `f`(): Int\n}\n").is_err()
        );
    }
}
