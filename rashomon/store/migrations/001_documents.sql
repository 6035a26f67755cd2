-- Schema version 1: clean documents, the duplicates they were not stored twice as, and inputs that failed.
CREATE TABLE documents (
    doc_id       VARCHAR PRIMARY KEY,
    source       VARCHAR NOT NULL,   -- file path; path#n for a record inside a container file
    url          VARCHAR,
    outlet       VARCHAR,
    title        VARCHAR,
    authors      VARCHAR[],
    published    DATE,
    language     VARCHAR,
    format       VARCHAR NOT NULL,   -- text | html | json | csv | feed | warc
    text         VARCHAR NOT NULL,   -- clean body; every offset in later tables points into it
    removed      JSON NOT NULL,      -- [{role, text}] taken out of the body
    content_hash VARCHAR NOT NULL,   -- sha1 of the normalised text (exact duplicates)
    fingerprint  VARCHAR NOT NULL,   -- sha1 of the whole record (unchanged on a re-run?)
    minhash      BLOB NOT NULL       -- MinHash signature (near duplicates)
);

CREATE TABLE duplicates (
    source       VARCHAR PRIMARY KEY,
    duplicate_of VARCHAR NOT NULL,   -- doc_id of the stored document
    kind         VARCHAR NOT NULL,   -- exact | near
    similarity   DOUBLE NOT NULL
);

CREATE TABLE failures (
    source VARCHAR PRIMARY KEY,
    reason VARCHAR NOT NULL
);
