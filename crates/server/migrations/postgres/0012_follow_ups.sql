-- "Did this fix it?": a done plan may ask the survey's respondents one of its questions again
-- (reworded). The widget asks it of a respondent holding a receipt; one answer per response.
CREATE TABLE plan_follow_ups (
    plan_id      TEXT PRIMARY KEY NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
    survey_id    TEXT NOT NULL REFERENCES surveys (id),
    question_id  TEXT NOT NULL,
    prompt       TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE follow_up_answers (
    plan_id      TEXT NOT NULL REFERENCES plan_follow_ups (plan_id) ON DELETE CASCADE,
    response_id  TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    value        BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (plan_id, response_id)
);
