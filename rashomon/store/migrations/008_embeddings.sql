-- Schema version 8: sentence embeddings kept between runs, so that a re-run of `analyze` embeds only
-- the claim texts it has not seen (the model's time is most of claim linking's cost).
CREATE TABLE embeddings (
    model     VARCHAR NOT NULL,   -- the model and its package version
    text_hash VARCHAR NOT NULL,   -- sha1 of the embedded text
    vector    FLOAT[] NOT NULL,   -- unit length
    PRIMARY KEY (model, text_hash)
);
