-- Comments an editor approved for the results page, from respondents who ticked consent when
-- answering. Only the text is shown, never who wrote it; a deleted response takes its quotes
-- with it.
CREATE TABLE quotes (
    id           TEXT PRIMARY KEY NOT NULL,
    survey_id    TEXT NOT NULL REFERENCES surveys (id),
    response_id  TEXT NOT NULL,
    question_id  TEXT NOT NULL,
    approved_by  TEXT NOT NULL REFERENCES users (id),
    approved_at  INTEGER NOT NULL,
    UNIQUE (response_id, question_id)
);
