package ru.etalon

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The hostile-script corpus of `tests/hostile` (the one `tests/hostile.rs`
 * runs), through the binding: each script is refused when compiled or
 * stopped by its sandbox limit, as a typed exception, and the JVM goes on.
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

    private fun data(): Dataset {
        val tree = OrgTree(
            "R", "r",
            listOf(TreeGroup("G", "g")),
            listOf(TreeOrg("O", "o", "G", "t")),
            listOf(TreeUnit("U", "u", "O", emptyList())),
        )
        val b = DatasetBuilder(tree)
        b.addRows("complaints", listOf("complaint_id", "unit_id", "received_on"), listOf(listOf("K", "U", "2026-07-01")))
        return b.finish()
    }

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
        val data = data()
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
            val m = Methodology.fromFiles(files(text))
            val e = assertThrows<EtalonException>(name) { m.evaluate(data, "2026-Q3").close() }
            // Reported where the script stopped: in the library or in the formula.
            val (rule, file, line, column) = when (e) {
                is EtalonException.Script -> listOf(e.rule, e.file, e.line, e.column)
                is EtalonException.LimitExceeded -> listOf(e.rule, e.file, e.line, e.column)
                else -> fail("$name: $e")
            }
            assertEquals("attacked", rule, name)
            assertTrue(file == "attack.rhai" || file == "general.toml", "$name: $file")
            assertTrue((line as Long) > 0, "$name: $line")
            if (expect[0] == "failed") {
                val failed = e as? EtalonException.Script ?: fail("$name: $e")
                assertEquals("E-SCRIPT-FAILED", failed.code)
                assertEquals(null, failed.limit, name)
                assertTrue(failed.errorMessage.contains("open_file"), "$name: ${failed.errorMessage}")
            } else {
                val limit = e as? EtalonException.LimitExceeded ?: fail("$name: $e")
                assertEquals("E-LIMIT-SCRIPT", limit.code)
                assertEquals(expect[0], limit.limit, "$name: $e")
                assertTrue(
                    limit.toString().startsWith("$file:$line:$column: rule `attacked`: the script exceeded its "),
                    limit.toString(),
                )
                limited++
            }
            m.close()
        }
        assertTrue(compiled >= 3 && limited >= 8, "compiled $compiled, limited $limited")
    }
}
