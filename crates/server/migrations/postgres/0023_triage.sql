-- Members' triage of responses: the tags a team files them under, and internal notes. Never
-- shown to respondents or on published pages; a deleted response takes them along.
CREATE TABLE response_tags (
    survey_id    TEXT NOT NULL REFERENCES surveys (id),
    response_id  TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    tag          TEXT NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (response_id, tag)
);
CREATE INDEX response_tags_by_survey ON response_tags (survey_id, tag);

CREATE TABLE response_notes (
    id              TEXT PRIMARY KEY NOT NULL,
    survey_id       TEXT NOT NULL REFERENCES surveys (id),
    response_id     TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    author_user_id  TEXT NOT NULL REFERENCES users (id),
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX response_notes_by_survey ON response_notes (survey_id, created_at);
