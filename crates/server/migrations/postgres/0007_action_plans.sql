-- Action plans: what a company heard in a survey, what it will do, the member who answers for
-- it, by when, and how it is going; with a timeline of dated updates (status changes included).
CREATE TABLE action_plans (
    id               TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    survey_id        TEXT NOT NULL REFERENCES surveys (id),
    heard            TEXT NOT NULL,
    -- The question ids what was heard comes from, as a JSON array.
    questions        TEXT NOT NULL,
    will_do          TEXT NOT NULL,
    owner_user_id    TEXT NOT NULL REFERENCES users (id),
    due              TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'wont_do')),
    reason           TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX action_plans_by_survey ON action_plans (survey_id, created_at);

CREATE TABLE plan_updates (
    id               TEXT PRIMARY KEY NOT NULL,
    plan_id          TEXT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
    author_user_id   TEXT NOT NULL REFERENCES users (id),
    body             TEXT NOT NULL,
    -- The status the plan moved to with this update, if it moved.
    status           TEXT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX plan_updates_by_plan ON plan_updates (plan_id, created_at);
