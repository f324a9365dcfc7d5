package ru.etalon

import java.io.File
import java.nio.file.Path
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * The deviation journal through the binding: the walk of
 * `tests/journal_cli.rs` on the sample region (apply a quarter, a refused
 * closing, a cause, the overdue view, the next quarter, verification, a
 * damaged line), with the same results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JournalTest {
    private val methodology = Methodology.standard()
    private val data = Dataset.fromDir(Fixtures.sampleData.path)

    @TempDir
    lateinit var tmp: Path

    @AfterAll
    fun close() {
        methodology.close()
        data.close()
    }

    private val unit = "us_served_in_term@unit:U0002@2025-Q2"

    private fun apply(journal: Journal, period: String, at: String): List<JournalEvent> =
        methodology.evaluate(data, period).use { journal.apply(methodology, it, data, Fixtures.at(at)) }

    private fun record(kind: RecordKind, at: String) = JournalRecord(
        kind = kind,
        deviation = unit,
        actor = "Смирнова",
        reason = "по результатам проверки",
        at = Fixtures.at(at),
    )

    private fun counts(events: List<JournalEvent>): Map<String, Int> =
        events.groupingBy { it.kind }.eachCount()

    @Test
    fun `a quarter applied, answered, shown and verified`() {
        val file = tmp.resolve("journal.jsonl").toFile()
        Journal.openFile(file.path).use { journal ->
            assertEquals(file.path, journal.path())
            val written = apply(journal, "2025-Q2", "2025-07-10")
            assertEquals(mapOf("detected" to 4, "assigned" to 4), counts(written))
            assertEquals(written, journal.events())

            // Closing before the correction is verified: refused, nothing written.
            val before = file.readBytes()
            val refused = assertThrows<EtalonException.Journal> {
                journal.record(record(RecordKind.CLOSE, "2025-07-12"), null)
            }
            assertEquals("E-JOURNAL-REJECTED", refused.code)
            assertEquals(unit, refused.deviation)
            assertEquals("closed", refused.event)
            assertTrue(refused.toString().startsWith("`closed` refused for deviation `$unit`"), refused.toString())
            assertArrayEquals(before, file.readBytes())
            assertEquals(8, journal.events().size)

            assertTrue(journal.record(record(RecordKind.CAUSE, "2025-07-15"), null))
            // The very same record again is stored once.
            assertFalse(journal.record(record(RecordKind.CAUSE, "2025-07-15"), null))
            val d = journal.deviation(unit)!!
            assertEquals(Stage.CAUSE_RECORDED, d.stage)
            assertEquals(Status.OPEN, d.status)
            assertEquals("по результатам проверки", d.cause)
            assertEquals(EntityRef(Level.UNIT, "U0002"), d.entity)
            assertTrue(d.owner != null, "assigned by the matrix")

            // Overdue on 2025-08-15, of organisation O001: its unit and itself, 16 days late.
            val overdue = journal.view(Fixtures.day("2025-08-15"), ViewFilter(org = "O001", overdueOnly = true))
            val ids = overdue.open.map { it.id }
            assertTrue(unit in ids && "us_served_in_term@org:O001@2025-Q2" in ids, ids.toString())
            assertTrue(ids.none { it.contains("group:G01") }, ids.toString())
            assertTrue(overdue.open.any { it.overdueDays == 16L }, overdue.open.toString())

            val next = apply(journal, "2025-Q3", "2025-10-10T09:00:00Z")
            assertEquals(4, counts(next)["correction_observed"])

            val view = journal.view(Fixtures.day("2025-10-11"), ViewFilter())
            assertEquals(4L, view.deviations)
            assertEquals("2025-Q3", view.lastPeriod)
            val corrected = view.open.single { it.id == unit }
            assertEquals(Status.CORRECTED, corrected.status)
            assertEquals(CorrectionCheck(effective = false, inBand = 1, needed = 2), corrected.correction)
            assertTrue(journal.viewJson(Fixtures.day("2025-10-11"), ViewFilter()).startsWith("{\n  \"as_of\": \"2025-10-11\""))
        }

        val intact = verifyJournalFile(file.path, null)
        assertTrue(intact.intact)
        assertEquals(64, intact.headHash.length)
        assertEquals(intact.lines, intact.headLine)
        assertEquals(true, verifyJournalFile(file.path, intact.headHash.take(12)).headMatches)
        val otherHead = verifyJournalFile(file.path, "0123456789ab")
        assertFalse(otherHead.intact)
        assertEquals(false, otherHead.headMatches)

        // One byte changed in the middle: verify names the line; opening refuses.
        val bytes = file.readBytes()
        bytes[bytes.indexOf('\n'.code.toByte()) + 40] = (bytes[bytes.indexOf('\n'.code.toByte()) + 40].toInt() xor 1).toByte()
        file.writeBytes(bytes)
        val report = verifyJournalFile(file.path, null)
        assertFalse(report.intact)
        assertEquals(2L, report.damaged.first().line)
        assertTrue(report.damaged.first().message.startsWith("the hash does not match"), report.damaged.toString())
        val damaged = assertThrows<EtalonException.Journal> { Journal.openFile(file.path) }
        assertEquals("E-JOURNAL-DAMAGED", damaged.code)
        assertEquals(file.path, damaged.file)
        assertEquals(2L, damaged.line)
        assertTrue(damaged.toString().startsWith("${file.path}: line 2: "), damaged.toString())
    }

    @Test
    fun `a journal in memory follows the same events, and a read file is never written`() {
        val file = tmp.resolve("read.jsonl").toFile()
        val onFile = Journal.openFile(file.path)
        val inMemory = Journal.inMemory()
        assertNull(inMemory.path())
        for (journal in listOf(onFile, inMemory)) {
            apply(journal, "2025-Q2", "2025-07-10")
            journal.record(record(RecordKind.CAUSE, "2025-07-15"), null)
        }
        assertEquals(onFile.events(), inMemory.events())
        assertEquals(onFile.deviations(), inMemory.deviations())
        onFile.close()

        val before = file.readBytes()
        Journal.readFile(file.path).use { read ->
            assertEquals(inMemory.events(), read.events())
            read.record(
                JournalRecord(RecordKind.ACTION, unit, "Смирнова", "новый график", Fixtures.at("2025-07-20"), until = Fixtures.day("2025-09-01")),
                null,
            )
            assertEquals(Stage.ACTION_PLANNED, read.deviation(unit)!!.stage)
            assertEquals(Fixtures.day("2025-09-01"), read.deviation(unit)!!.actionUntil)
        }
        assertArrayEquals(before, file.readBytes())

        // Assigning needs the rule package and a role.
        val noRole = assertThrows<EtalonException.Journal> {
            inMemory.record(record(RecordKind.ASSIGN, "2025-07-20"), methodology)
        }
        assertEquals("E-JOURNAL-INCOMPLETE", noRole.code)
        assertEquals("assign", noRole.event)
        // By hand, to a role of the matrix: the owner changes.
        assertTrue(
            inMemory.record(
                JournalRecord(RecordKind.ASSIGN, unit, "Петрова", "по приказу", Fixtures.at("2025-07-21"), role = "quality_officer"),
                methodology,
            ),
        )
        assertEquals("quality_officer", inMemory.deviation(unit)!!.owner!!.role)
        inMemory.close()
    }

    @Test
    fun `journals of offline clients merge into the main one`() {
        val main = tmp.resolve("main.jsonl").toFile()
        Journal.openFile(main.path).use { apply(it, "2025-Q2", "2025-07-10") }
        // Two clients take a copy; each records its part offline.
        val clients = listOf("a", "b").map { tmp.resolve("$it.jsonl").toFile().also { f -> main.copyTo(f) } }
        Journal.openFile(clients[0].path).use { it.record(record(RecordKind.CAUSE, "2025-07-15"), null) }
        Journal.openFile(clients[1].path).use {
            it.record(record(RecordKind.CAUSE, "2025-07-15"), null)
            it.record(JournalRecord(RecordKind.ACTION, unit, "Смирнова", "новый график", Fixtures.at("2025-07-16")), null)
        }
        Journal.openFile(main.path).use { journal ->
            val report = journal.merge(clients.map { it.path })
            assertEquals(listOf("cause_recorded", "action_planned"), report.added.map { it.kind })
            assertEquals(8L + 1L + 8L, report.duplicates) // each copy's 8 events, and the cause twice
            assertTrue(report.conflicts.isEmpty(), report.conflicts.toString())
            assertEquals(Stage.ACTION_PLANNED, journal.deviation(unit)!!.stage)
        }
        assertTrue(verifyJournalFile(main.path, null).intact)
        val none = tmp.resolve("none.jsonl").toString()
        val missing = assertThrows<EtalonException.Io> { Journal.inMemory().use { it.merge(listOf(none)) } }
        assertEquals(none, missing.file)
        assertEquals("E-IO-MISSING", missing.code)
        assertEquals("$none: no such journal", missing.toString())
    }

    @Test
    fun `an evaluation of an earlier period is refused`() {
        Journal.inMemory().use { journal ->
            apply(journal, "2025-Q2", "2025-07-10")
            val stale = assertThrows<EtalonException.Journal> { apply(journal, "2025-Q1", "2025-07-11") }
            assertEquals("E-JOURNAL-STALE-PERIOD", stale.code)
            assertNull(stale.deviation)
        }
    }

    @Test
    fun `the journal feeds the KPI share of deviations closed on time`() {
        val file = File(tmp.toFile(), "kpi.jsonl")
        Journal.openFile(file.path).use { journal ->
            for ((period, at) in listOf("2026-Q1" to "2026-04-10", "2026-Q2" to "2026-07-10", "2026-Q3" to "2026-10-10")) {
                apply(journal, period, at)
            }
            methodology.evaluate(data, "2026-Q3").use { evaluation ->
                methodology.scoreKpi(data, evaluation, null, journal).use { kpi ->
                    // tests/scoring.rs: some directors are scored on the journal's share.
                    val counted = kpi.directors().mapNotNull { d -> d.items.singleOrNull { it.item == "deviations_closed" } }
                        .count { it.applicable && it.value != null }
                    assertTrue(counted > 0, kpi.toJson())
                }
            }
        }
    }
}
