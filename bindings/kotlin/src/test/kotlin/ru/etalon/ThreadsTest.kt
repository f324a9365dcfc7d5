package ru.etalon

import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * One methodology and one dataset shared by many JVM threads: every thread
 * gets the same evaluation, byte for byte, whatever its worker threads.
 */
class ThreadsTest {
    @Test
    fun `threads sharing one methodology get identical results`() {
        val methodology = Methodology.fromDir(Fixtures.smallPackage.path)
        val data = Dataset.fromDir(Fixtures.smallData.path)
        val reference = methodology.evaluateWith(data, EvaluationOptions("2026-Q3", threads = 1)).use { it.toJson() }
        val pool = Executors.newFixedThreadPool(8)
        try {
            val tasks = (0 until 32).map { i ->
                Callable {
                    val options = EvaluationOptions(period = "2026-Q3", threads = i % 3)
                    methodology.evaluateWith(data, options).use { e ->
                        Triple(e.toJson(), e.value(Level.ORG, "O1", "in_term")!!.value, e.deviations().size)
                    }
                }
            }
            val results = pool.invokeAll(tasks).map { it.get(60, TimeUnit.SECONDS) }
            for ((json, o1, deviations) in results) {
                assertEquals(reference, json)
                assertEquals(dec("60"), o1)
                assertEquals(23, deviations)
            }
        } finally {
            pool.shutdown()
            methodology.close()
            data.close()
        }
    }

    @Test
    fun `the standard methodology on the sample region, from several threads`() {
        val methodology = Methodology.standard()
        val data = Dataset.fromDir(Fixtures.sampleData.path)
        val pool = Executors.newFixedThreadPool(4)
        try {
            val tasks = (0 until 4).map {
                Callable { methodology.evaluateWith(data, EvaluationOptions("2026-Q3", threads = 1)).use { it.toJson() } }
            }
            val results = pool.invokeAll(tasks).map { it.get(120, TimeUnit.SECONDS) }
            val eightThreads = methodology.evaluateWith(data, EvaluationOptions("2026-Q3", threads = 8)).use { it.toJson() }
            assertEquals(1, (results + eightThreads).toSet().size)
        } finally {
            pool.shutdown()
            methodology.close()
            data.close()
        }
    }
}
