package ru.etalon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The binding from Java, as a host on an application server calls it:
 * factories still reachable on {@code Companion} (as before they were
 * static), try-with-resources, checked
 * {@link EtalonException} subclasses, {@link BigDecimal} values.
 */
class JavaInteropTest {
    private static final String SMALL =
        System.getProperty("etalon.workspace", "../..") + "/tests/fixtures/small_region";

    @Test
    void evaluatesAndExplainsFromJava() throws EtalonException {
        try (Methodology m = Methodology.Companion.fromDir(SMALL + "/package");
             Dataset data = Dataset.Companion.fromDir(SMALL + "/data");
             Evaluation e = m.evaluateWith(data, new EvaluationOptions("2026-Q3", 2, null))) {
            IndicatorValue v = e.value(Level.ORG, "O1", "in_term");
            assertEquals(new BigDecimal("60"), v.getValue());
            assertEquals(Judgement.CRITICAL, v.getJudgement());
            assertEquals(Long.valueOf(5), v.getInputs().get("decided"));
            assertEquals(Long.valueOf(5), v.getBase());
            Explanation x = e.explain(Level.ORG, "O1", "in_term");
            assertEquals("60 %", x.getShownValue());
            assertEquals("cases", x.getInputs().get(0).getTable());
            assertEquals(new Source.Proposal("test"), x.getReference().getSource());
            assertNull(e.value(Level.UNIT, "U3", "in_term"));
        }
    }

    @Test
    void keepsAJournalFromJava() throws EtalonException {
        String sample = System.getProperty("etalon.workspace", "../..") + "/examples/data";
        String unit = "us_served_in_term@unit:U0002@2025-Q2";
        try (Methodology m = Methodology.Companion.standard();
             Dataset data = Dataset.Companion.fromDir(sample);
             Evaluation e = m.evaluate(data, "2025-Q2");
             Journal journal = Journal.Companion.inMemory()) {
            assertEquals(8, journal.apply(m, e, data, java.time.Instant.parse("2025-07-10T00:00:00Z")).size());
            JournalRecord close = new JournalRecord(
                RecordKind.CLOSE, unit, "Смирнова", "закрыто", java.time.Instant.parse("2025-07-12T00:00:00Z"), null, null, null);
            try {
                journal.record(close, null);
                fail("a closing before verification was accepted");
            } catch (EtalonException.Journal refused) {
                assertEquals("E-JOURNAL-REJECTED", refused.getCode());
                assertEquals("closed", refused.getEvent());
                assertEquals(unit, refused.getDeviation());
            }
            assertEquals(8, journal.events().size());
            ManagementView view = journal.view(java.time.LocalDate.of(2025, 8, 15), new ViewFilter("O001", true, null));
            assertTrue(view.getOpen().stream().anyMatch(o -> o.getId().equals(unit)));
        }
    }

    @Test
    void catchesTypedExceptions() {
        try {
            Methodology.Companion.fromDir(SMALL + "/../broken_package");
            fail("a broken package compiled");
        } catch (EtalonException.Package p) {
            assertTrue(p.getDiagnostics().size() >= 20, p.toString());
            assertTrue(p.getDiagnostics().stream().anyMatch(d -> d.getCode().equals("bad-filter")));
        } catch (EtalonException other) {
            fail(other.toString());
        }
        try (Methodology m = Methodology.Companion.fromDir(SMALL + "/package");
             Dataset data = Dataset.Companion.fromDir(SMALL + "/data")) {
            m.evaluate(data, "2026-Q9");
            fail("a bad period was accepted");
        } catch (EtalonException.InvalidArgument a) {
            assertEquals("period", a.getArgument());
        } catch (EtalonException other) {
            fail(other.toString());
        }
    }
}
