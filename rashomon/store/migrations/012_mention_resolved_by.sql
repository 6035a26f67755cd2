-- Schema version 12: how each actor mention was resolved, in three words an analyst can filter on:
-- dictionary (a name, country, demonym or place the dictionaries list), context (what the sentence says of
-- it: a title, a role, a home country), coreference (a pronoun, a short form, an anaphor).
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS resolved_by VARCHAR;
UPDATE mentions SET resolved_by = CASE
    WHEN actor_id IS NULL AND code IS NULL THEN NULL
    WHEN via IN ('name', 'alias', 'name-variant', 'country', 'demonym', 'metonym', 'place') THEN 'dictionary'
    WHEN via IN ('short-form', 'anaphor', 'pronoun') THEN 'coreference'
    ELSE 'context'
END;
