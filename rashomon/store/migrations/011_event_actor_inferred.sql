-- Schema version 11: an event whose actor its own phrase leaves implicit and that was read from what the
-- act is ("Ardo Vesk was arrested": only a state arrests, so the police of the arrested man's country).
ALTER TABLE events ADD COLUMN actor_inferred BOOLEAN;
