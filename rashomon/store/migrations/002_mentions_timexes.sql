-- Schema version 2: the annotation layer's first records, actor mentions and temporal expressions.
-- Offsets are character offsets into documents.text.
ALTER TABLE documents ADD COLUMN annotated_with VARCHAR;  -- digest of the annotators behind its records

CREATE TABLE mentions (
    doc_id     VARCHAR NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    actor_id   VARCHAR,            -- dictionary id; doc:<slug> for a named entity the dictionary lacks
    name       VARCHAR,
    code       VARCHAR,            -- country or IGO code at the publication date; null when unknown
    sector     VARCHAR,
    kind       VARCHAR,            -- country | institution | igo | group | person
    via        VARCHAR NOT NULL,   -- how it was resolved: name, alias, demonym, metonym, role, sector, pronoun, …
    antecedent INTEGER,            -- pronouns: start of the mention they refer to
    org        VARCHAR             -- the organisation the actor belongs to (actor id)
);

CREATE TABLE timexes (
    doc_id    VARCHAR NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      VARCHAR NOT NULL,
    type      VARCHAR NOT NULL,    -- date | time | duration | set
    value     VARCHAR NOT NULL,    -- TIMEX3 value
    precision VARCHAR,
    anchor    VARCHAR,             -- null (absolute) | publication | previous | timex:<start> | event:<start> | unknown
    mod       VARCHAR
);
