-- Webhooks: an organisation's endpoints told about each finished response of a survey.
CREATE TABLE webhooks (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    survey_id        TEXT NOT NULL REFERENCES surveys (id),
    url              TEXT NOT NULL,
    -- Signs each delivery (HMAC-SHA256); shown to the company once.
    secret           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    deleted          BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX webhooks_by_survey ON webhooks (survey_id);

-- The outbox and log of deliveries: one row per webhook and response, retried with backoff until
-- delivered or given up. A worker claims a row for a while (claimed_until) so two instances never
-- send it at once.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    webhook_id       TEXT NOT NULL REFERENCES webhooks (id),
    response_id      TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    claimed_until    BIGINT NOT NULL DEFAULT 0,
    last_status      BIGINT,
    last_error       TEXT,
    created_at       BIGINT NOT NULL,
    UNIQUE (webhook_id, response_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
