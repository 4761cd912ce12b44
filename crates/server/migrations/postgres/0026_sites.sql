-- A site tag (`<script src=".../embed.js" data-site="KEY">`): one per organisation and site
-- origin; the key names it on every page of the site, and the admin app decides which surveys
-- run there.
CREATE TABLE sites (
    key              TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    origin           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    UNIQUE (organization_id, origin)
);
