-- Members who asked for the weekly digest e-mail, when it was last sent (or, before the first,
-- when they asked), and how many answers each "Did this fix it?" question had then (JSON, plan id
-- → count), so the next digest names the follow-up scores that changed.
CREATE TABLE member_digests (
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    last_sent_at     INTEGER NOT NULL,
    follow_up_counts TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (organization_id, user_id)
);
