-- Survey fatigue: after a visitor answers or dismisses any of an organisation's surveys on a
-- site, none of them asks that visitor by itself for this many days (0: no limit across surveys).
ALTER TABLE organizations ADD COLUMN fatigue_days BIGINT NOT NULL DEFAULT 0;
