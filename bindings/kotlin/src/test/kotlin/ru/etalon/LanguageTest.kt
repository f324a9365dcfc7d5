package ru.etalon

import java.io.File
import java.nio.file.Path
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * The language of messages: `setLanguage(Language.RU)` makes exceptions
 * (`errorMessage`, `toString()`) and diagnostics (`message`) Russian, the
 * English kept in `errorMessageEn` / `messageEn`. The texts compared are of
 * error families whose words are in the message catalogue (faults of data,
 * package diagnostics, refused limits, periods). The other tests run in
 * English (Surefire sets `LC_ALL=en_US.UTF-8`); each test here goes back
 * to it.
 */
class LanguageTest {
    @TempDir
    lateinit var tmp: Path

    @AfterEach
    fun english() = setLanguage(Language.EN)

    /** The small region's data with a date that is not one on line 3 of cases.csv. */
    private fun spoiltData(): File {
        val dir = tmp.resolve("data").toFile()
        Fixtures.smallData.copyRecursively(dir)
        val cases = File(dir, "cases.csv")
        cases.writeText(cases.readText().replace("C02,home_care,U1,P2,2026-07-01", "C02,home_care,U1,P2,2026-13-01"))
        return dir
    }

    @Test
    fun `a data fault in each language`() {
        val dir = spoiltData()
        val place = File(dir, "cases.csv").path
        val english = "$place, line 3: cases, row 2, field `applied_on`: expected a date such as 2026-07-01 or 01.07.2026"
        val russian = "$place, строка 3: cases, запись 2, поле `applied_on`: ожидалась дата вида 2026-07-01 или 01.07.2026"
        setLanguage(Language.RU)
        assertEquals(Language.RU, language())
        val ru = assertThrows<EtalonException.Data> { Dataset.fromDir(dir.path) }
        assertEquals(russian, ru.errorMessage)
        assertEquals(russian, ru.toString())
        assertEquals(english, ru.errorMessageEn)
        assertEquals("E-DATA-RECORD", ru.code)
        setLanguage(Language.EN)
        val en = assertThrows<EtalonException.Data> { Dataset.fromDir(dir.path) }
        assertEquals(english, en.errorMessage)
        assertEquals(english, en.errorMessageEn)
    }

    @Test
    fun `switching back and forth`() {
        val dir = spoiltData()
        val said = listOf(Language.RU, Language.EN, Language.RU, Language.EN).map { l ->
            setLanguage(l)
            assertEquals(l, language())
            assertThrows<EtalonException.Data> { Dataset.fromDir(dir.path) }.errorMessage
        }
        assertEquals(said[0], said[2])
        assertEquals(said[1], said[3])
        assertNotEquals(said[0], said[1])
    }

    @Test
    fun `a package diagnostic in each language`() {
        val english = "`decided_om` is neither a field of this table nor a parameter; did you mean `decided_on`?"
        val russian = "`decided_om` — не поле этой таблицы и не параметр пакета; возможно, имелось в виду `decided_on`?"
        setLanguage(Language.RU)
        val e = assertThrows<EtalonException.Package> { Methodology.fromDir(Fixtures.brokenPackage.path) }
        val typo = e.diagnostics.single { it.rule == "typo_field" }
        assertEquals(russian, typo.message)
        assertEquals(english, typo.messageEn)
        setLanguage(Language.EN)
        val checked = checkPackageDir(Fixtures.brokenPackage.path).single { it.rule == "typo_field" }
        assertEquals(english, checked.message)
        assertEquals(english, checked.messageEn)
    }

    @Test
    fun `a refused limit and a period in each language`() {
        setLanguage(Language.RU)
        val limit = assertThrows<EtalonException.InvalidArgument> {
            Methodology.standard(CompileOptions(maxOperations = 0L)).close()
        }
        assertEquals("maxOperations", limit.argument)
        assertEquals("maxOperations: 0 — не предел: укажите 1 или больше", limit.errorMessage)
        assertEquals("maxOperations: 0 is not a limit: give 1 or more", limit.errorMessageEn)
        Methodology.standard().use { m ->
            Dataset.fromDir(Fixtures.smallData.path).use { data ->
                val period = assertThrows<EtalonException.InvalidArgument> { m.evaluate(data, "2026-Q5") }
                assertEquals("period", period.argument)
                assertEquals("`2026-Q5` — не период; пишите 2026, 2026-H2, 2026-Q3 или 2026-07", period.errorMessage)
                assertEquals(
                    "`2026-Q5` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07",
                    period.errorMessageEn,
                )
            }
        }
    }

    @Test
    fun `a deviation's reason and an explanation in each language`() {
        val english = "60.0\u00A0% is outside the warning band ≥\u00A075 (normal ≥\u00A0100)"
        val russian = "60,0\u00A0% вне полосы предупреждения ≥\u00A075 (норма ≥\u00A0100)"
        Methodology.fromDir(Fixtures.smallPackage.path).use { m ->
            Dataset.fromDir(Fixtures.smallData.path).use { data ->
                m.evaluate(data, "2026-Q3").use { q3 ->
                    setLanguage(Language.RU)
                    val ru = q3.deviation("in_term@org:O1@2026-Q3")!!
                    assertEquals(russian, ru.reason)
                    assertEquals(english, ru.reasonEn)
                    val x = q3.explain(Level.ORG, "O1", "in_term")!!
                    assertEquals("организация O1 (Центр 1), 2026-Q3: 60 % — критическое", x.text.lines()[1])
                    assertEquals("база: decided = 5 (оценивается от 2)", x.text.lines()[5])
                    assertEquals("org O1 (Центр 1), 2026-Q3: 60 % — critical", x.textEn.lines()[1])
                    setLanguage(Language.EN)
                    assertEquals(english, q3.deviations().single { it.id == ru.id }.reason)
                    assertEquals(x.textEn, q3.explain(Level.ORG, "O1", "in_term")!!.text)
                }
            }
        }
    }

    @Test
    fun `every deviation's English reason is the CLI's, and names in each language`() {
        // The CLI's `evaluate --format json` of the sample, pinned by the
        // Rust golden test: its reasons in order, one per deviation.
        val golden = File(Fixtures.workspace, "tests/fixtures/golden/sample-evaluation.json").readText()
        val cli = Regex("\"reason\": \"([^\"\\\\]*)\"").findAll(golden).map { it.groupValues[1] }.toList()
        assertEquals(94, cli.size)
        assertEquals("81.0\u00A0% is outside the warning band ≥\u00A095 (normal ≥\u00A0100)", cli.first())
        Methodology.standard().use { m ->
            Dataset.fromDir(Fixtures.sampleData.path).use { data ->
                m.evaluate(data, "2026-Q3").use { q3 ->
                    setLanguage(Language.RU)
                    val deviations = q3.deviations()
                    assertEquals(cli, deviations.map { it.reasonEn })
                    assertEquals("81,0\u00A0% вне полосы предупреждения ≥\u00A095 (норма ≥\u00A0100)", deviations.first().reason)
                    assertEquals(golden, q3.toJson() + "\n")
                    // The indicator by the package's name in each language.
                    val x = q3.explain(Level.REGION, "SVR", "ma_decided_in_term")!!
                    assertEquals(
                        "ma_decided_in_term — Доля заявлений, решение по которым принято в установленный срок",
                        x.text.lines()[0],
                    )
                    assertEquals(
                        "ma_decided_in_term — Share of applications decided within the regulatory term",
                        x.textEn.lines()[0],
                    )
                }
            }
        }
    }

    @Test
    fun `the binding's own argument checks in each language`() {
        Methodology.fromDir(Fixtures.smallPackage.path).use { m ->
            Dataset.fromDir(Fixtures.smallData.path).use { data ->
                setLanguage(Language.RU)
                val threads = assertThrows<EtalonException.InvalidArgument> {
                    m.evaluateWith(data, EvaluationOptions(period = "2026-Q3", threads = -1))
                }
                assertEquals("threads", threads.argument)
                assertEquals("должно быть 0 (все ядра) или больше", threads.errorMessage)
                assertEquals("must be 0 (every core) or more", threads.errorMessageEn)
                assertEquals("threads: должно быть 0 (все ядра) или больше", threads.toString())
                val history = assertThrows<EtalonException.InvalidArgument> {
                    m.evaluateWith(data, EvaluationOptions(period = "2026-Q3", history = -1))
                }
                assertEquals("history", history.argument)
                assertEquals("должно быть 0 или больше", history.errorMessage)
                assertEquals("must be 0 or more", history.errorMessageEn)
                setLanguage(Language.EN)
                val records = assertThrows<EtalonException.InvalidArgument> {
                    m.evaluateWith(data, EvaluationOptions(period = "2026-Q3", maxRecords = -1))
                }
                assertEquals("must be 0 or more", records.errorMessage)
                assertEquals("maxRecords: must be 0 or more", records.toString())
            }
        }
        setLanguage(Language.RU)
        assertEquals(listOf("null там, где нужно значение", "null where a value is required"), nullArgumentWords(false))
        assertEquals(
            listOf(
                "null там, где нужно значение (поле записи или элемент списка)",
                "null where a value is required (a field of a record or an item of a list)",
            ),
            nullArgumentWords(true),
        )
    }

    @Test
    fun `the choice is one for every thread`() {
        setLanguage(Language.RU)
        val thread = Thread { setLanguage(Language.EN) }
        thread.start()
        thread.join()
        assertEquals(Language.EN, language())
    }
}
