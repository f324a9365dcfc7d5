package ru.etalon

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The hostile-script corpus of `tests/hostile` (the one `tests/hostile.rs`
 * runs), through the binding: each script is refused when compiled (by
 * its syntax, or by the limit it hits on the check's probe inputs), as a
 * typed exception, and the JVM goes on.
 */
class HostileScriptsTest {
    private fun files(script: String): Map<String, String> = mapOf(
        "etalon.toml" to """
            [package]
            id = "hostile"
            name = "h"
            version = "1"
            edition = "t"
            in_force_from = 2026-01-01
            [contents]
            processes = ["general.toml"]
            scripts = ["attack.rhai"]
        """.trimIndent(),
        "general.toml" to """
            [[measure]]
            id = "complaints"
            name = "c"
            table = "complaints"

            [[indicator]]
            id = "attacked"
            name = "a"
            unit = "count"
            direction = "lower_is_better"
            formula = "attack(complaints)"
        """.trimIndent(),
        "attack.rhai" to script,
    )

    @Test
    fun `every hostile script is stopped with its named error`() = runCorpus()

    @Test
    fun `a caller with a small stack is safe too`() {
        // Application servers run requests on threads with small stacks; the
        // scripts run on a stack of their own, so the JVM survives the corpus.
        var failure: Throwable? = null
        val thread = Thread(null, {
            try {
                runCorpus()
            } catch (t: Throwable) {
                failure = t
            }
        }, "small-stack", 256L * 1024)
        thread.start()
        thread.join()
        failure?.let { throw it }
    }

    private fun runCorpus() {
        val scripts = Fixtures.hostile.listFiles { f -> f.name.endsWith(".rhai") }!!.sortedBy { it.name }
        assertTrue(scripts.size >= 12, "the corpus has ${scripts.size} scripts")
        var compiled = 0
        var limited = 0
        for (file in scripts) {
            val name = file.name
            val text = file.readText()
            val expect = text.lineSequence().first().removePrefix("// expect: ").split(" ")
            if (expect[0] == "compile") {
                val e = assertThrows<EtalonException.Package>(name) { Methodology.fromFiles(files(text)) }
                val first = e.diagnostics.first { it.severity == Severity.ERROR }
                assertEquals(expect[1], first.code, "$name: $first")
                assertEquals("attack.rhai", first.file, name)
                assertTrue(first.line > 0, "$name: a place is given: $first")
                compiled++
                continue
            }
            // Scripts that parse are run on probe inputs when compiled: each
            // is refused there, at its own function, with the limit it hit.
            val e = assertThrows<EtalonException.Package>(name) { Methodology.fromFiles(files(text)) }
            val found = e.diagnostics.firstOrNull {
                it.severity == Severity.ERROR && it.file == "attack.rhai" && it.line > 0
            } ?: fail("$name: nothing in attack.rhai: ${e.diagnostics}")
            if (expect[0] == "failed") {
                assertEquals("script-runtime", found.code, "$name: $found")
                assertTrue(found.message.contains("open_file"), "$name: ${found.message}")
            } else {
                assertEquals("script-limit", found.code, "$name: $found")
                assertTrue(
                    found.message.contains("the script exceeded its ") && found.message.endsWith(" and was stopped"),
                    "$name: ${found.message}",
                )
                limited++
            }
        }
        assertTrue(compiled >= 3 && limited >= 8, "compiled $compiled, limited $limited")
    }
}
