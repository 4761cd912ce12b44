-- What a company wrote, in its surveys' other languages: the published summary, each plan's "what
-- we heard" and "what we will do", updates and "Did this fix it?" questions. `source` is the
-- original as it read when translated: once the original changes, the translation is out of date
-- and pages show the original (marked) until it is redone.
CREATE TABLE translations (
    survey_id   TEXT NOT NULL REFERENCES surveys (id),
    kind        TEXT NOT NULL CHECK (kind IN ('summary', 'heard', 'will_do', 'update', 'follow_up')),
    subject     TEXT NOT NULL,
    language    TEXT NOT NULL,
    body        TEXT NOT NULL,
    source      TEXT NOT NULL,
    updated_by  TEXT NOT NULL REFERENCES users (id),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (survey_id, kind, subject, language)
);

-- The language a follower asked in (one of the widget's), for their e-mails and pages.
ALTER TABLE followers ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
