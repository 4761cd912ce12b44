-- The inner loop's conversations: how a customer asked to hear back, the owner's messages and the
-- customer's answers, and "Did we resolve it?".

-- How the case's customer asked to hear back: 'here' (their receipt: the widget's card and the
-- results page) or 'email'; none when the survey did not ask or they declined.
ALTER TABLE cases ADD COLUMN reply_via TEXT CHECK (reply_via IN ('here', 'email'));
-- The secret of the customer's conversation page (/c/{token}), kept as it is: it opens this one
-- conversation and nothing else, like a follower's unsubscribe link.
ALTER TABLE cases ADD COLUMN conversation_token TEXT;
CREATE UNIQUE INDEX cases_by_conversation ON cases (conversation_token);
-- The customer's answer to "Did we resolve it?" ('yes' or 'no'), asked once after resolution.
ALTER TABLE cases ADD COLUMN resolved_answer TEXT CHECK (resolved_answer IN ('yes', 'no'));

-- The address a customer gave to be e-mailed about their answers: apart from the answers, never
-- exported or sent to webhooks, deleted with the response, and once the case has been closed for
-- the organisation's retention period.
CREATE TABLE case_addresses (
    case_id     TEXT PRIMARY KEY NOT NULL REFERENCES cases (id),
    email       TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- The conversation of a case: the owner's messages to the customer and the customer's answers.
CREATE TABLE case_messages (
    id          TEXT PRIMARY KEY NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    author      TEXT NOT NULL CHECK (author IN ('owner', 'customer')),
    user_id     TEXT REFERENCES users (id),
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX case_messages_by_case ON case_messages (case_id, created_at);

-- Days a closed case keeps its customer's address (0: deleted as it closes).
ALTER TABLE organizations ADD COLUMN contact_retention_days INTEGER NOT NULL DEFAULT 30;

-- Who the sender of a message names as its author (the From name), with the server's address.
ALTER TABLE mail_outbox ADD COLUMN from_name TEXT;
