package ru.etalon

import java.io.File
import java.time.Duration
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Compiling a methodology three ways, and reading its catalogue. */
class MethodologyTest {
    /** `[[kind]]` tables in the standard package's files: an oracle read from disk. */
    // The НОК file (rules/scoring) declares indicators of its own scheme, not of the catalogue.
    private fun declared(kind: String): Int =
        File(Fixtures.workspace, "rules").walkTopDown()
            .onEnter { it.name != "scoring" }
            .filter { it.isFile && it.name.endsWith(".toml") }
            .sumOf { f -> f.readLines().count { it.trim() == "[[$kind]]" } }

    @Test
    fun `the standard package and its catalogue`() {
        Methodology.standard().use { m ->
            val info = m.info()
            assertEquals("standard", info.id)
            assertEquals(info.id, m.info().id)
            assertTrue(info.name.isNotBlank())
            val processes = m.processes()
            val aid = processes.single { it.id == "material_aid" }
            assertEquals("Материальная помощь", aid.name)
            assertEquals("Material aid", aid.nameEn)
            assertEquals(declared("indicator"), m.indicators().size)
            assertEquals(declared("measure"), m.measures().size)
            assertEquals(declared("reference"), m.references().size)
            val ids = processes.map { it.id }.toSet()
            assertTrue(m.indicators().all { it.process == null || it.process in ids })
            assertTrue(m.indicators().all { it.name.isNotBlank() })

            val ind = m.indicator("ma_decided_in_term")!!
            assertEquals("Доля заявлений, решение по которым принято в установленный срок", ind.name)
            assertEquals("material_aid", ind.process)
            assertEquals(ValueUnit.PERCENT, ind.unit)
            assertEquals(Direction.HIGHER_IS_BETTER, ind.direction)
            assertNull(m.indicator("no_such_indicator"))
            val decided = m.measures().single { it.id == "ma_decided" }
            assertEquals("cases", decided.table)
            assertTrue(m.references().all { it.indicator in m.indicators().map { i -> i.id } })

            val json = m.catalogueJson()
            assertTrue(json.contains("\"ma_decided_in_term\""))
            assertTrue(m.warnings().all { it.severity == Severity.WARNING })
        }
    }

    @Test
    fun `a folder and a map of files compile to the same methodology`() {
        val dir = Fixtures.smallPackage
        val files = dir.walkTopDown().filter { it.isFile }
            .associate { it.relativeTo(dir).invariantSeparatorsPath to it.readText() }
        val fromDir = Methodology.fromDir(dir.path)
        val fromMap = Methodology.fromFiles(files)
        assertEquals(fromDir.info(), fromMap.info())
        assertEquals(fromDir.indicators(), fromMap.indicators())
        assertEquals(emptyList<Diagnostic>(), checkPackageFiles(files))
        Dataset.fromDir(Fixtures.smallData.path).use { data ->
            assertEquals(
                fromDir.evaluate(data, "2026-Q3").toJson(),
                fromMap.evaluate(data, "2026-Q3").toJson(),
            )
        }
        assertEquals(
            listOf("home_care"),
            fromMap.processes().map { it.id },
        )
    }

    @Test
    fun `a tiny package from a host's database evaluates records built in memory`() {
        val files = mapOf(
            "etalon.toml" to """
                [package]
                id = "tiny"
                name = "Tiny"
                version = "1.0.0"
                edition = "2026"
                in_force_from = 2026-01-01
                [contents]
                processes = ["general.toml"]
            """.trimIndent(),
            "general.toml" to """
                [[measure]]
                id = "complaints"
                name = "Complaints received"
                table = "complaints"

                [[measure]]
                id = "justified"
                name = "Justified complaints"
                table = "complaints"
                where = "justified == true"

                [[indicator]]
                id = "justified_share"
                name = "Share of justified complaints"
                unit = "percent"
                direction = "lower_is_better"
                formula = "share(justified, complaints)"
                base = "complaints"
            """.trimIndent(),
        )
        val m = Methodology.fromFiles(files)
        assertEquals(listOf("justified_share"), m.indicators().map { it.id })
        val tree = OrgTree(
            "R", "Region",
            listOf(TreeGroup("G1", "Group")),
            listOf(TreeOrg("O1", "Centre", "G1", "non_residential")),
            listOf(TreeUnit("U1", "Unit", "O1", emptyList()), TreeUnit("U2", "Unit 2", "O1", emptyList())),
        )
        val b = DatasetBuilder(tree)
        b.addCells(
            "complaints",
            listOf("complaint_id", "unit_id", "received_on", "justified"),
            listOf(
                listOf(Cell.Text("K1"), Cell.Text("U1"), Cell.Text("2026-07-02"), Cell.Flag(true)),
                listOf(Cell.Text("K2"), Cell.Text("U1"), Cell.Text("03.07.2026"), Cell.Flag(false)),
                listOf(Cell.Text("K3"), Cell.Text("U2"), Cell.Text("2026-08-01"), Cell.Null),
            ),
        )
        m.evaluate(b.finish(), "2026-Q3").use { e ->
            val u1 = e.value(Level.UNIT, "U1", "justified_share")!!
            assertEquals(dec("50"), u1.value)
            assertEquals(mapOf("complaints" to 2L, "justified" to 1L), u1.inputs)
            assertEquals(Judgement.NO_REFERENCE, u1.judgement)
            assertDecimal(ratio(100, 3), e.value(Level.REGION, "R", "justified_share")!!.value, "region")
            assertEquals(dec("0"), e.value(Level.UNIT, "U2", "justified_share")!!.value)
        }
    }

    @Test
    fun `a data folder is read and evaluated in one call, within the CLI's limits`() {
        val folder = Fixtures.sampleData.path
        Methodology.standard().use { m ->
            Dataset.fromDir(folder).use { data ->
                val expected = m.evaluate(data, "2026-Q3").use { it.toJson() }
                val options = EvaluationOptions("2026-Q3", maxRecords = data.totalRecords())
                assertEquals(expected, m.evaluateDir(folder, options).use { it.toJson() })
            }
            val refused = assertThrows<EtalonException.LimitExceeded> {
                m.evaluateDir(folder, EvaluationOptions("2026-Q3", maxRecords = 100))
            }
            assertEquals("E-LIMIT-RECORDS", refused.code)
            assertEquals("records", refused.limit)
            assertTrue(
                refused.toString().endsWith(": more than 100 records in all tables: this host accepts at most 100"),
                refused.toString(),
            )
            val late = assertThrows<EtalonException.LimitExceeded> {
                m.evaluateDir(folder, EvaluationOptions("2026-Q3", timeout = Duration.ZERO))
            }
            assertEquals("E-LIMIT-DEADLINE", late.code)
        }
    }
}
