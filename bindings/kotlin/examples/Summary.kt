// Evaluates a region's data folder with the standard methodology and prints
// what a quality officer reads first: counts by level, the indicators with
// most deviations, and why the first critical organisation-level value is
// what it is.
//
//   cd bindings/kotlin && mvn -Pexample compile        (the sample region, 2026-Q3)
//   java -cp ... ru.etalon.examples.SummaryKt DATA_DIR [PERIOD]
package ru.etalon.examples

import kotlin.system.exitProcess
import ru.etalon.Dataset
import ru.etalon.DeviationSeverity
import ru.etalon.EtalonException
import ru.etalon.Level
import ru.etalon.Methodology

private fun plural(level: Level): String = when (level) {
    Level.REGION -> "region"
    Level.GROUP -> "groups"
    Level.ORG -> "organisations"
    Level.UNIT -> "units"
    Level.COUNTRY -> "country"
}

fun main(args: Array<String>) {
    val dataDir = args.getOrNull(0) ?: "examples/data"
    val period = args.getOrNull(1) ?: "2026-Q3"
    try {
        Methodology.standard().use { methodology ->
            Dataset.fromDir(dataDir).use { data ->
                methodology.evaluate(data, period).use { evaluation ->
                    val info = methodology.info()
                    println(
                        "Region ${evaluation.region()} (${data.regionName()}) — period ${evaluation.period()} — " +
                            "${info.id} ${info.version} (edition ${info.edition})",
                    )
                    val summary = evaluation.summary()
                    println(summary.levels.joinToString(", ") { "${it.entities} ${plural(it.level)}" })
                    println(
                        "${summary.values} indicator values: ${summary.judged} judged against reference values, " +
                            "${summary.insufficientBase} with too small a base to judge",
                    )
                    println()
                    println("Deviations      warning  critical")
                    for (l in summary.levels) {
                        println("  %-13s %7d %9d".format(plural(l.level), l.warning, l.critical))
                    }
                    println()
                    println("Indicators with most deviations")
                    for (c in summary.worstIndicators.take(5)) {
                        val name = methodology.indicator(c.indicator)?.name ?: c.indicator
                        println("  %3d (%d critical)  %s".format(c.deviations, c.critical, name))
                    }
                    val first = evaluation.deviations().firstOrNull {
                        it.entity.level == Level.ORG && it.severity == DeviationSeverity.CRITICAL
                    }
                    if (first != null) {
                        println()
                        println("Why? The first critical deviation of an organisation:")
                        val why = evaluation.explain(first.entity.level, first.entity.id, first.indicator)
                        why?.let { println(it.text) }
                        println("deviation: ${first.reason}")
                    }
                }
            }
        }
    } catch (e: EtalonException) {
        System.err.println("etalon: $e")
        exitProcess(2)
    }
}
