-- Schema version 6: framing labels (terms grows), stance evidence and predictions.
-- Terms now hold every label a document uses for a referent, not only quoted ones.
ALTER TABLE terms ADD COLUMN loaded_by VARCHAR;     -- the word, or "scare quotes", that loads the label
ALTER TABLE terms ADD COLUMN quoted BOOLEAN;        -- inside a quotation: the speaker's word
ALTER TABLE terms ADD COLUMN event_start INTEGER;   -- event labels: trigger offset of the event they name
ALTER TABLE terms ADD COLUMN chain INTEGER;         -- event labels: first label of the same event here
ALTER TABLE terms ADD COLUMN date VARCHAR;          -- event labels: the day or month they carry
ALTER TABLE terms ADD COLUMN name VARCHAR;          -- event labels: a proper name ("Al-Aqsa Flood")
ALTER TABLE terms ADD COLUMN types VARCHAR[];       -- event labels: PLOVER types the event can have

-- What a document's own voice says for (+) or against (−) an actor: one row per event or sentence.
CREATE TABLE stance (
    doc_id VARCHAR NOT NULL,
    target VARCHAR NOT NULL,   -- actor id
    code   VARCHAR,
    source VARCHAR NOT NULL,   -- event | sentence
    start  INTEGER NOT NULL,   -- the sentence
    "end"  INTEGER NOT NULL,
    score  DOUBLE NOT NULL,    -- −1…1
    cue    VARCHAR NOT NULL    -- the event and role, or the words that carry the sentiment
);

-- Statements of what will happen: checkable later against the events.
CREATE TABLE predictions (
    prediction_id  VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    start          INTEGER NOT NULL,   -- the predicted clause
    "end"          INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    sentence       VARCHAR NOT NULL,
    cue            VARCHAR NOT NULL,   -- "will", "likely" …
    verb           VARCHAR NOT NULL,
    confidence     VARCHAR NOT NULL,   -- certain | probable | possible
    negated        BOOLEAN NOT NULL,
    about          VARCHAR NOT NULL,   -- JSON list of the actors the clause names, subject first
    about_ids      VARCHAR[] NOT NULL,
    about_codes    VARCHAR[] NOT NULL,
    predictor      VARCHAR,            -- JSON speaker; null: the outlet's own voice
    by_date        VARCHAR,            -- a date in the clause after publication
    event          VARCHAR,            -- PLOVER type of the event the verb triggers
    event_start    INTEGER
);
