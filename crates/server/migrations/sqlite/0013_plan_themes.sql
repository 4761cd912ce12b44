-- The themes of the comments a plan answers (a text question and a word or phrase of its
-- comments), as a JSON array of {"question", "term"}.
ALTER TABLE action_plans ADD COLUMN themes TEXT NOT NULL DEFAULT '[]';
