-- The outbox of e-mail: every message is written here (in the transaction of what it tells
-- about) and a worker sends what is due over SMTP, retried with backoff until sent or given up,
-- so a message survives a crash or an SMTP outage. A worker claims a row for a while
-- (claimed_until) so two instances never send it at once.
CREATE TABLE mail_outbox (
    id               TEXT PRIMARY KEY NOT NULL,
    recipient        TEXT NOT NULL,
    -- The person the message comes from, who answers replies.
    reply_to         TEXT,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    claimed_until    INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
