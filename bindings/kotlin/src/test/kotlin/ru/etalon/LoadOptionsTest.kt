package ru.etalon

import java.io.File
import java.nio.charset.Charset
import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** `evaluateDir` reads a folder as the host declares it (the options of `etalon evaluate`). */
class LoadOptionsTest {
    // A small situation of the standard package's own test cases: one unit,
    // five material-aid decisions, one late (four critical deviations).
    private val case = File(Fixtures.workspace, "rules/tests/evaluations/material_aid")
    private val options = EvaluationOptions("2026-Q3")

    // Removed with everything in it after each test (a `deleteOnExit`
    // folder is not: it is never empty).
    @TempDir
    lateinit var tmp: Path

    private fun folder(extra: Boolean = false, charset: Charset = Charsets.UTF_8, sep: String = ","): String {
        val out = Files.createTempDirectory(tmp, "etalon-load").toFile()
        for (name in listOf("units.csv", "cases.csv")) {
            var lines = File(case, name).readLines(Charsets.UTF_8)
            if (extra && name == "cases.csv") {
                lines = listOf(lines[0] + ",note") + lines.drop(1).map { "$it,проверено" }
            }
            val text = lines.joinToString("\n") { it.replace(",", sep) } + "\n"
            File(out, name).writeBytes(text.toByteArray(charset))
        }
        return out.path
    }

    @Test
    fun `an extra column is read only when declared`() {
        val data = folder(extra = true)
        Methodology.standard().use { m ->
            val refused = assertThrows<EtalonException.Data> { m.evaluateDir(data, options) }
            assertTrue(refused.toString().contains("field `note`: unknown column"), refused.toString())
            val load = LoadOptions(extraColumns = listOf("note"))
            m.evaluateDir(data, options, load).use { assertEquals(4, it.deviations().size) }
        }
    }

    @Test
    fun `a Windows-1251 semicolon file is read as declared`() {
        val data = folder(charset = Charset.forName("windows-1251"), sep = ";")
        Methodology.standard().use { m ->
            val load = LoadOptions(encoding = "windows-1251", separator = ";")
            m.evaluateDir(data, options, load).use { e ->
                assertTrue(e.deviations().any { it.entityName == "Отделение срочного социального обслуживания" })
            }
            val misread = assertThrows<EtalonException> {
                m.evaluateDir(data, options, LoadOptions(encoding = "utf-8", separator = ";"))
            }
            assertTrue(misread.toString().contains("not UTF-8"), misread.toString())
        }
    }

    @Test
    fun `the problem limit stops the reading`() {
        val data = folder()
        val cases = File(data, "cases.csv")
        var text = cases.readText()
        for (n in 1..3) text = text.replace("MA$n,material_aid,U1,", "MA$n,material_aid,U${n + 6},")
        cases.writeText(text)
        Methodology.standard().use { m ->
            val all = assertThrows<EtalonException.Data> { m.evaluateDir(data, options) }
            assertTrue(all.toString().contains("3 problems in the data:"), all.toString())
            val two = assertThrows<EtalonException.Data> {
                m.evaluateDir(data, options, LoadOptions(maxProblems = 2))
            }
            assertTrue(
                two.toString().contains("2 problems in the data (loading stopped at this limit; there may be more):"),
                two.toString(),
            )
            val bad = assertThrows<EtalonException.InvalidArgument> {
                m.evaluateDir(data, options, LoadOptions(separator = "|"))
            }
            assertEquals("separator", bad.argument)
            assertEquals("`|`: the separator is `,` or `;`", bad.errorMessage)
        }
    }
}
