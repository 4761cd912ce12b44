//! Which action plan answers what one respondent said: the one the "You said, we did" card shows
//! them. A plan counts for a respondent by the comment themes it links to that their own comment
//! mentions, and by the questions it links to that they answered (more when their score there
//! was low). Worked out on the server from their receipt, shown to them alone.

use crate::plan::Theme;
use crate::response::RawAnswer;
use crate::response_raw::RawResponse;
use crate::survey::Survey;

/// How well a plan (the questions and themes it links to) answers a respondent; 0 for not at all.
pub fn relevance(survey: &Survey, questions: &[String], themes: &[Theme], raw: &RawResponse) -> u32 {
    let mut score = 0;
    for theme in themes {
        if let Some(RawAnswer::Text(comment)) = raw.answers.get(&theme.question) {
            if comment.to_lowercase().contains(&theme.term.to_lowercase()) {
                score += 10;
            }
        }
    }
    for question in questions {
        let Some(answer) = raw.answers.get(question) else { continue };
        let scale = survey.question(question).and_then(|q| q.kind.scale());
        score += match (answer, scale) {
            // A low score on the question the plan answers: this respondent is who it is for.
            (RawAnswer::Number(n), Some((low, high)))
                if *n <= i64::from(low) + (i64::from(high) - i64::from(low)) / 2 =>
            {
                3
            }
            _ => 1,
        };
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey() -> Survey {
        serde_json::from_str(
            r#"{"id":"s","title":"T","questions":[{"id":"nps","kind":"nps","prompt":"P"},
            {"id":"why","kind":"long_text","prompt":"Why?"},{"id":"channel","kind":"single_choice","prompt":"C",
            "choices":[{"id":"mail","label":"Mail"},{"id":"chat","label":"Chat"}]}]}"#,
        )
        .unwrap()
    }

    fn raw(json: &str) -> RawResponse {
        serde_json::from_str(json).unwrap()
    }

    fn theme(term: &str) -> Theme {
        Theme { question: "why".into(), term: term.into() }
    }

    #[test]
    fn a_plan_counts_by_the_themes_a_comment_mentions_and_the_questions_answered() {
        let survey = survey();
        let slow = raw(r#"{"answers":{"nps":3,"why":"Support is SLOW and rude"}}"#);
        let happy = raw(r#"{"answers":{"nps":9,"why":"Exports are great"}}"#);
        let nps = vec!["nps".to_owned()];
        assert_eq!(relevance(&survey, &[], &[theme("slow")], &slow), 10, "case does not matter");
        assert_eq!(relevance(&survey, &[], &[theme("slow")], &happy), 0);
        assert_eq!(relevance(&survey, &[], &[theme("export")], &happy), 10);
        assert_eq!(relevance(&survey, &nps, &[], &slow), 3, "a low score on the plan's question");
        assert_eq!(relevance(&survey, &nps, &[], &happy), 1, "answered, happily");
        assert_eq!(relevance(&survey, &["channel".to_owned()], &[], &slow), 0, "not answered");
        assert_eq!(relevance(&survey, &nps, &[theme("slow"), theme("rude")], &slow), 23);
    }
}
