package ru.etalon

import java.io.File
import java.math.BigDecimal
import java.math.MathContext
import java.time.Instant
import java.time.LocalDate
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue

/** The repository's files: the same fixtures the Rust tests read. */
object Fixtures {
    val workspace: File =
        File(System.getProperty("etalon.workspace") ?: "../..").canonicalFile

    val smallRegion: File = File(workspace, "tests/fixtures/small_region")
    val smallPackage: File = File(smallRegion, "package")
    val smallData: File = File(smallRegion, "data")
    val brokenPackage: File = File(workspace, "tests/fixtures/broken_package")
    val hostile: File = File(workspace, "tests/hostile")
    val sampleData: File = File(workspace, "examples/data")

    /** An instant as the CLI reads one: a day (midnight UTC) or an ISO time. */
    fun at(text: String): Instant =
        if (text.length == 10) LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() else Instant.parse(text)

    /** A day. */
    fun day(text: String): LocalDate = LocalDate.parse(text)

    /** Rows of a simple CSV file of the fixture (no quoting): header, rows. */
    fun csv(file: File): Pair<List<String>, List<List<String>>> {
        val lines = file.readLines(Charsets.UTF_8).filter { it.isNotEmpty() }
        val header = lines.first().split(",")
        val rows = lines.drop(1).map { it.split(",") }
        return header to rows
    }
}

fun dec(s: String): BigDecimal = BigDecimal(s)

/** a / b to 40 digits, for the repeating fractions of the Rust tests (400 / 7). */
fun ratio(a: Long, b: Long): BigDecimal = BigDecimal(a).divide(BigDecimal(b), MathContext(40))

/**
 * Asserts that [actual] is [expected]: exactly for terminating decimals,
 * within 1e-24 for repeating fractions (etalon keeps 28 significant digits).
 */
fun assertDecimal(expected: BigDecimal?, actual: BigDecimal?, what: String) {
    if (expected == null) {
        assertEquals(null, actual, what)
        return
    }
    assertNotNull(actual, what)
    val diff = expected.subtract(actual).abs()
    assertTrue(diff <= BigDecimal("1e-24"), "$what: expected $expected, got $actual")
}
