
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

-- Surveys gain an owner (NULL for surveys created from the command line). Their draft status
-- needs the table rebuilt, which SQLite does only with foreign keys off, outside a migration's
-- transaction: `SqliteStore::open` does it (see `allow_draft_surveys`).
ALTER TABLE surveys ADD COLUMN organization_id TEXT REFERENCES organizations (id);
CREATE INDEX surveys_by_organization ON surveys (organization_id);
