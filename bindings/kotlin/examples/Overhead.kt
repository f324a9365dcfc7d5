// The Kotlin side of the overhead measurement: the calls of overhead.rs,
// made through the binding on the sample region, and the ratio to Rust.
//
//   cd bindings/kotlin && mvn -Poverhead compile
//
// A plain timing loop (median of batches after a warm-up), not a
// benchmark harness: the ratios, not the last digit, are the point.
package ru.etalon.examples

import java.io.File
import ru.etalon.Dataset
import ru.etalon.EvaluationOptions
import ru.etalon.Level
import ru.etalon.Methodology

private var sink: Any? = null

/** Median nanoseconds per call of [f] over [batches] batches of [calls]. */
private fun time(batches: Int, calls: Int, f: () -> Any?): Double {
    repeat(calls * 3) { sink = f() } // warm-up: let the JIT compile the path
    val samples = (0 until batches).map {
        val start = System.nanoTime()
        repeat(calls) { sink = f() }
        (System.nanoTime() - start).toDouble() / calls
    }.sorted()
    return samples[samples.size / 2]
}

fun main(args: Array<String>) {
    val dataDir = args.getOrNull(0) ?: "examples/data"
    val rust = args.getOrNull(1)?.let { path ->
        File(path).readLines().filter { it.isNotBlank() }.associate { line ->
            val (name, ns) = line.split("\t")
            name to ns.toDouble()
        }
    } ?: emptyMap()

    Methodology.standard().use { m ->
        Dataset.fromDir(dataDir).use { data ->
            val options = EvaluationOptions(period = "2026-Q3", threads = 1)
            m.evaluateWith(data, options).use { evaluation ->
                val level = Level.ORG
                val entity = "O001"
                val indicator = "ma_decided_in_term"
                checkNotNull(evaluation.value(level, entity, indicator))
                val kotlin = linkedMapOf(
                    "evaluate" to time(7, 3) { m.evaluateWith(data, options).also { it.close() } },
                    "value" to time(15, 2_000) { evaluation.value(level, entity, indicator) },
                    "count" to time(15, 20_000) { evaluation.valueCount() },
                    "region" to time(15, 20_000) { evaluation.region() },
                    "explain" to time(15, 2_000) { evaluation.explain(level, entity, indicator) },
                    "values" to time(9, 5) { evaluation.values() },
                )
                println("call         kotlin ns/call    rust ns/call   ratio   overhead/call")
                for ((name, k) in kotlin) {
                    val r = rust[name]
                    if (r == null) {
                        println("%-10s %16.0f %15s".format(name, k, "-"))
                    } else {
                        println(
                            "%-10s %16.0f %15.0f %7.2f %12.1f µs".format(name, k, r, k / r, (k - r) / 1000),
                        )
                    }
                }
                println("(sample region: ${evaluation.valueCount()} values, ${evaluation.deviations().size} deviations)")
            }
        }
    }
}
