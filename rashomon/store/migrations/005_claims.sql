-- Schema version 5: quantitative claims. Offsets are character offsets into documents.text.
CREATE TABLE claims (
    claim_id       VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    start          INTEGER NOT NULL,   -- the number phrase, hedge and unit included
    "end"          INTEGER NOT NULL,
    phrase         VARCHAR NOT NULL,
    value          DOUBLE NOT NULL,
    low            DOUBLE NOT NULL,    -- the interval the hedge allows ("nearly 19,000": 15,580 to 19,000)
    high           DOUBLE,             -- null: no upper bound ("more than 3,000")
    hedge          VARCHAR,
    unit           VARCHAR,            -- currency code, measure, "times", or null for a count
    quantity       VARCHAR NOT NULL,   -- what is counted or measured
    predicate      VARCHAR NOT NULL,   -- what happened to it ("seize", "hold still")
    subject        VARCHAR,
    attributed_to  VARCHAR,            -- JSON speaker when the number is inside a quotation
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    text           VARCHAR NOT NULL,   -- the sentence
    cluster_id     VARCHAR             -- set by the link step: claims about the same quantity
);

CREATE TABLE claim_links (
    a          VARCHAR NOT NULL,       -- claim ids
    b          VARCHAR NOT NULL,
    relation   VARCHAR NOT NULL,       -- agree | contradict
    similarity DOUBLE NOT NULL,        -- of what the two claims count
    note       VARCHAR NOT NULL        -- why: the two numbers, their intervals, who states them
);
