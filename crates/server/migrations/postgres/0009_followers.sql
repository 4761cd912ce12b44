-- People who asked for news of a survey's results by e-mail. Kept apart from the responses and
-- never linked to them. A follower is confirmed by a link sent to the address (double opt-in);
-- every message carries the unsubscribe link (its token is kept as it is: it can only
-- unsubscribe).
CREATE TABLE followers (
    id                  TEXT PRIMARY KEY NOT NULL,
    survey_id           TEXT NOT NULL REFERENCES surveys (id),
    email               TEXT NOT NULL,
    confirm_hash        TEXT NOT NULL UNIQUE,
    confirm_expires_at  BIGINT NOT NULL,
    confirmed_at        BIGINT,
    unsubscribe_token   TEXT NOT NULL UNIQUE,
    unsubscribed_at     BIGINT,
    created_at          BIGINT NOT NULL,
    UNIQUE (survey_id, email)
);
