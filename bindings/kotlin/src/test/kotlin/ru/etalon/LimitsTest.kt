package ru.etalon

import java.io.File
import java.time.Duration
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The host's limits: the script ceiling a package may only lower and one
 * timeout covering loading, compiling and evaluating, as the CLI's
 * `--max-operations`... and `--timeout` set them.
 */
class LimitsTest {
    private val formulas = "scripts/formulas.rhai"
    private val general = "processes/general.toml"
    private val packageOps = "max_operations = 200000"
    private val lifted = Long.MAX_VALUE

    /** A loop only data meets: the compile's probes give no count between 2 and 10^8. */
    private val spin = "fn spin(n) {\n    if n > 1 && n < 100000000 { loop { } }\n    n\n}\n\nfn missed_per_100("

    /** The same, bounded: some thousands of operations per call. */
    private val count =
        "fn spin(n) {\n    if n > 1 && n < 100000000 { let i = 0; while i < 2000 { i += 1; } }\n    n\n}\n\nfn missed_per_100("

    /** The standard package, read from the repository's `rules/`. */
    private fun standardFiles(): MutableMap<String, String> {
        val root = File(Fixtures.workspace, "rules")
        return root.walkTopDown()
            .filter { it.isFile && (it.name.endsWith(".toml") || it.name.endsWith(".rhai") || it.name.endsWith(".csv") || it.name.endsWith(".json")) }
            .associate { it.relativeTo(root).invariantSeparatorsPath to it.readText(Charsets.UTF_8) }
            .toMutableMap()
    }

    /** The standard package with each (file, old, new) edit made once. */
    private fun edited(vararg edits: Triple<String, String, String>): Map<String, String> {
        val files = standardFiles()
        for ((path, old, new) in edits) {
            val text = files.getValue(path)
            assertEquals(text.indexOf(old), text.lastIndexOf(old), "$path: $old")
            files[path] = text.replace(old, new)
        }
        return files
    }

    private fun loopingOnData(body: String, ops: String = "max_operations = $lifted") =
        edited(
            Triple(general, "formula = \"per_100(gen_complaints, gen_recipients)\"", "formula = \"per_100(gen_complaints, spin(gen_recipients))\""),
            Triple(formulas, "fn missed_per_100(", body),
            Triple("etalon.toml", packageOps, ops),
        )

    @Test
    fun `a script looping forever stops at the timeout of the evaluation`() {
        Methodology.fromFiles(loopingOnData(spin), CompileOptions(maxOperations = lifted)).use { m ->
            Dataset.fromDir(Fixtures.sampleData.path).use { data ->
                val e = assertThrows<EtalonException.LimitExceeded> {
                    m.evaluateWith(data, EvaluationOptions("2026-Q3", timeout = Duration.ofSeconds(2)))
                }
                assertEquals("E-LIMIT-DEADLINE", e.code)
                assertEquals("deadline", e.limit)
            }
        }
    }

    @Test
    fun `a script looping forever stops at the timeout of the compile`() {
        val files = edited(
            Triple(formulas, "    if planned == 0 { return (); }\n", "    loop { }\n"),
            Triple("etalon.toml", packageOps, "max_operations = $lifted"),
        )
        val options = CompileOptions(timeout = Duration.ofSeconds(2), maxOperations = lifted)
        val e = assertThrows<EtalonException.LimitExceeded> { Methodology.fromFiles(files, options) }
        assertEquals("E-LIMIT-DEADLINE", e.code)
        assertEquals("deadline", e.limit)
        val found = checkPackageFiles(files, options).filter { it.code == "deadline" }
        assertEquals(
            listOf("the check ran past this host's deadline while running the scripts"),
            found.map { it.message },
        )
    }

    @Test
    fun `a spent timeout stops the loading of a folder`() {
        val e = assertThrows<EtalonException.LimitExceeded> {
            Methodology.fromDir(File(Fixtures.workspace, "rules").path, CompileOptions(timeout = Duration.ZERO))
        }
        assertEquals("E-LIMIT-DEADLINE", e.code)
    }

    @Test
    fun `a host cap below the package's own makes the script limit error`() {
        val files = loopingOnData(count, packageOps)
        Dataset.fromDir(Fixtures.sampleData.path).use { data ->
            // The package's own budget is enough.
            Methodology.fromFiles(files).use { m -> m.evaluate(data, "2026-Q3").close() }
            Methodology.fromFiles(files, CompileOptions(maxOperations = 1000)).use { m ->
                assertEquals(
                    listOf("the package asks `max_operations = 200000`, above this host's ceiling of 1000; 1000 is used"),
                    m.warnings().filter { it.code == "limit-capped" }.map { it.message },
                )
                val e = assertThrows<EtalonException.LimitExceeded> { m.evaluate(data, "2026-Q3") }
                assertEquals("E-LIMIT-SCRIPT", e.code)
                assertEquals("operations", e.limit)
                // The budget is the formula's, the function it calls included.
                assertEquals(general, e.file)
            }
        }
    }

    @Test
    fun `a limit below one is an invalid argument naming it`() {
        val cases: List<Pair<String, (Long) -> CompileOptions>> = listOf(
            "maxOperations" to { v -> CompileOptions(maxOperations = v) },
            "maxCallLevels" to { v -> CompileOptions(maxCallLevels = v) },
            "maxExprDepth" to { v -> CompileOptions(maxExprDepth = v) },
            "maxStringSize" to { v -> CompileOptions(maxStringSize = v) },
            "maxArraySize" to { v -> CompileOptions(maxArraySize = v) },
            "maxMapSize" to { v -> CompileOptions(maxMapSize = v) },
        )
        for ((name, options) in cases) {
            for (value in listOf(0L, -1L)) {
                val calls: List<() -> Unit> = listOf(
                    { Methodology.standard(options(value)).close() },
                    { Methodology.fromDir(File(Fixtures.workspace, "rules").path, options(value)).close() },
                    { Methodology.fromFiles(standardFiles(), options(value)).close() },
                    { checkPackageFiles(standardFiles(), options(value)) },
                    { checkPackageDir(File(Fixtures.workspace, "rules").path, options(value)) },
                )
                for (call in calls) {
                    val e = assertThrows<EtalonException.InvalidArgument> { call() }
                    assertEquals("E-ARGUMENT", e.code)
                    assertEquals(name, e.argument)
                    assertEquals("$name: $value is not a limit: give 1 or more", e.errorMessage)
                }
            }
        }
    }
}
