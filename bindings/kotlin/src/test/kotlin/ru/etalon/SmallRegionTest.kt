package ru.etalon

import java.math.BigDecimal
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/**
 * The hand-computed region of `tests/small_region.rs`, through the binding:
 * the same numbers, judgements, explanations and deviations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallRegionTest {
    private lateinit var methodology: Methodology
    private lateinit var data: Dataset
    private lateinit var q3: Evaluation

    @BeforeAll
    fun evaluate() {
        methodology = Methodology.fromDir(Fixtures.smallPackage.path)
        data = Dataset.fromDir(Fixtures.smallData.path)
        q3 = methodology.evaluate(data, "2026-Q3")
    }

    @AfterAll
    fun close() {
        q3.close()
        data.close()
        methodology.close()
    }

    private data class Expected(
        val level: Level,
        val id: String,
        val indicator: String,
        val value: BigDecimal?,
        val judgement: Judgement,
    )

    private val blendedRegion: BigDecimal =
        ratio(400, 7).add(ratio(4500, 52)).divide(BigDecimal(2))

    private val expected = listOf(
        Expected(Level.UNIT, "U1", "in_term", dec("50"), Judgement.CRITICAL),
        Expected(Level.UNIT, "U2", "in_term", ratio(200, 3), Judgement.CRITICAL),
        Expected(Level.UNIT, "U4", "in_term", dec("50"), Judgement.NORMAL),
        Expected(Level.ORG, "O1", "in_term", dec("60"), Judgement.CRITICAL),
        Expected(Level.ORG, "O3", "in_term", dec("50"), Judgement.NORMAL),
        Expected(Level.GROUP, "G1", "in_term", dec("60"), Judgement.CRITICAL),
        Expected(Level.GROUP, "G2", "in_term", dec("50"), Judgement.CRITICAL),
        Expected(Level.REGION, "R", "in_term", ratio(400, 7), Judgement.CRITICAL),
        Expected(Level.UNIT, "U1", "delivery", dec("90"), Judgement.NORMAL),
        Expected(Level.UNIT, "U2", "delivery", dec("75"), Judgement.CRITICAL),
        Expected(Level.UNIT, "U4", "delivery", dec("100"), Judgement.NORMAL),
        Expected(Level.ORG, "O1", "delivery", dec("82.5"), Judgement.WARNING),
        Expected(Level.ORG, "O3", "delivery", dec("100"), Judgement.NORMAL),
        Expected(Level.GROUP, "G1", "delivery", dec("82.5"), Judgement.WARNING),
        Expected(Level.GROUP, "G2", "delivery", dec("100"), Judgement.NORMAL),
        Expected(Level.REGION, "R", "delivery", ratio(4500, 52), Judgement.WARNING),
        Expected(Level.ORG, "O1", "blended", dec("71.25"), Judgement.CRITICAL),
        Expected(Level.ORG, "O3", "blended", dec("75"), Judgement.CRITICAL),
        Expected(Level.GROUP, "G1", "blended", dec("71.25"), Judgement.CRITICAL),
        Expected(Level.GROUP, "G2", "blended", dec("75"), Judgement.CRITICAL),
        Expected(Level.REGION, "R", "blended", blendedRegion, Judgement.CRITICAL),
        Expected(Level.UNIT, "U1", "complaints_per_100", ratio(100, 3), Judgement.WARNING),
        Expected(Level.UNIT, "U2", "complaints_per_100", ratio(100, 3), Judgement.WARNING),
        Expected(Level.UNIT, "U3", "complaints_per_100", null, Judgement.UNDEFINED),
        Expected(Level.UNIT, "U4", "complaints_per_100", dec("50"), Judgement.WARNING),
        Expected(Level.ORG, "O1", "complaints_per_100", dec("40"), Judgement.WARNING),
        Expected(Level.ORG, "O2", "complaints_per_100", null, Judgement.UNDEFINED),
        Expected(Level.ORG, "O3", "complaints_per_100", dec("50"), Judgement.WARNING),
        Expected(Level.GROUP, "G1", "complaints_per_100", dec("40"), Judgement.WARNING),
        Expected(Level.GROUP, "G2", "complaints_per_100", dec("50"), Judgement.WARNING),
        Expected(Level.REGION, "R", "complaints_per_100", ratio(300, 7), Judgement.WARNING),
    )

    @Test
    fun `every indicator at every level`() {
        for (x in expected) {
            val what = "${x.level}:${x.id} ${x.indicator}"
            val v = q3.value(x.level, x.id, x.indicator)
            assertNotNull(v, "no value for $what")
            assertDecimal(x.value, v!!.value, what)
            assertEquals(x.judgement, v.judgement, what)
            assertEquals(x.level, v.entity.level, what)
            assertEquals(x.id, v.entity.id, what)
            assertEquals("2026-Q3", v.period, what)
        }
        // Nothing else: home-care indicators do not apply to the residential
        // unit, and `blended` is not computed for units.
        assertEquals(expected.size, q3.values().size)
        assertEquals(expected.size.toLong(), q3.valueCount())
        assertNull(q3.value(Level.UNIT, "U3", "in_term"))
        assertNull(q3.value(Level.UNIT, "U1", "blended"))

        val deviating = expected.count {
            it.judgement == Judgement.WARNING || it.judgement == Judgement.CRITICAL
        }
        assertEquals(deviating, q3.deviations().size)
        val summary = q3.summary()
        assertEquals(expected.size.toLong(), summary.values)
        assertEquals(deviating.toLong(), summary.levels.sumOf { it.warning + it.critical })
        assertEquals(
            listOf(Level.REGION, Level.GROUP, Level.ORG, Level.UNIT),
            summary.levels.map { it.level },
        )
        assertEquals(listOf(1L, 2L, 3L, 4L), summary.levels.map { it.entities })
    }

    @Test
    fun `exact values arrive as BigDecimal with no trailing zeros`() {
        assertEquals(dec("60"), q3.value(Level.ORG, "O1", "in_term")!!.value)
        assertEquals(dec("82.5"), q3.value(Level.ORG, "O1", "delivery")!!.value)
        assertEquals(
            dec("57.142857142857142857142857143"),
            q3.value(Level.REGION, "R", "in_term")!!.value,
        )
    }

    @Test
    fun `values explain themselves`() {
        val v = q3.value(Level.ORG, "O1", "in_term")!!
        assertEquals("share(in_term, decided)", v.formula)
        assertEquals(mapOf("decided" to 5L, "in_term" to 3L), v.inputs)
        assertEquals(5L, v.base)
        assertEquals("in_term/region/2026-01-01", v.reference!!.id)
        assertEquals(listOf("2026-Q2", "2026-Q3"), q3.periods())
        assertEquals(1, v.history.size)
        assertDecimal(dec("100"), v.history[0], "history of O1 in_term")

        val u4 = q3.value(Level.UNIT, "U4", "in_term")!!
        assertEquals("in_term/org=O3/2026-01-01", u4.reference!!.id)
        assertEquals("org=O3", u4.reference!!.scope)
        assertEquals(Band(min = dec("50"), max = null), u4.reference!!.normal)
        assertEquals(Source.Proposal("test: a looser band for one organisation"), u4.reference!!.source)

        val d = q3.deviation("in_term@org:O1@2026-Q3")
        assertNotNull(d, "stable id")
        assertEquals(DeviationSeverity.CRITICAL, d!!.severity)
        assertEquals(DeviationRule.Band, d.rule)
        assertTrue(d.reason.contains("60"), d.reason)
        assertTrue(d.reason.contains("≥\u00A075"), d.reason)
        // Distinct recipients are counted at each level: P1 is served by U1 and U2.
        assertEquals(5L, q3.value(Level.ORG, "O1", "complaints_per_100")!!.inputs["recipients"])
    }

    @Test
    fun `explain a number`() {
        val x = q3.explain(Level.ORG, "O1", "in_term")
        assertNotNull(x)
        x!!
        assertEquals("Decided in term", x.indicatorName)
        assertEquals("Центр 1", x.entityName)
        assertEquals(EntityRef(Level.ORG, "O1"), x.entity)
        assertDecimal(dec("60"), x.value, "O1 in_term")
        assertEquals("60 %", x.shownValue)
        assertEquals(ValueUnit.PERCENT, x.unit)
        assertEquals(Judgement.CRITICAL, x.judgement)
        assertEquals("share(in_term, decided)", x.formula)
        assertEquals(
            listOf(
                ExplainedInput("decided", "Decided", 5, "cases", "count", "decided_on", "decision == \"granted\""),
                ExplainedInput(
                    "in_term", "Decided in term", 3, "cases", "count", "decided_on",
                    "decision == \"granted\" and working_days(applied_on, decided_on) <= term",
                ),
            ),
            x.inputs,
        )
        assertEquals("decided", x.base)
        assertEquals(5L, x.baseValue)
        assertEquals(2L, x.minBase)
        val r = x.reference!!
        assertEquals("in_term/region/2026-01-01", r.id)
        assertEquals(Band(min = dec("100"), max = null), r.normal)
        assertEquals(Band(min = dec("75"), max = null), r.warning)
        assertEquals(Source.Proposal("test"), r.source)
        assertEquals(listOf(EarlierValue("2026-Q2", dec("100"))), x.history)
        assertEquals(
            """
            in_term — Decided in term
            org O1 (Центр 1), 2026-Q3: 60 % — critical
            formula: share(in_term, decided)
              decided = 5  Decided [cases, count by decided_on where decision == "granted"]
              in_term = 3  Decided in term [cases, count by decided_on where decision == "granted" and working_days(applied_on, decided_on) <= term]
            base: decided = 5 (judged from 2)
            reference in_term/region/2026-01-01: normal >= 100, warning >= 75
              source (regional proposal): test
            funnel (binomial, exact): centre 100, 95 % 80.5..100, 99.8 % 80.02..100, z none, by chance 0.00 % — below the 99.8 % limit
            assurance over 2 period(s): insufficient data, common-cause variation
            earlier: 2026-Q2 100 %
            """.trimIndent(),
            x.text,
        )
        // An undefined value explains itself too; a value that does not exist does not.
        val u3 = q3.explain(Level.UNIT, "U3", "complaints_per_100")!!
        assertNull(u3.value)
        assertEquals(Judgement.UNDEFINED, u3.judgement)
        assertEquals("no value", u3.shownValue)
        assertNull(q3.explain(Level.UNIT, "U3", "in_term"))
        assertNull(q3.explain(Level.UNIT, "nobody", "in_term"))
        // Every value of the evaluation can be explained, with its own inputs.
        for (v in q3.values()) {
            val e = q3.explain(v.entity.level, v.entity.id, v.indicator)!!
            assertEquals(v.value, e.value)
            assertEquals(v.inputs, e.inputs.associate { it.measure to it.value })
        }
    }

    @Test
    fun `min base reports without judging`() {
        methodology.evaluate(data, "2026-Q2").use { q2 ->
            val v = q2.value(Level.UNIT, "U4", "in_term")!!
            assertDecimal(dec("100"), v.value, "U4 in_term in Q2")
            assertEquals(Judgement.INSUFFICIENT_BASE, v.judgement)
            assertFalse(q2.deviations().any { it.indicator == "in_term" && it.entity.id == "U4" })
        }
    }

    @Test
    fun `values of one entity and the JSON form`() {
        val o1 = q3.valuesOf(Level.ORG, "O1")
        assertEquals(
            setOf("in_term", "delivery", "blended", "complaints_per_100"),
            o1.map { it.indicator }.toSet(),
        )
        val json = q3.toJson()
        assertTrue(json.contains("\"period\": \"2026-Q3\""), json.take(200))
        assertEquals(json, q3.toJson())
        assertEquals("R", q3.region())
        assertEquals("2026-Q3", q3.period())
        assertEquals(methodology.info().id, q3.methodology().id)
    }
}
