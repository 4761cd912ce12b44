-- Respondents' replies to action plans, made from the results page with their receipt (the key
-- of their finished response, which only their browser holds), and the answer of the plan's
-- owner (or an editor), shown to that respondent alone. A deleted response takes its replies.
CREATE TABLE plan_replies (
    id            TEXT PRIMARY KEY NOT NULL,
    plan_id       TEXT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
    survey_id     TEXT NOT NULL REFERENCES surveys (id),
    response_id   TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    -- The digest of the receipt, to tell a follower who replied (see followers.receipt_hash).
    receipt_hash  TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    answer        TEXT,
    answered_by   TEXT REFERENCES users (id),
    answered_at   BIGINT
);
CREATE INDEX plan_replies_by_survey ON plan_replies (survey_id, created_at);
CREATE INDEX plan_replies_by_response ON plan_replies (response_id);

-- A follower who asked from the results page while holding a receipt: the receipt's digest, so
-- the answer to their own reply reaches them. Never shown, never exported.
ALTER TABLE followers ADD COLUMN receipt_hash TEXT;

-- The follower's own unsubscribe link, for the List-Unsubscribe header (RFC 2369, 8058).
ALTER TABLE mail_outbox ADD COLUMN unsubscribe_url TEXT;
