package ru.etalon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding as a Java host writes against it: static factories (no
 * {@code Companion}), records built with their optional arguments left out,
 * {@link LocalDate} and {@link Instant} for days and moments, the top-level
 * functions on {@code Etalon}, one {@code catch (EtalonException e)} around
 * calls made through the interfaces, and the host surviving a closed object
 * or a {@code null} argument with a typed exception.
 */
class JavaApiTest {
    private static final String WORKSPACE = System.getProperty("etalon.workspace", "../..");
    private static final String SAMPLE = WORKSPACE + "/examples/data";
    private static final String UNIT = "us_served_in_term@unit:U0002@2025-Q2";

    @TempDir
    Path tmp;

    @Test
    void factoriesOptionalArgumentsAndDatesAgainstTheInterfaces() {
        File file = tmp.resolve("journal.jsonl").toFile();
        try (Methodology methodology = Methodology.standard();
             Dataset data = Dataset.fromDir(SAMPLE);
             Journal journal = Journal.openFile(file.getPath())) {
            // Written against the interfaces: @Throws lets this block catch.
            MethodologyInterface m = methodology;
            JournalInterface j = journal;
            try (Evaluation e = m.evaluateWith(data, new EvaluationOptions("2025-Q2"))) {
                List<JournalEvent> written = j.apply(methodology, e, data, Instant.parse("2025-07-10T00:00:00Z"));
                assertEquals(8, written.size());
                assertEquals(Instant.parse("2025-07-10T00:00:00Z"), written.get(0).getAt());
            }
            j.record(new JournalRecord(RecordKind.CAUSE, UNIT, "Смирнова", "по результатам проверки",
                Instant.parse("2025-07-15T00:00:00Z")), null);
            // The role and the term left out: the overload without them.
            assertTrue(j.record(new JournalRecord(RecordKind.ACTION, UNIT, "Смирнова", "новый график",
                Instant.parse("2025-07-20T09:30:00Z"), LocalDate.of(2025, 9, 1)), null));
            assertEquals(LocalDate.of(2025, 9, 1), j.deviation(UNIT).getActionUntil());
            ManagementView view = j.view(LocalDate.of(2025, 8, 15), new ViewFilter("O001"));
            assertEquals(LocalDate.of(2025, 8, 15), view.getAsOf());
            assertTrue(view.getOpen().stream().anyMatch(o -> o.getId().equals(UNIT)));
            assertTrue(methodology.info().getInForceFrom().isBefore(LocalDate.of(2025, 4, 1)));

            m.evaluate(data, "2025-Q9");
            fail("a bad period was accepted");
        } catch (EtalonException e) {
            assertTrue(e instanceof EtalonException.InvalidArgument, e.toString());
            assertEquals("period", ((EtalonException.InvalidArgument) e).getArgument());
        }
        try {
            assertTrue(Etalon.verifyJournalFile(file.getPath()).getIntact());
        } catch (EtalonException e) {
            fail(e.toString());
        }
    }

    @Test
    void compileLimitsFromJava() throws EtalonException {
        // Trailing limits left out: the timeout and the operations only.
        try (Methodology m = Methodology.standard(new CompileOptions(Duration.ofSeconds(600), 5000L))) {
            assertEquals("standard", m.info().getId());
        }
        try {
            Methodology.fromDir(WORKSPACE + "/rules", new CompileOptions(null, null, 0L)).close();
            fail("a call level limit of 0 was taken");
        } catch (EtalonException.InvalidArgument e) {
            assertEquals("maxCallLevels", e.getArgument());
            assertEquals("maxCallLevels: 0 is not a limit: give 1 or more", e.getErrorMessage());
        }
        try {
            Methodology.fromDir(WORKSPACE + "/rules", new CompileOptions(Duration.ZERO)).close();
            fail("a compile past its deadline returned");
        } catch (EtalonException.LimitExceeded e) {
            assertEquals("E-LIMIT-DEADLINE", e.getCode());
        }
    }

    @Test
    void evaluationLimitsFromJava() throws EtalonException {
        try (Methodology m = Methodology.standard(); Dataset data = Dataset.fromDir(SAMPLE)) {
            try {
                m.evaluateWith(data, new EvaluationOptions("2026-Q3", 0, null, null, Duration.ZERO));
                fail("an evaluation past its deadline returned");
            } catch (EtalonException.LimitExceeded e) {
                assertEquals("E-LIMIT-DEADLINE", e.getCode());
                assertEquals("deadline", e.getLimit());
            }
            try {
                m.evaluateWith(data, new EvaluationOptions("2026-Q3", 1, null, 10L));
                fail("an evaluation over its record limit returned");
            } catch (EtalonException.LimitExceeded e) {
                assertEquals("E-LIMIT-RECORDS", e.getCode());
                assertEquals("records", e.getLimit());
            }
        }
    }

    @Test
    void theLanguageIsChosenOnEtalon() throws EtalonException {
        try {
            Etalon.setLanguage(Language.RU);
            assertEquals(Language.RU, Etalon.language());
            File empty = tmp.resolve("empty").toFile();
            assertTrue(empty.mkdirs());
            String units = new File(empty, "units.csv").getPath();
            try {
                Dataset.fromDir(empty.getPath());
                fail("a folder without units.csv was read");
            } catch (EtalonException.Io e) {
                assertEquals(units + ": папке данных нужен units.csv (дерево организаций: регион, группа, "
                    + "организация, подразделение)", e.toString());
                assertEquals(units + ": a data folder needs units.csv (the organisation tree: region, group, "
                    + "organisation, unit)", e.getErrorMessageEn());
            }
        } finally {
            Etalon.setLanguage(Language.EN);
        }
    }

    @Test
    void nullsAndClosedObjectsGiveTypedExceptionsAndTheHostGoesOn() throws EtalonException {
        try (Methodology m = Methodology.standard(); Dataset data = Dataset.fromDir(SAMPLE)) {
            try {
                m.evaluate(null, "2026-Q3");
                fail("a null dataset was accepted");
            } catch (EtalonException.InvalidArgument e) {
                assertEquals("data", e.getArgument());
                assertEquals("data: null where a value is required", e.toString());
                assertEquals("E-ARGUMENT", e.getCode());
            }
            // In Russian, the English kept.
            Etalon.setLanguage(Language.RU);
            try {
                m.evaluate(null, "2026-Q3");
                fail("a null dataset was accepted");
            } catch (EtalonException.InvalidArgument e) {
                assertEquals("null там, где нужно значение", e.getErrorMessage());
                assertEquals("null where a value is required", e.getErrorMessageEn());
            } finally {
                Etalon.setLanguage(Language.EN);
            }
            try {
                Dataset.fromDir(null);
                fail("a null path was accepted");
            } catch (EtalonException.InvalidArgument e) {
                assertEquals("path", e.getArgument());
            }
            try {
                m.evaluateWith(data, new EvaluationOptions(null));
                fail("a null period was accepted");
            } catch (EtalonException.InvalidArgument e) {
                assertEquals("(inside an argument)", e.getArgument());
            }
            Dataset closed = Dataset.fromDir(SAMPLE);
            closed.close();
            try {
                m.evaluate(closed, "2026-Q3");
                fail("a closed dataset was accepted");
            } catch (EtalonException.Closed e) {
                assertEquals("Dataset", e.getObjectType());
                assertEquals("E-CLOSED", e.getCode());
            }
            try (Evaluation e = m.evaluate(data, "2026-Q3"); Journal journal = Journal.inMemory()) {
                journal.close();
                try {
                    m.scoreKpi(data, e, null, journal);
                    fail("a closed journal was accepted");
                } catch (EtalonException.Closed c) {
                    assertEquals("Journal", c.getObjectType());
                }
                try {
                    e.explain(Level.ORG, "O001", "no_such_indicator");
                    fail("an unknown indicator was explained");
                } catch (EtalonException.Eval u) {
                    assertEquals("E-EVAL-REQUEST", u.getCode());
                    assertEquals("no_such_indicator", u.getRule());
                }
                assertNull(e.explain(Level.ORG, "nobody", e.values().get(0).getIndicator()));
                // Optional arguments left out, as Kotlin leaves them to their defaults.
                try (KpiScores left = m.scoreKpi(data, e); KpiScores given = m.scoreKpi(data, e, null, null)) {
                    assertEquals(given.toJson(), left.toJson());
                }
                try (KpiScores left = m.scoreKpi(data, e, null); KpiScores given = m.scoreKpi(data, e, null, null)) {
                    assertEquals(given.toJson(), left.toJson());
                }
                // Still alive: the next call works.
                assertEquals(data.regionId(), e.region());
            }
        }
    }
}
