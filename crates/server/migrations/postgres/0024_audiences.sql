-- Who a survey asks by itself (JSON: customer rules, languages, devices, new or returning
-- visitors). No row: everyone.
CREATE TABLE survey_audiences (
    survey_id  TEXT PRIMARY KEY NOT NULL REFERENCES surveys (id),
    rules      TEXT NOT NULL
);
