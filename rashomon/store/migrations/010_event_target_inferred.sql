-- Schema version 10: an event whose recipient its own phrase leaves implicit ("denounced the delay") and
-- that was read from the context (the author of the act reacted to, or the sentence's one other actor).
ALTER TABLE events ADD COLUMN target_inferred BOOLEAN;
