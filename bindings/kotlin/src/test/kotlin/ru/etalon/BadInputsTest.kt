package ru.etalon

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import tools.jackson.dataformat.toml.TomlMapper

/**
 * The bad-input corpus of the repository (`tests/bad_inputs/<case>/case.toml`),
 * the same folder the Rust API, the CLI and Python run: one dynamic test per
 * case, so a case added there is run here too. Each must fail with the
 * typed exception its `[expect]` names, carrying its fields
 * (see `tests/bad_inputs.rs` for the format).
 */
class BadInputsTest {
    private val corpus = File(Fixtures.workspace, "tests/bad_inputs")

    /** One case: its inputs (relative to its folder) and the error expected. */
    private class Case(val name: String, val dir: File, toml: Map<*, *>) {
        val description = toml["description"] as String
        val package_ = toml["package"] as String?
        val data = toml["data"] as String?
        val period = toml["period"] as String?
        val journal = toml["journal"] as String?
        private val expect = toml["expect"] as Map<*, *>
        val error = expect["error"] as String
        fun text(key: String): String? = expect[key] as String?
        fun number(key: String): Long? = (expect[key] as Number?)?.toLong()
    }

    private fun cases(): List<Case> {
        val mapper = TomlMapper()
        return corpus.listFiles { f -> File(f, "case.toml").isFile }!!
            .sortedBy { it.name }
            .map { dir -> Case(dir.name, dir, mapper.readValue(File(dir, "case.toml").readText(), Map::class.java)) }
    }

    @TestFactory
    fun `every bad input gives its typed exception`(): List<DynamicTest> {
        val cases = cases()
        assertTrue(cases.size >= 15, "the corpus holds ${cases.size} cases")
        return cases.map { case -> DynamicTest.dynamicTest("${case.name}: ${case.description}") { run(case) } }
    }

    private fun run(case: Case) {
        if (case.journal != null) {
            return journal(case)
        }
        val packageDir = case.package_ ?: fail("${case.name}: no package")
        val failure = assertThrows<EtalonException>(case.name) {
            val methodology = if (packageDir == "standard") Methodology.standard()
            else Methodology.fromDir(File(case.dir, packageDir).path)
            methodology.use { m ->
                Dataset.fromDir(File(case.dir, case.data!!).path).use { data ->
                    m.evaluate(data, case.period!!).close()
                }
            }
        }
        when (case.error) {
            "rule_error" -> {
                val e = failure as? EtalonException.Package ?: fail("${case.name}: $failure")
                assertEquals("E-PACKAGE-INVALID", e.code, case.name)
                val code = case.text("code")!!
                val file = case.text("file")
                val line = case.number("line")
                assertTrue(
                    e.diagnostics.any { d ->
                        d.severity == Severity.ERROR && d.code == code &&
                            (file == null || d.file == file) && (line == null || d.line.toLong() == line)
                    },
                    "${case.name}: no error $code at $file:$line in ${e.diagnostics}",
                )
            }
            "data_error" -> {
                val e = failure as? EtalonException.Data ?: fail("${case.name}: $failure")
                assertEquals(case.text("code") ?: "E-DATA-RECORD", e.code, case.name)
                assertEquals(case.text("table"), e.table, case.name)
                assertEquals(case.number("row"), e.row, case.name)
                assertEquals(case.text("field"), e.field, case.name)
                case.number("line")?.let { assertEquals(it, e.line, case.name) }
                case.text("file")?.let { assertTrue(e.file!!.endsWith("/$it"), "${case.name}: ${e.file}") }
                assertEquals(case.number("problems") ?: 0L, e.problems.size.toLong(), "${case.name}: ${e.problems}")
                e.problems.firstOrNull()?.let { assertEquals(e.line, it.line, case.name) }
            }
            "eval_error" -> {
                val e = failure as? EtalonException.Eval ?: fail("${case.name}: $failure")
                assertEquals(case.text("code"), e.code, case.name)
            }
            "file_error" -> {
                val e = failure as? EtalonException.Io ?: fail("${case.name}: $failure")
                assertEquals(case.text("code"), e.code, case.name)
                assertTrue(e.file!!.endsWith("/${case.text("file")}"), "${case.name}: ${e.file}")
            }
            "script_limit" -> {
                val e = failure as? EtalonException.LimitExceeded ?: fail("${case.name}: $failure")
                assertEquals("E-LIMIT-SCRIPT", e.code, case.name)
                assertEquals(case.text("rule"), e.rule, case.name)
                assertEquals(case.text("limit"), e.limit, case.name)
            }
            else -> fail("${case.name}: ${case.error} expected, got $failure")
        }
        assertFalse(failure.toString().contains("panicked"), failure.toString())
    }

    /** A damaged journal: refused when read, and not intact when verified. */
    private fun journal(case: Case) {
        assertEquals("journal_error", case.error, case.name)
        val path = File(case.dir, case.journal!!).path
        val before = File(path).readBytes()
        val e = assertThrows<EtalonException.Journal>(case.name) { Journal.readFile(path).close() }
        assertEquals("E-JOURNAL-DAMAGED", e.code, case.name)
        assertEquals(path, e.file, case.name)
        assertTrue((e.line ?: 0L) > 0L, "${case.name}: $e")
        assertThrows<EtalonException.Journal>(case.name) { Journal.openFile(path).close() }
        assertFalse(verifyJournalFile(path, null).intact, case.name)
        assertTrue(before.contentEquals(File(path).readBytes()), "${case.name}: the file was changed")
    }
}
