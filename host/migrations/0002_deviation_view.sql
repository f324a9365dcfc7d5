-- The management view as a query: one row per deviation with where its
-- life stands (the last change, who made it and when), for reports made
-- directly on the database.
CREATE VIEW etalon_journal_deviations AS
SELECT DISTINCT ON (deviation)
    deviation,
    change   AS last_change,
    at       AS last_at,
    actor    AS last_actor,
    change <> 'closed' AS open,
    (SELECT count(*) FROM etalon_journal_events c WHERE c.deviation = e.deviation) AS events
FROM etalon_journal_events e
ORDER BY deviation, seq DESC;
