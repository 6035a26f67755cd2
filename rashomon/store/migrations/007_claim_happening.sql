-- Schema version 7: what happened to what a claim counts, as a PLOVER type and mode ("COERCE" for boats
-- seized, detained or held; "MOBILIZE:exercise"), so that "61 fishermen seized" and "38 crew detained"
-- are compared.
ALTER TABLE claims ADD COLUMN happening VARCHAR;
