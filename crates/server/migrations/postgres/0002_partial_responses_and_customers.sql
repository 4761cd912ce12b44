-- The secret a company's backend signs customer details with (see src/identity.rs). Surveys
-- created before it existed have none, and accept no signed details until given one.
ALTER TABLE surveys ADD COLUMN identity_secret TEXT NOT NULL DEFAULT '';

-- Responses are saved as the respondent goes: one row per response key, updated in place
-- until it is complete. `sequence` orders the saves so an older one arriving late changes
-- nothing.
ALTER TABLE responses ADD COLUMN response_key TEXT;
ALTER TABLE responses ADD COLUMN complete BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE responses ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
-- Who answered, when the host page said: an id and attributes (JSON), verified when signed.
ALTER TABLE responses ADD COLUMN customer_id TEXT;
ALTER TABLE responses ADD COLUMN customer_attributes TEXT;
ALTER TABLE responses ADD COLUMN customer_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE responses SET response_key = id, updated_at = created_at;
CREATE UNIQUE INDEX responses_by_key ON responses (survey_id, response_key);
