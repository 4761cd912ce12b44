-- Each survey's results as counters, kept as responses arrive (in the same transaction): per
-- bucket (-1 for all time, else the UTC day since 1970 the response was started), per segment
-- ('' everyone, 'v:true'/'v:false' verified or not, 'a:NAME=VALUE' a customer attribute) and per
-- cell (what is counted: see hearback_core::tally; 's:NAME' counts respondents with an attribute). Reading results sums a few of these rows,
-- however many responses there are. `hearback-server aggregates rebuild` recomputes them.
CREATE TABLE aggregates (
    survey_id  TEXT NOT NULL REFERENCES surveys (id),
    segment    TEXT NOT NULL,
    bucket     BIGINT NOT NULL,
    cell       TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (survey_id, segment, bucket, cell)
);
