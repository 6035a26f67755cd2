-- Schema version 9: a claim that counts part of a set ("three of the boats", "13 of the 15 members") is
-- compared only with other such parts, never with the size of the set.
ALTER TABLE claims ADD COLUMN partitive BOOLEAN;
