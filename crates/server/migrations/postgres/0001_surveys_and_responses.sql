-- The same schema as migrations/sqlite, in PostgreSQL's types. Keys are NOT NULL throughout, so
-- every unique constraint holds (NULLs would be distinct in a unique index).
CREATE TABLE surveys (
    id          TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('live', 'closed')),
    created_at  BIGINT NOT NULL
);

CREATE TABLE survey_origins (
    survey_id   TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    origin      TEXT NOT NULL,
    PRIMARY KEY (survey_id, origin)
);

CREATE TABLE responses (
    id          TEXT PRIMARY KEY,
    survey_id   TEXT NOT NULL REFERENCES surveys (id),
    answers     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX responses_by_survey ON responses (survey_id, created_at);

CREATE TABLE idempotency_keys (
    survey_id     TEXT NOT NULL REFERENCES surveys (id),
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    response_id   TEXT NOT NULL REFERENCES responses (id),
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (survey_id, key)
);
