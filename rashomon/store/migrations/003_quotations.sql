-- Schema version 3: quotations, quoted terms (scare quotes and titles), and what links quotations
-- across documents. Offsets are character offsets into documents.text.
CREATE TABLE quotes (
    quote_id       VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    start          INTEGER NOT NULL,   -- the quoted words, without their quotation marks
    "end"          INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,   -- direct | mixed | indirect
    cue            VARCHAR,            -- reporting verb lemma, a source phrase ("according to") or ":"
    cue_start      INTEGER,
    continues      VARCHAR,            -- quote_id of the quotation this one continues
    speaker_text   VARCHAR,            -- the speaker as written where named ("the Russian president")
    speaker_name   VARCHAR,
    speaker_actor_id VARCHAR,
    speaker_code   VARCHAR,
    speaker_sector VARCHAR,
    speaker_kind   VARCHAR,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    cluster_id     VARCHAR             -- set by the link step: the same quotation in other documents
);

CREATE TABLE terms (
    doc_id   VARCHAR NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    term     VARCHAR NOT NULL,
    kind     VARCHAR NOT NULL,         -- scare | title
    referent VARCHAR                   -- actor id of what the term names or qualifies
);

-- Word 5-gram hashes: of each quotation (quote_id set) and of each document's own words outside
-- quotation marks (quote_id null). Unnested and joined on the hash, they find reused quotations
-- without comparing every pair of documents.
CREATE TABLE shingles (
    doc_id   VARCHAR NOT NULL,
    quote_id VARCHAR,
    hashes   BIGINT[] NOT NULL
);

CREATE TABLE citations (
    quote_id     VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,     -- the quoting document
    cited_doc_id VARCHAR NOT NULL,     -- the document whose own words it quotes
    similarity   DOUBLE NOT NULL       -- share of the quotation's 5-grams found there
);
