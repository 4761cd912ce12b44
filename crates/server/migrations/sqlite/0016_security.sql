-- What a company's security review asks for.

-- The audit log: every change a member or an API token makes, written in the transaction of the
-- change. `organization_id` is NULL for the command line's changes to surveys of no organisation.
-- `address_digest` is the SHA-256 of the client's address, never the address.
CREATE TABLE audit_entries (
    id               TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT,
    at               INTEGER NOT NULL,
    actor_kind       TEXT NOT NULL CHECK (actor_kind IN ('member', 'token', 'system')),
    actor_id         TEXT NOT NULL,
    actor_name       TEXT NOT NULL,
    action           TEXT NOT NULL,
    object_kind      TEXT NOT NULL,
    object_id        TEXT NOT NULL,
    survey_id        TEXT,
    detail           TEXT NOT NULL,
    address_digest   TEXT NOT NULL
);
CREATE INDEX audit_by_organization ON audit_entries (organization_id, at, id);
CREATE INDEX audit_by_time ON audit_entries (at);

-- Two-factor sign-in (TOTP, RFC 6238). The secret is kept as base32 while `totp_enabled`;
-- `totp_pending` holds an enrolment's secret until its first code is confirmed;
-- `totp_last_step` is the last time step a code was accepted for, so that no code is used twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Single-use recovery codes: only their digest is kept.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

ALTER TABLE organizations ADD COLUMN require_two_factor BOOLEAN NOT NULL DEFAULT FALSE;

-- A right password of a member with two-factor sign-in, waiting for the code (digest only).
CREATE TABLE login_challenges (
    token_hash       TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    next             TEXT NOT NULL,
    expires_at       INTEGER NOT NULL
);

-- Sessions a member can see and end: a public id (never the cookie's digest), the device's user
-- agent, the address digest it signed in from, when it was last used.
ALTER TABLE sessions ADD COLUMN public_id TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN address_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET public_id = lower(hex(randomblob(16))), last_seen = created_at;
CREATE UNIQUE INDEX sessions_by_public_id ON sessions (public_id);
CREATE INDEX sessions_by_user ON sessions (user_id);
