-- When a live survey takes answers: from `opens_at`, until `closes_at` (milliseconds since
-- 1970), until `close_after` responses are finished, or until the action plan `close_when_done`
-- is done. No row: open from going live until someone closes it. A deleted plan takes its
-- condition with it.
CREATE TABLE survey_schedules (
    survey_id        TEXT PRIMARY KEY NOT NULL REFERENCES surveys (id),
    opens_at         INTEGER,
    closes_at        INTEGER,
    close_after      INTEGER CHECK (close_after > 0),
    close_when_done  TEXT REFERENCES action_plans (id) ON DELETE SET NULL,
    CHECK (opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at)
);
