-- Rate limits every server instance sees (the PostgreSQL deployments, where several instances
-- serve one database): one row per limited operation and client, the client being a digest of
-- its address (no IP address is stored), holding the time its allowance is next whole again
-- (the "theoretical arrival time" of the generic cell rate algorithm), in ms since 1970.
CREATE TABLE rate_allowances (
    bucket  TEXT NOT NULL,
    client  TEXT NOT NULL,
    tat     BIGINT NOT NULL,
    PRIMARY KEY (bucket, client)
);
