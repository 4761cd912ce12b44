-- A survey's published results: a snapshot of the results frozen when published (privacy rules
-- already applied) with the company's summary; the action plans are read live. Unpublishing
-- keeps the row (unpublished_at set) and takes the page down at once.
CREATE TABLE publications (
    survey_id        TEXT PRIMARY KEY NOT NULL REFERENCES surveys (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    visibility       TEXT NOT NULL CHECK (visibility IN ('public', 'respondents', 'organization')),
    summary          TEXT NOT NULL,
    snapshot         TEXT NOT NULL,
    published_by     TEXT NOT NULL REFERENCES users (id),
    published_at     BIGINT NOT NULL,
    unpublished_at   BIGINT
);
