CREATE TABLE surveys (
    id          TEXT PRIMARY KEY NOT NULL,
    -- The survey definition as JSON, in the shape `hearback_core::Survey` parses.
    definition  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('live', 'closed')),
    created_at  INTEGER NOT NULL
);

-- The sites allowed to embed a survey (CSP frame-ancestors and the widget's postMessage target).
CREATE TABLE survey_origins (
    survey_id   TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    origin      TEXT NOT NULL,
    PRIMARY KEY (survey_id, origin)
);

CREATE TABLE responses (
    id          TEXT PRIMARY KEY NOT NULL,
    survey_id   TEXT NOT NULL REFERENCES surveys (id),
    -- The canonical raw form of the parsed response (`Response::to_raw`) as JSON.
    answers     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX responses_by_survey ON responses (survey_id, created_at);

-- One row per Idempotency-Key a client sent with a response, written in the same transaction
-- as the response, so a key and its response are committed together or not at all.
CREATE TABLE idempotency_keys (
    survey_id     TEXT NOT NULL REFERENCES surveys (id),
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    response_id   TEXT NOT NULL REFERENCES responses (id),
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (survey_id, key)
);
