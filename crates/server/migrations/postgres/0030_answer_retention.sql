-- How long a survey keeps its raw answers (no row: for good). Past it, a response goes with
-- everything tied to it; its counts stay in `aggregates`.
CREATE TABLE answer_retention (
    survey_id   TEXT PRIMARY KEY NOT NULL REFERENCES surveys (id),
    days        BIGINT NOT NULL CHECK (days >= 1),
    updated_at  BIGINT NOT NULL
);

-- What the responses deleted by their survey's retention counted, cell by cell as in
-- `aggregates`: a rebuild starts from these, so that kept and rebuilt aggregates stay equal
-- after the raw answers are gone.
CREATE TABLE expired_aggregates (
    survey_id  TEXT NOT NULL REFERENCES surveys (id),
    segment    TEXT NOT NULL,
    bucket     BIGINT NOT NULL,
    cell       TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (survey_id, segment, bucket, cell)
);
