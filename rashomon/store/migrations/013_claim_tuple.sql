-- Schema version 13: a claim is a (thing counted, what happened to it, whose, when) tuple. `counted` is
-- the thing as written ("Morvenian fishing boats", "aid to Ukraine"), `qualifier` what it says besides
-- the thing ("Morvenian", "to Ukraine": whose, of or on what), `moment` the date a date in the
-- claim's clause gives (null: as of the report), `scope` whether it is a count at a moment ("point"), a
-- total over a period ("total") or a forecast, threat or plan ("forecast").
ALTER TABLE claims ADD COLUMN counted VARCHAR;
ALTER TABLE claims ADD COLUMN qualifier VARCHAR;
ALTER TABLE claims ADD COLUMN moment VARCHAR;
ALTER TABLE claims ADD COLUMN scope VARCHAR;
