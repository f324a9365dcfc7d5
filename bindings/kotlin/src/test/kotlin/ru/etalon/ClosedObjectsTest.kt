package ru.etalon

import java.time.Duration
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/**
 * Objects used after `close()`: each closed object passed as an argument,
 * and each called itself, gives `EtalonException.Closed` naming its class,
 * nothing crosses into Rust, and the JVM goes on (the next call works).
 * Before the check, these calls cloned a freed handle: SIGSEGV or SIGBUS,
 * and a closed journal hung `scoreKpi` forever on its freed mutex.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedObjectsTest {
    private val methodology = Methodology.standard()
    private val data = Dataset.fromDir(Fixtures.sampleData.path)
    private val evaluation = methodology.evaluate(data, "2026-Q3")

    @AfterAll
    fun close() {
        evaluation.close()
        data.close()
        methodology.close()
    }

    private fun closedDataset() = Dataset.fromDir(Fixtures.sampleData.path).also { it.close() }
    private fun closedMethodology() = Methodology.standard().also { it.close() }
    private fun closedEvaluation() = methodology.evaluate(data, "2026-Q3").also { it.close() }
    private fun closedJournal() = Journal.inMemory().also { it.close() }

    /** The call fails with `Closed` for [objectType], then the host goes on. */
    private fun assertClosed(objectType: String, call: () -> Any?) {
        val e = assertThrows<EtalonException.Closed> { call() }
        assertEquals(objectType, e.objectType)
        assertEquals("E-CLOSED", e.code)
        assertEquals("the $objectType was closed and can no longer be used", e.toString())
        assertEquals(data.regionId(), evaluation.region())
        assertEquals(evaluation.valueCount(), methodology.evaluate(data, "2026-Q3").use { it.valueCount() })
    }

    @Test
    fun `a closed dataset as an argument`() {
        assertClosed("Dataset") { methodology.evaluate(closedDataset(), "2026-Q3") }
        assertClosed("Dataset") { methodology.evaluateWith(closedDataset(), EvaluationOptions("2026-Q3")) }
        assertClosed("Dataset") { methodology.scoreKpi(closedDataset(), evaluation, null, null) }
        assertClosed("Dataset") { methodology.scoreNokSurveys(closedDataset(), listOf("org_id"), listOf(), NokOptions("2026")) }
        Journal.inMemory().use { j ->
            assertClosed("Dataset") { j.apply(methodology, evaluation, closedDataset(), Fixtures.at("2026-10-10")) }
        }
    }

    @Test
    fun `a closed evaluation as an argument`() {
        assertClosed("Evaluation") { methodology.scoreKpi(data, closedEvaluation(), null, null) }
        Journal.inMemory().use { j ->
            assertClosed("Evaluation") { j.apply(methodology, closedEvaluation(), data, Fixtures.at("2026-10-10")) }
        }
    }

    @Test
    fun `a closed methodology as an argument`() {
        Journal.inMemory().use { j ->
            assertClosed("Methodology") { j.apply(closedMethodology(), evaluation, data, Fixtures.at("2026-10-10")) }
            val assign = JournalRecord(RecordKind.ASSIGN, "x@org:O001@2026-Q3", "Петрова", "по приказу", Fixtures.at("2026-10-11"), role = "director")
            assertClosed("Methodology") { j.record(assign, closedMethodology()) }
            assertEquals(0, j.events().size)
        }
    }

    @Test
    fun `a closed journal as an argument does not hang`() {
        assertClosed("Journal") { methodology.scoreKpi(data, evaluation, null, closedJournal()) }
    }

    @Test
    fun `a closed NOK result as an argument`() {
        val (columns, rows) = Fixtures.csv(java.io.File(Fixtures.workspace, "rules/tests/nok/worked_example.csv"))
        val nok = methodology.scoreNok(columns, rows, NokOptions()).also { it.close() }
        assertClosed("NokScores") { methodology.scoreKpi(data, evaluation, nok, null) }
    }

    @Test
    fun `a closed object called itself`() {
        assertClosed("Dataset") { closedDataset().recordCount("cases") }
        assertClosed("Methodology") { closedMethodology().indicators() }
        assertClosed("Evaluation") { closedEvaluation().values() }
        assertClosed("Journal") { closedJournal().events() }
        // Closing twice is allowed and does nothing.
        val twice = closedDataset()
        twice.close()
        assertClosed("Dataset") { twice.totalRecords() }
    }

    @Test
    fun `an explanation of an unknown indicator is an error, of one that does not apply none`() {
        val e = assertThrows<EtalonException.Eval> { evaluation.explain(Level.ORG, "O001", "no_such_indicator") }
        assertEquals("E-EVAL-REQUEST", e.code)
        assertEquals("no_such_indicator", e.rule)
        assertEquals("no indicator `no_such_indicator` in the methodology", e.toString())
        assertNull(evaluation.explain(Level.ORG, "nobody", evaluation.values().first().indicator))
    }

    @Test
    fun `the evaluation options carry the CLI's record limit and timeout`() {
        val records = data.totalRecords()
        val limited = assertThrows<EtalonException.LimitExceeded> {
            methodology.evaluateWith(data, EvaluationOptions("2026-Q3", maxRecords = records - 1))
        }
        assertEquals("E-LIMIT-RECORDS", limited.code)
        assertEquals("records", limited.limit)
        assertEquals("the dataset has $records records; this evaluation allows at most ${records - 1}", limited.toString())
        methodology.evaluateWith(data, EvaluationOptions("2026-Q3", maxRecords = records)).close()

        val late = assertThrows<EtalonException.LimitExceeded> {
            methodology.evaluateWith(data, EvaluationOptions("2026-Q3", timeout = Duration.ZERO))
        }
        assertEquals("E-LIMIT-DEADLINE", late.code)
        assertEquals("deadline", late.limit)
        assertEquals("the evaluation ran past its deadline and was stopped", late.toString())
        val negative = assertThrows<EtalonException.InvalidArgument> {
            methodology.evaluateWith(data, EvaluationOptions("2026-Q3", maxRecords = -1))
        }
        assertEquals("maxRecords", negative.argument)
    }
}
