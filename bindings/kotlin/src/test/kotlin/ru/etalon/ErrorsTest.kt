package ru.etalon

import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * Every kind of failure arrives as a subclass of the sealed
 * [EtalonException] with the fields the Rust error has; `toString()` is the
 * Rust text and `message` the field dump. Bad inputs never crash the JVM.
 */
class ErrorsTest {
    @TempDir
    lateinit var tmp: Path

    /** A copy of the small region's data folder to spoil. */
    private fun dataCopy(): File {
        val dir = tmp.resolve("data").toFile()
        Fixtures.smallData.copyRecursively(dir)
        return dir
    }

    @Test
    fun `a broken package lists every diagnostic with its place`() {
        val e = assertThrows<EtalonException.Package> {
            Methodology.fromDir(Fixtures.brokenPackage.path)
        }
        val typo = Diagnostic(
            severity = Severity.ERROR,
            code = "bad-filter",
            file = "processes/care.toml",
            line = 26,
            column = 10,
            rule = "typo_field",
            message = "`decided_om` is neither a field of this table nor a parameter; did you mean `decided_on`?",
            messageEn = "`decided_om` is neither a field of this table nor a parameter; did you mean `decided_on`?",
        )
        assertTrue(e.diagnostics.contains(typo), e.diagnostics.toString())
        val errors = e.diagnostics.count { it.severity == Severity.ERROR }
        val warnings = e.diagnostics.count { it.severity == Severity.WARNING }
        assertTrue(errors >= 20, "errors: $errors")
        assertEquals(
            Diagnostic(Severity.WARNING, "unlisted-file", "stray.toml", 0, 0, null,
                "this file is not listed in the manifest's [contents], so it is ignored",
                "this file is not listed in the manifest's [contents], so it is ignored"),
            e.diagnostics.single { it.code == "unlisted-file" },
        )
        // The envelope: its code, the counts and the first error as the message, that error's place as
        // fields. A script that does not parse comes first: the checks that run scripts depend on it.
        assertEquals("E-PACKAGE-INVALID", e.code)
        val first = e.diagnostics.first { it.severity == Severity.ERROR }
        assertEquals(
            "the rule package has $errors error(s) and $warnings warning(s); first: " +
                "scripts/lib.rhai:4:1: error[script-syntax]: Unexpected '}'",
            e.toString(),
        )
        assertEquals(first.file, e.file)
        assertEquals(4L, e.line)
        assertEquals(1L, e.column)
        assertTrue(e.message!!.startsWith("code=E-PACKAGE-INVALID, errorMessage=the rule package has "), e.message)
        // Checking gives the same list without throwing.
        assertEquals(e.diagnostics, checkPackageDir(Fixtures.brokenPackage.path))
    }

    @Test
    fun `a package given as files is checked the same way`() {
        val files = mapOf(
            "etalon.toml" to """
                [package]
                id = "t"
                name = "t"
                version = "1"
                edition = "t"
                in_force_from = 2026-01-01
                [contents]
                processes = ["general.toml"]
            """.trimIndent(),
            "general.toml" to """
                [[indicator]]
                id = "x"
                name = "x"
                unit = "percent"
                direction = "higher_is_better"
                formula = "share(a, b)"
            """.trimIndent(),
        )
        val e = assertThrows<EtalonException.Package> { Methodology.fromFiles(files) }
        assertEquals(setOf("bad-formula"), e.diagnostics.map { it.code }.toSet())
        assertEquals(setOf("general.toml"), e.diagnostics.map { it.file }.toSet())
        assertEquals(e.diagnostics, checkPackageFiles(files))
        assertTrue(e.diagnostics.all { it.line == 6 && it.rule == "x" }, e.diagnostics.toString())
    }

    @Test
    fun `a missing folder or file is an Io error`() {
        val missing = tmp.resolve("nowhere").toString()
        val e = assertThrows<EtalonException.Io> { Methodology.fromDir(missing) }
        assertEquals("E-IO-MISSING", e.code)
        assertEquals(missing, e.file)
        assertEquals("$missing: not a directory; give the folder that holds etalon.toml", e.toString())

        val empty = tmp.resolve("empty").toFile().apply { mkdirs() }
        val d = assertThrows<EtalonException.Io> { Dataset.fromDir(empty.path) }
        val units = File(empty, "units.csv").path
        assertEquals(units, d.file)
        assertEquals("$units: a data folder needs units.csv (the organisation tree: region, group, organisation, unit)", d.errorMessage)
        assertEquals(d.errorMessage, d.toString())
        assertTrue(d.message!!.startsWith("code=E-IO-MISSING, errorMessage=$units: a data folder needs units.csv"), d.message)
    }

    @Test
    fun `a malformed data file is a Data error naming file and line`() {
        val dir = dataCopy()
        val complaints = File(dir, "complaints.csv")
        complaints.appendText("K9,U1\n")
        val csv = assertThrows<EtalonException.Data> { Dataset.fromDir(dir.path) }
        assertEquals("E-DATA-CSV", csv.code)
        assertEquals(complaints.path, csv.file)
        assertEquals("complaints", csv.table)
        assertEquals(6L, csv.line)
        assertTrue(csv.toString().startsWith("${complaints.path}, line 6: "), csv.toString())

        complaints.delete()
        File(dir, "complaints.json").writeText("[{\"complaint_id\": \"K1\",")
        val json = assertThrows<EtalonException.Data> { Dataset.fromDir(dir.path) }
        assertEquals("E-DATA-JSON", json.code)
        assertTrue(json.file!!.endsWith("complaints.json"), json.file)
        assertNull(json.line)
        assertTrue(json.toString().startsWith("${json.file}: "), json.toString())
    }

    @Test
    fun `a bad record names its file, line, table, row and field`() {
        val dir = dataCopy()
        val cases = File(dir, "cases.csv")
        cases.writeText(cases.readText().replace("C02,home_care,U1,P2,2026-07-01", "C02,home_care,U1,P2,2026-13-01"))
        val e = assertThrows<EtalonException.Data> { Dataset.fromDir(dir.path) }
        assertEquals("cases", e.table)
        assertEquals(2L, e.row)
        assertEquals("applied_on", e.field)
        assertEquals("E-DATA-RECORD", e.code)
        // The value is not repeated: errors never carry a value of a record.
        assertFalse(e.toString().contains("2026-13-01"), e.toString())
        assertEquals(cases.path, e.file)
        assertEquals(3L, e.line)
        assertEquals(
            "${cases.path}, line 3: cases, row 2, field `applied_on`: expected a date such as 2026-07-01 or 01.07.2026",
            e.toString(),
        )
    }

    @Test
    fun `data the package cannot read is refused at evaluation`() {
        val tree = OrgTree(
            "R", "r",
            listOf(TreeGroup("G", "g")),
            listOf(TreeOrg("O", "o", "G", "non_residential")),
            listOf(TreeUnit("U", "u", "O", listOf("home_care"))),
        )
        val data = DatasetBuilder(tree).apply {
            addRows(
                "cases",
                listOf("case_id", "process", "unit_id", "recipient_id", "applied_on"),
                listOf(listOf("C1", "astrology", "U", "P1", "2026-07-01")),
            )
        }.finish()
        val m = Methodology.fromDir(Fixtures.smallPackage.path)
        val e = assertThrows<EtalonException.Data> { m.evaluate(data, "2026-Q3") }
        assertEquals("cases", e.table)
        assertEquals(1L, e.row)
        assertEquals("process", e.field)
        assertEquals("E-DATA-RECORD", e.code)
        assertTrue(e.errorMessage.endsWith("not a process of the rule package, which has: home_care"), e.errorMessage)
        assertFalse(e.toString().contains("astrology"), e.toString())
        assertNull(e.file)
    }

    @Test
    fun `a period out of force is an Eval error with the days in force`() {
        Methodology.fromDir(Fixtures.smallPackage.path).use { m ->
            Dataset.fromDir(Fixtures.smallData.path).use { data ->
                val e = assertThrows<EtalonException.Eval> { m.evaluate(data, "2025-Q4") }
                assertEquals("E-EVAL-NOT-IN-FORCE", e.code)
                assertEquals("small 1.0.0", e.`package`)
                assertEquals("2025-Q4", e.period)
                assertEquals(java.time.LocalDate.of(2026, 1, 1), e.inForceFrom)
                assertNull(e.inForceTo)
                assertEquals("the methodology small 1.0.0 is in force from 2026-01-01, not in 2025-Q4", e.toString())
            }
        }
    }

    @Test
    fun `bad arguments are InvalidArgument`() {
        val m = Methodology.fromDir(Fixtures.smallPackage.path)
        val data = Dataset.fromDir(Fixtures.smallData.path)
        val period = assertThrows<EtalonException.InvalidArgument> { m.evaluate(data, "2026-Q5") }
        assertEquals("period", period.argument)
        assertEquals("`2026-Q5` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07", period.errorMessage)
        assertEquals("period: ${period.errorMessage}", period.toString())
        assertEquals("E-ARGUMENT", period.code)

        val threads = assertThrows<EtalonException.InvalidArgument> {
            m.evaluateWith(data, EvaluationOptions(period = "2026-Q3", threads = -1))
        }
        assertEquals("threads", threads.argument)

        val table = assertThrows<EtalonException.InvalidArgument> { data.recordCount("case") }
        assertEquals("table", table.argument)
        assertTrue(table.errorMessage.startsWith("unknown table `case`"), table.errorMessage)

        val builder = DatasetBuilder(
            OrgTree("R", "r", listOf(TreeGroup("G", "g")), listOf(TreeOrg("O", "o", "G", "t")),
                listOf(TreeUnit("U", "u", "O", emptyList()))),
        )
        builder.finish()
        val spent = assertThrows<EtalonException.InvalidArgument> { builder.finish() }
        assertEquals("builder", spent.argument)
        assertThrows<EtalonException.InvalidArgument> {
            builder.addRows("complaints", listOf("complaint_id"), emptyList())
        }
        val column = assertThrows<EtalonException.Data> {
            DatasetBuilder(
                OrgTree("R", "r", listOf(TreeGroup("G", "g")), listOf(TreeOrg("O", "o", "G", "t")),
                    listOf(TreeUnit("U", "u", "O", emptyList()))),
            ).addRows("complaints", listOf("complaint_id", "colour"), emptyList())
        }
        assertEquals("complaints", column.table)
        assertEquals("colour", column.field)
        assertEquals("E-DATA-RECORD", column.code)
        assertNull(column.row)
    }

    @Test
    fun `a caller can branch on the sealed hierarchy`() {
        fun kind(e: EtalonException): String = when (e) {
            is EtalonException.Data -> "data"
            is EtalonException.Package -> "package"
            is EtalonException.Script -> "script"
            is EtalonException.Eval -> "eval"
            is EtalonException.LimitExceeded -> "limit"
            is EtalonException.Scoring -> "scoring"
            is EtalonException.Journal -> "journal"
            is EtalonException.Io -> "io"
            is EtalonException.Internal -> "internal"
            is EtalonException.InvalidArgument -> "argument"
            is EtalonException.Closed -> "closed"
        }
        val e = assertThrows<EtalonException> { Methodology.fromDir(Fixtures.brokenPackage.path) }
        assertEquals("package", kind(e))
        assertNotNull(e as? Exception)
    }
}
