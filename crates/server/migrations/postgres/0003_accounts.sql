-- The same schema as migrations/sqlite/0003_accounts.sql, in PostgreSQL's types.
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE TABLE memberships (
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    role             TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);

CREATE TABLE sessions (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    csrf_token       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    revoked          BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE invites (
    token_hash       TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    email            TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    invited_by       TEXT NOT NULL REFERENCES users (id),
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    accepted         BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE api_tokens (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    name             TEXT NOT NULL,
    scope            TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash       TEXT NOT NULL UNIQUE,
    created_by       TEXT NOT NULL REFERENCES users (id),
    created_at       BIGINT NOT NULL,
    revoked          BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE login_failures (
    subject  TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures (subject, at);

ALTER TABLE surveys DROP CONSTRAINT surveys_status_check;
ALTER TABLE surveys ADD CONSTRAINT surveys_status_check CHECK (status IN ('draft', 'live', 'closed'));
ALTER TABLE surveys ADD COLUMN organization_id TEXT REFERENCES organizations (id);
CREATE INDEX surveys_by_organization ON surveys (organization_id);
