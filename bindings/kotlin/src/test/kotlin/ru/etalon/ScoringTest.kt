package ru.etalon

import java.io.File
import java.math.BigDecimal
import java.math.RoundingMode
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/**
 * НОК and KPI through the binding, on the fixtures the Rust tests and the
 * CLI tests score (`rules/tests/nok`, the sample region), with the same
 * numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoringTest {
    private val methodology = Methodology.standard()
    private val nokFixtures = File(Fixtures.workspace, "rules/tests/nok")

    @AfterAll
    fun close() = methodology.close()

    /** A CSV fixture as rows of cells, an empty cell missing. */
    private fun cells(file: File): Pair<List<String>, List<List<String?>>> {
        val (header, rows) = Fixtures.csv(file)
        return header to rows.map { row -> row.map { it.ifEmpty { null } } }
    }

    /** [actual] shown with the decimals of [expected] (how the package's test cases compare). */
    private fun assertShown(expected: String, actual: BigDecimal?, what: String) {
        val want = BigDecimal(expected)
        assertEquals(want, actual?.setScale(want.scale(), RoundingMode.HALF_UP), what)
    }

    @Test
    fun `the worked example of NOK md scores as its package test case says`() {
        val (columns, rows) = cells(File(nokFixtures, "worked_example.csv"))
        methodology.scoreNok(columns, rows, NokOptions()).use { scores ->
            assertEquals("2026", scores.period())
            val a = scores.org("A")!!
            // rules/tests/nok/worked_example.toml, and the CLI's line `87.28  88.50  77.00  96.75  94.30  88.77`.
            val expected = mapOf("k1" to "87.28", "k2" to "88.5", "k3" to "77.0", "k4" to "96.75", "k5" to "94.3")
            for ((id, value) in expected) {
                assertShown(value, a.criteria.single { it.id == id }.value, "A $id")
            }
            assertShown("88.7656", a.total, "A total")
            val indicators = mapOf("1.1" to "83.33", "1.3" to "88.19", "3.1" to "60", "4.3" to "93.75", "5.3" to "95")
            for ((number, value) in indicators) {
                assertShown(value, a.indicators.single { it.id == number }.value, "A $number")
            }
            assertEquals(1, a.rank)
            assertEquals(emptyList<String>(), a.notes)
            assertShown("88.77", scores.region().total, "region total")
            assertEquals(1, scores.region().organisations)
            assertEquals("reweight", scores.policies()["zero_base"]!!.substringBefore(";"))
            assertTrue(scores.toJson().contains("\"organisations\""))
        }
    }

    @Test
    fun `records score as rows do, and a policy set by the caller applies`() {
        val (columns, rows) = cells(File(nokFixtures, "zero_base.csv"))
        val records = rows.map { row -> columns.zip(row).toMap() }
        val zero = NokOptions(policies = mapOf("zero_base" to "zero"))
        methodology.scoreNok(columns, rows, zero).use { fromRows ->
            methodology.scoreNokRecords(records, zero).use { fromRecords ->
                assertEquals(fromRows.toJson(), fromRecords.toJson())
            }
            // tests/scoring.rs: with zero_base=zero, Z1's third criterion is 50.
            val z1 = fromRows.org("Z1")!!
            assertEquals(dec("50"), z1.criteria[2].value)
            assertTrue(z1.notes.first().startsWith("[zero_base]"), z1.notes.toString())
        }
    }

    @Test
    fun `a policy note in each language`() {
        val (columns, rows) = cells(File(Fixtures.sampleData, "nok_facts.csv"))
        Dataset.fromDir(Fixtures.sampleData.path).use { data ->
            methodology.scoreNokSurveys(data, columns, rows, NokOptions(period = "2026")).use { scores ->
                val english = listOf("[cap] 1.2: 120 points capped at 100")
                try {
                    setLanguage(Language.RU)
                    val o002 = scores.org("O002")!!
                    assertEquals(listOf("[cap] 1.2: 120 баллов, ограничено до 100"), o002.notes)
                    assertEquals(english, o002.notesEn)
                } finally {
                    setLanguage(Language.EN)
                }
                assertEquals(english, scores.org("O002")!!.notes)
            }
        }
    }

    @Test
    fun `questionnaires of the sample region are counted and scored`() {
        val (columns, rows) = cells(File(Fixtures.sampleData, "nok_facts.csv"))
        Dataset.fromDir(Fixtures.sampleData.path).use { data ->
            methodology.scoreNokSurveys(data, columns, rows, NokOptions(period = "2025")).use { scores ->
                // The CLI: `score nok --data examples/data --period 2025`: 4 organisations, region SVR.
                assertEquals(4, scores.organisations().size)
                assertEquals("SVR", scores.region().id)
                assertEquals(4, scores.region().organisations)
                for (o in scores.organisations()) {
                    assertTrue(o.respondents!! > 0, o.org)
                    assertTrue(o.total!! > BigDecimal.ZERO && o.total!! <= BigDecimal(100), o.org)
                }
                assertTrue(scores.organisations().all { it.rank in 1..4 }, scores.organisations().toString())
            }
            // The CLI's `score nok --data examples/data --period 2026`: totals, ranks, groups, the region.
            methodology.scoreNokSurveys(data, columns, rows, NokOptions(period = "2026")).use { scores ->
                val totals = mapOf("O003" to "90.91", "O004" to "90.38", "O002" to "86.85", "O001" to "82.73")
                for ((rank, entry) in totals.entries.withIndex()) {
                    val o = scores.org(entry.key)!!
                    assertShown(entry.value, o.total, entry.key)
                    assertEquals(rank + 1, o.rank, entry.key)
                }
                val o001 = scores.org("O001")!!
                for ((id, value) in listOf("k1" to "79.58", "k2" to "90.80", "k3" to "49.13", "k4" to "98.06", "k5" to "96.10")) {
                    assertShown(value, o001.criteria.single { it.id == id }.value, "O001 $id")
                }
                assertEquals(listOf("[cap] 1.2: 120 points capped at 100"), scores.org("O002")!!.notes)
                assertShown("87.72", scores.region().total, "region")
                val g02 = scores.groups().single { it.id == "G02" }
                assertShown("88.62", g02.total, "G02")
                assertEquals(1, g02.rank)
                assertEquals(listOf("family_children", "non_residential", "residential"), scores.sectors().map { it.id })
            }
            val e = assertThrows<EtalonException.InvalidArgument> {
                methodology.scoreNokSurveys(data, columns, rows, NokOptions())
            }
            assertEquals("period", e.argument)
        }
    }

    @Test
    fun `bad counts name the organisation, the column and the value`() {
        val (columns, rows) = cells(File(nokFixtures, "worked_example.csv"))
        val at = columns.indexOf("polite_first_satisfied")
        val spoiled = rows.map { row -> row.toMutableList().also { it[at] = "101" } }
        val e = assertThrows<EtalonException.Data> { methodology.scoreNok(columns, spoiled, NokOptions()) }
        assertEquals("E-DATA-NOK-INPUT", e.code)
        assertEquals("A", e.organisation)
        assertEquals("polite_first_satisfied", e.field)
        assertEquals("101", e.value)
        // Rows given in memory: the record's number is `row`, as in Python.
        assertEquals("nok", e.table)
        assertEquals(1L, e.row)
        assertNull(e.line)
        assertTrue(e.errorMessage.endsWith(": more than polite_first_base (100)"), e.errorMessage)
        // tests/scoring.rs: the CLI says the same, after the file name.
        assertTrue(
            e.toString().contains("organisation `A`, column `polite_first_satisfied` = 101: more than polite_first_base (100)"),
            e.toString(),
        )

        val typo = columns.map { if (it == "overall_base") "overall_bas" else it }
        val missing = assertThrows<EtalonException.Data> { methodology.scoreNok(typo, rows, NokOptions()) }
        assertEquals("E-DATA-NOK-INPUT", missing.code)
        assertEquals("overall_bas", missing.field)
        assertTrue(missing.errorMessage.contains("did you mean `overall_base`"), missing.errorMessage)

        val badPolicy = assertThrows<EtalonException.Scoring> {
            methodology.scoreNok(columns, rows, NokOptions(policies = mapOf("zero_base" to "sometimes")))
        }
        assertEquals("E-SCORING-POLICY", badPolicy.code)

        val short = assertThrows<EtalonException.InvalidArgument> {
            methodology.scoreNok(columns, listOf(listOf("A", "2026")), NokOptions())
        }
        assertEquals("rows", short.argument)
    }

    @Test
    fun `KPI points of the sample region add up item by item`() {
        Dataset.fromDir(Fixtures.sampleData.path).use { data ->
            methodology.evaluate(data, "2026-Q3").use { evaluation ->
                val (columns, rows) = cells(File(Fixtures.sampleData, "nok_facts.csv"))
                val nok = methodology.scoreNokSurveys(data, columns, rows, NokOptions(period = "2026"))
                methodology.scoreKpi(data, evaluation, nok, null).use { kpi ->
                    assertEquals("2026-Q3", kpi.period())
                    val directors = kpi.directors()
                    assertEquals(data.entityCount(Level.ORG).toInt(), directors.size)
                    assertEquals(data.entityCount(Level.GROUP).toInt(), kpi.heads().size)
                    for (d in directors) {
                        // tests/scoring.rs: the points are the weighted items; never above the maximum.
                        assertDecimal(d.points, d.items.fold(BigDecimal.ZERO) { s, i -> s + i.weighted }, d.id)
                        assertTrue(d.points <= d.maxPoints, d.id)
                        assertTrue(d.rank != null && d.rankInGroup != null, d.id)
                        val occupancy = d.items.single { it.item == "occupancy" }
                        if (d.orgType == "residential") {
                            assertTrue(occupancy.applicable, d.id)
                            assertEquals(3, occupancy.quarters.size, d.id)
                        } else {
                            assertTrue(!occupancy.applicable, d.id)
                        }
                        // The НОК total is read from the scores.
                        assertDecimal(nok.org(d.id)?.total, d.items.single { it.item == "nok_total" }.value, d.id)
                    }
                    // The CLI's `score kpi --data examples/data --period 2026-Q3`: points, maxima, ranks.
                    val expected = listOf(
                        listOf("O004", "40", "45", 1), listOf("O003", "55", "70", 2),
                        listOf("O001", "35", "45", 3), listOf("O002", "25", "45", 4),
                    )
                    for ((id, points, max, rank) in expected) {
                        val d = kpi.director(id as String)!!
                        assertDecimal(dec(points as String), d.points, "$id points")
                        assertDecimal(dec(max as String), d.maxPoints, "$id max")
                        assertEquals(rank, d.rank, "$id rank")
                    }
                    val g01 = kpi.head("G01")!!
                    assertDecimal(dec("45"), g01.points, "G01 points")
                    assertDecimal(dec("57.5"), g01.maxPoints, "G01 max")
                    assertEquals(1, g01.rank)
                    // The CLI's `score kpi --explain O003` shows this rule (tests/scoring.rs).
                    val o003 = kpi.director("O003")!!
                    assertTrue(o003.items.any { it.rule.contains("each quarter: 95..100 → 5") }, o003.items.toString())
                    assertNull(kpi.director("nobody"))
                }
                // Without the НОК, its item has no value and does not count.
                methodology.scoreKpi(data, evaluation, null, null).use { kpi ->
                    val item = kpi.directors().first().items.single { it.item == "nok_total" }
                    assertNull(item.value)
                }
                nok.close()
            }
        }
    }

    @Test
    fun `a package without a scheme says so`() {
        Methodology.fromDir(Fixtures.smallPackage.path).use { small ->
            val e = assertThrows<EtalonException.Scoring> { small.scoreNok(listOf("org_id"), emptyList(), NokOptions()) }
            assertEquals("E-SCORING-NO-SCHEME", e.code)
            assertEquals("the rule package has no НОК scheme (add `nok = \"...\"` to [contents])", e.toString())
        }
    }
}
