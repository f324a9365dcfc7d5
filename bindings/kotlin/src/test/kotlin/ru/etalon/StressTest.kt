package ru.etalon

import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * Many evaluations at once from JVM threads sharing one methodology and one
 * dataset: every result is byte for byte the serial one of its period,
 * whatever the thread, the order or the worker threads asked. No timing is
 * asserted.
 */
class StressTest {
    private val threads = 8
    private val perThread = 6
    private val periods = listOf("2026-Q1", "2026-Q2", "2026-Q3", "2026-H1", "2026-07", "2025-Q4")

    @Test
    fun `eight threads evaluating together give the serial results`() {
        val methodology = Methodology.standard()
        val data = Dataset.fromDir(Fixtures.sampleData.path)
        val serial = periods.associateWith { p ->
            methodology.evaluateWith(data, EvaluationOptions(p, threads = 1)).use { it.toJson() }
        }
        val start = CyclicBarrier(threads)
        val pool = Executors.newFixedThreadPool(threads)
        try {
            val tasks = (0 until threads).map { t ->
                Callable {
                    start.await(60, TimeUnit.SECONDS) // all threads call into Rust together
                    (0 until perThread).map { i ->
                        // Each thread walks the periods from its own offset, with 1, 2 or every core.
                        val period = periods[(t + i) % periods.size]
                        val options = EvaluationOptions(period, threads = (t + i) % 3)
                        period to methodology.evaluateWith(data, options).use { it.toJson() }
                    }
                }
            }
            val results = pool.invokeAll(tasks).flatMap { it.get(10, TimeUnit.MINUTES) }
            assertEquals(threads * perThread, results.size)
            for ((period, json) in results) {
                assertEquals(serial.getValue(period), json, period)
            }
        } finally {
            pool.shutdown()
            methodology.close()
            data.close()
        }
    }
}
