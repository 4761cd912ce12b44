-- SQLite changes a CHECK constraint only by rebuilding the table (surveys, below). The migration
-- runs in one transaction, where foreign keys cannot be switched off, so their checks are
-- deferred to the commit instead, by which time the rebuilt table is back under its name.
PRAGMA defer_foreign_keys = ON;

-- Companies and the people in them. A user may belong to several organisations, with one role
-- in each: owner (everything), editor (surveys, plans, publishing), viewer (reads).
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    -- argon2id, PHC string format.
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE memberships (
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    role             TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);

-- Logged-in browsers. Only a digest of the cookie's token is kept; a session ends when it
-- expires or is revoked (log out, member removed).
CREATE TABLE sessions (
    token_hash       TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    csrf_token       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    revoked          BOOLEAN NOT NULL DEFAULT FALSE
);

-- Single-use invitation links (only their digest is kept).
CREATE TABLE invites (
    token_hash       TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    email            TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    invited_by       TEXT NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    accepted         BOOLEAN NOT NULL DEFAULT FALSE
);

-- Tokens for scripts, shown once; only their digest is kept.
CREATE TABLE api_tokens (
    id               TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    name             TEXT NOT NULL,
    scope            TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash       TEXT NOT NULL UNIQUE,
    created_by       TEXT NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    revoked          BOOLEAN NOT NULL DEFAULT FALSE
);

-- Failed log-ins, by account (`email:…`) and by address (`ip:…`), for rate limiting; kept in
-- the database so every server instance counts the same.
CREATE TABLE login_failures (
    subject  TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures (subject, at);

-- Surveys gain an owner (NULL for surveys created from the command line) and a draft status.
-- Dropping the old table deletes its rows first, and that delete cascades to the allowed
-- origins: they are kept aside and put back.
CREATE TEMPORARY TABLE origins_kept AS SELECT survey_id, origin FROM survey_origins;
CREATE TABLE surveys_new (
    id               TEXT PRIMARY KEY NOT NULL,
    definition       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'live', 'closed')),
    created_at       INTEGER NOT NULL,
    identity_secret  TEXT NOT NULL DEFAULT '',
    organization_id  TEXT REFERENCES organizations (id)
);
INSERT INTO surveys_new (id, definition, status, created_at, identity_secret)
    SELECT id, definition, status, created_at, identity_secret FROM surveys;
DROP TABLE surveys;
ALTER TABLE surveys_new RENAME TO surveys;
CREATE INDEX surveys_by_organization ON surveys (organization_id);
DELETE FROM survey_origins;
INSERT INTO survey_origins (survey_id, origin) SELECT survey_id, origin FROM origins_kept;
DROP TABLE origins_kept;
