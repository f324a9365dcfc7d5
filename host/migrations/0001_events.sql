-- The central journal: one row per event, in the order of the hash chain.
-- `line` is the event's line exactly as the JSON Lines journal writes it
-- (without its newline); `hash` is the SHA-256 of the line up to its
-- `,"hash":` field and `prev` the hash of the row before, so the rows are
-- checked with the same code, and give the same chain, as a journal file.
-- The other columns are read from the event, for queries.
CREATE TABLE etalon_journal_events (
    seq        bigint      PRIMARY KEY CHECK (seq > 0),
    event_id   text        NOT NULL UNIQUE,
    prev       char(64)    NOT NULL,
    hash       char(64)    NOT NULL UNIQUE,
    deviation  text        NOT NULL,
    change     text        NOT NULL,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    line       text        NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX etalon_journal_events_deviation ON etalon_journal_events (deviation, seq);
