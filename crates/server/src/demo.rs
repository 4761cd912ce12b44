//! The demo `make run` shows: a survey, and a stand-in company site on another origin that embeds
//! it with one script tag, the way a customer's site would.

use crate::store::{Store, StoreError};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use hearback_core::{Origin, Survey};

const DEMO_SURVEY: &str = include_str!("../demo/survey.json");
const HOST_PAGE: &str = include_str!("../demo/host.html");

pub fn survey() -> Survey {
    serde_json::from_str(DEMO_SURVEY).expect("the demo survey is valid")
}

/// Creates the demo survey unless it exists, allowing `host` to embed it. Returns its id.
pub async fn ensure_survey(store: &dyn Store, host: &Origin) -> Result<String, StoreError> {
    let survey = survey();
    match store.create_survey(&survey, std::slice::from_ref(host), &crate::identity::new_secret()).await {
        Ok(()) | Err(StoreError::Conflict) => Ok(survey.id().to_string()),
        Err(err) => Err(err),
    }
}

/// The company site: one page that embeds `survey` from the Hearback server at `hearback`.
pub fn host_site(hearback: &Origin, survey: &str) -> Router {
    let page = HOST_PAGE.replace("{{HEARBACK}}", hearback.as_str()).replace("{{SURVEY}}", survey);
    Router::new().route("/", get(move || async move { Html(page) }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_survey_parses() {
        assert_eq!(super::survey().questions().len(), 6);
    }
}
