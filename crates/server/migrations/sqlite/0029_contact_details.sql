-- Contact details a respondent gave for the one purpose the question stated: kept here, apart
-- from the answers (which say only that they were given), one row per response, gone with it.
CREATE TABLE contact_details (
    response_id  TEXT PRIMARY KEY NOT NULL REFERENCES responses (id),
    survey_id    TEXT NOT NULL REFERENCES surveys (id),
    question_id  TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    name         TEXT,
    email        TEXT,
    phone        TEXT,
    company      TEXT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX contact_details_by_survey ON contact_details (survey_id, created_at);
