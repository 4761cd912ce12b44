-- The inner loop: a named member follows up with a customer whose answers call for it.

-- A survey's rules (JSON, checked by `hearback_core::case`): which answers open a case, who owns
-- it, when it is due.
CREATE TABLE case_rules (
    survey_id   TEXT PRIMARY KEY NOT NULL REFERENCES surveys (id),
    rules       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- One case a response at most: opened by the first rule it matches.
CREATE TABLE cases (
    id               TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    survey_id        TEXT NOT NULL REFERENCES surveys (id),
    response_id      TEXT NOT NULL,
    rule             INTEGER NOT NULL,
    owner_user_id    TEXT NOT NULL REFERENCES users (id),
    escalate_to      TEXT REFERENCES users (id),
    status           TEXT NOT NULL CHECK (status IN ('open', 'contacted', 'resolved', 'unreachable', 'withdrawn')),
    opened_at        INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,
    contacted_at     INTEGER,
    closed_at        INTEGER,
    -- When the owner and the escalation member were told it is overdue (once).
    overdue_told_at  INTEGER,
    outcome          TEXT,
    root_cause       TEXT,
    plan_id          TEXT,
    UNIQUE (survey_id, response_id)
);
CREATE INDEX cases_by_organization ON cases (organization_id, status, due_at);
CREATE INDEX cases_by_owner ON cases (owner_user_id, status, due_at);

-- The root causes an organisation files resolved cases under.
CREATE TABLE root_causes (
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    id               TEXT NOT NULL,
    label            TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);

-- A member's monthly goal of customers spoken with, set by an owner ("talk to 5 customers a month").
CREATE TABLE member_goals (
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    per_month        INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);

-- The customer wall's secret link, for an office screen (its digest only): one live link an
-- organisation, a new one replaces it, revoking deletes it.
CREATE TABLE wall_links (
    organization_id  TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id),
    token_hash       TEXT NOT NULL UNIQUE,
    created_at       INTEGER NOT NULL
);
