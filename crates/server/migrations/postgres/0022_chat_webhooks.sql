-- Webhooks that post a message to a team's chat (Slack or Microsoft Teams incoming webhooks)
-- rather than JSON for a program: only for finished responses that match `rule` (JSON; every
-- finished response without one), and a summary of each day when `daily_summary`. Their
-- deliveries go through the same outbox; a response that does not match leaves no delivery.
ALTER TABLE webhooks ADD COLUMN format TEXT NOT NULL DEFAULT 'hearback' CHECK (format IN ('hearback', 'slack', 'teams'));
ALTER TABLE webhooks ADD COLUMN rule TEXT;
ALTER TABLE webhooks ADD COLUMN daily_summary BOOLEAN NOT NULL DEFAULT FALSE;
