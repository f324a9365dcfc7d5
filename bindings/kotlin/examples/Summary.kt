// Evaluates a region's data folder with the standard methodology and prints
// what a quality officer reads first: counts by level, the indicators with
// most deviations, why the first critical organisation-level value is what
// it is, the НОК of the year and the best KPI points, and the deviation
// journal after the period is applied to it.
//
//   cd bindings/kotlin && mvn -Pexample compile        (the sample region, 2026-Q3)
//   java -cp ... ru.etalon.examples.SummaryKt DATA_DIR [PERIOD]
package ru.etalon.examples

import java.io.File
import java.math.RoundingMode
import java.time.LocalDate
import kotlin.system.exitProcess
import ru.etalon.Dataset
import ru.etalon.DeviationSeverity
import ru.etalon.EtalonException
import ru.etalon.Evaluation
import ru.etalon.Journal
import ru.etalon.Level
import ru.etalon.Methodology
import ru.etalon.NokOptions
import ru.etalon.ViewFilter

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
                    scores(methodology, data, evaluation, File(dataDir, "nok_facts.csv"))
                    journal(methodology, data, evaluation)
                }
            }
        }
    } catch (e: EtalonException) {
        System.err.println("etalon: $e")
        exitProcess(2)
    }
}

/** The НОК of the period's year (questionnaires and facts) and the best KPI points. */
private fun scores(methodology: Methodology, data: Dataset, evaluation: Evaluation, facts: File) {
    if (!facts.isFile) return
    // The facts file is plain CSV without quoted cells.
    val lines = facts.readLines().filter { it.isNotBlank() }
    val columns = lines.first().split(",")
    val rows = lines.drop(1).map { line -> line.split(",").map { it.ifEmpty { null } } }
    val year = evaluation.period().take(4)
    methodology.scoreNokSurveys(data, columns, rows, NokOptions(period = year)).use { nok ->
        val shown = { v: java.math.BigDecimal? -> v?.setScale(2, RoundingMode.HALF_UP)?.toPlainString() ?: "—" }
        println()
        println("НОК $year: region ${shown(nok.region().total)}, ${nok.organisations().size} organisations")
        for (o in nok.organisations().sortedBy { it.rank ?: Int.MAX_VALUE }.take(3)) {
            println("  #${o.rank} ${o.org} ${shown(o.total)}  ${o.name ?: ""}")
        }
        methodology.scoreKpi(data, evaluation, nok, null).use { kpi ->
            println("KPI points ${kpi.period()}, best directors:")
            for (d in kpi.directors().sortedBy { it.rank ?: Int.MAX_VALUE }.take(3)) {
                println("  #${d.rank} ${d.id} ${d.points.toPlainString()} of ${d.maxPoints.toPlainString()}  ${d.name ?: ""}")
            }
        }
    }
}

/** The period applied to a deviation journal in memory today: who answers for what. */
private fun journal(methodology: Methodology, data: Dataset, evaluation: Evaluation) {
    val today = LocalDate.now()
    Journal.inMemory().use { journal ->
        val written = journal.apply(methodology, evaluation, data, java.time.Instant.now())
        val view = journal.view(today, ViewFilter())
        println()
        println("Deviation journal: ${written.size} events written, ${view.open.size} open deviations")
        val byOwner = view.open.groupingBy { it.owner?.let { o -> "${o.role} of ${o.entityName}" } ?: "unassigned" }.eachCount()
        for ((owner, n) in byOwner.entries.sortedByDescending { it.value }.take(5)) {
            println("  %3d  %s".format(n, owner))
        }
    }
}
