-- Schema version 4: PLOVER events. Offsets are character offsets into documents.text.
CREATE TABLE events (
    id              VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,
    event           VARCHAR NOT NULL,   -- PLOVER type
    mode            VARCHAR,
    context         VARCHAR,
    actor           VARCHAR NOT NULL,   -- JSON list of {entity_text, code, sector, name, actor_id, start, end}
    recipient       VARCHAR NOT NULL,
    actor_codes     VARCHAR[] NOT NULL, -- the same codes and ids, for dyad queries
    recipient_codes VARCHAR[] NOT NULL,
    actor_ids       VARCHAR[] NOT NULL,
    recipient_ids   VARCHAR[] NOT NULL,
    date            VARCHAR,            -- when it happened: YYYY, YYYY-MM or YYYY-MM-DD
    enddate         VARCHAR,
    date_precision  VARCHAR,            -- day | month | year | report (only the report's date is known)
    date_text       VARCHAR,
    text            VARCHAR NOT NULL,   -- the sentence
    start           INTEGER NOT NULL,   -- the sentence's offsets
    "end"           INTEGER NOT NULL,
    trigger         VARCHAR NOT NULL,
    lemma           VARCHAR NOT NULL,   -- the trigger's lemma ("" for a derived accusation)
    trigger_start   INTEGER NOT NULL,
    trigger_end     INTEGER NOT NULL,
    modality        VARCHAR NOT NULL,   -- asserted | reported | hypothetical | negated | historical
    attributed_to   VARCHAR,            -- JSON speaker when the event is reported inside a quotation
    confidence      DOUBLE NOT NULL,
    derived         BOOLEAN NOT NULL,   -- an accusation read from a reported conflict action
    score           DOUBLE,             -- the type's place on the cooperation (+) / conflict (−) scale
    cluster_id      VARCHAR             -- set by the link step: the same real-world event elsewhere
);
