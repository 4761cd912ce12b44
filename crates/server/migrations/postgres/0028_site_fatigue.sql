-- Survey fatigue per site: days none of the organisation's surveys asks a visitor of this site by
-- itself after they answered or dismissed one. NULL: the organisation's own setting.
ALTER TABLE sites ADD COLUMN fatigue_days BIGINT;
