-- E-mail surveys: each recipient's invitation to a survey, from a named member. The link in the
-- message holds a token the database keeps only the SHA-256 of; the response the invitation
-- starts is saved under `response_key` (which becomes the respondent's receipt). The address
-- stays here, apart from the answers.
CREATE TABLE survey_invitations (
    id               TEXT PRIMARY KEY NOT NULL,
    survey_id        TEXT NOT NULL REFERENCES surveys (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    email            TEXT NOT NULL,
    language         TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    response_key     TEXT NOT NULL,
    -- sent (handed to the outbox), answered, opted_out, bounced, complained
    status           TEXT NOT NULL,
    mail_id          TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    answered_at      BIGINT,
    UNIQUE (survey_id, email)
);
CREATE INDEX survey_invitations_by_address ON survey_invitations (organization_id, email);

-- Addresses that asked an organisation for no more surveys (or complained of one): kept, and
-- honoured by every later invitation.
CREATE TABLE survey_opt_outs (
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    email            TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (organization_id, email)
);
