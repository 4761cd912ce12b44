//! The customer wall: a full-screen page for an office screen, opened by a member's session
//! (`/wall`) or the organisation's revocable secret link (`/wall/{token}`). It shows what the
//! company's customers said and what is being done about it: each published survey's headline
//! score, approved quotes in turn, plans as they move, and how many customers the team spoke with
//! this month. Nothing personal is on it: no customer, no address, no answer but approved quotes.
//! Its script reloads it every minute.

use super::admin::auth::{self, Actor};
use super::error::ApiError;
use super::page::{escape_html, html_page, new_nonce};
use super::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use hearback_api::PlanStatus;
use hearback_core::trend::month;

/// Plans shown at most, most recently moved first.
const PLANS: usize = 6;

/// The wall of the member's organisation.
pub async fn for_member(State(state): State<AppState>, actor: Actor) -> Result<Response, ApiError> {
    let name = state.store.organization_name(&actor.organization_id).await?.unwrap_or_default();
    render(&state, &actor.organization_id, &name).await
}

/// The wall behind a secret link; an unknown or revoked link is the same 404 as none.
pub async fn by_link(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, ApiError> {
    let (organization, name) = state.store.wall_organization(&auth::digest(&token)).await?.ok_or(ApiError::NotFound)?;
    render(&state, &organization, &name).await
}

fn status_words(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Planned => "planned",
        PlanStatus::InProgress => "in progress",
        PlanStatus::Done => "done",
        PlanStatus::WontDo => "not going to happen",
    }
}

async fn render(state: &AppState, organization_id: &str, name: &str) -> Result<Response, ApiError> {
    let now = crate::store::now_millis();
    let this_month = month(now);
    let cases = state.store.cases(organization_id, None, now).await?;
    let reached = cases.iter().filter(|c| c.contacted_at.is_some_and(|at| month(at) == this_month)).count();
    let (mut scores, mut quotes, mut plans) = (Vec::new(), Vec::new(), Vec::new());
    for summary in state.store.organization_surveys(organization_id).await? {
        let Some(stored) = state.store.survey(&summary.id).await? else { continue };
        let Some(publication) = state.store.publication(&summary.id).await?.filter(|p| p.unpublished_at.is_none())
        else {
            continue;
        };
        let default = stored.survey.languages()[0].clone();
        let page = super::published::page(state, &stored, &publication, &default).await?;
        let words = hearback_web::admin::page_words::page_words(&default);
        let headline = stored
            .survey
            .questions()
            .iter()
            .find_map(|q| hearback_web::admin::charts::headline(&page.results, q.id.as_str(), &words));
        if let Some(headline) = headline {
            scores.push(format!(
                r#"<p class="score"><span>{}</span> <strong>{}</strong></p>"#,
                escape_html(&page.title),
                escape_html(&headline)
            ));
        }
        quotes.extend(page.quotes);
        plans.extend(page.plans.into_iter().map(|p| (p.updated_at, p.will_do, p.owner.name, p.status)));
    }
    plans.sort_by(|a, b| b.0.cmp(&a.0));
    let plans: String = plans
        .iter()
        .take(PLANS)
        .map(|(_, will_do, owner, status)| {
            format!(
                r#"<li>{} <span class="who">— {} · {}</span></li>"#,
                escape_html(will_do),
                escape_html(owner),
                status_words(*status)
            )
        })
        .collect();
    let quotes: String = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            format!(r#"<li{}><blockquote>{}</blockquote></li>"#, if i == 0 { "" } else { " hidden" }, escape_html(q))
        })
        .collect();
    // An empty part says so, rather than leave a heading over nothing.
    let or = |html: String, tag: &str, none: &str| {
        if html.is_empty() {
            format!(r#"<{tag} class="who">{none}</{tag}>"#)
        } else {
            html
        }
    };
    let scores = or(scores.concat(), "p", "No published results yet.");
    let quotes = or(quotes, "li", "No approved quotes yet.");
    let plans = or(plans, "li", "No plans yet.");
    let nonce = new_nonce();
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name} · what our customers said</title>
<style nonce="{nonce}">
html {{ background: #0d1117; color: #e6edf3; font: 2.2vmin/1.4 system-ui, sans-serif; }}
body {{ margin: 0; }} main {{ padding: 4vmin 5vmin; display: grid; gap: 3vmin; grid-template-columns: 1fr 1fr; }}
h1 {{ grid-column: 1 / -1; font-size: 4.5vmin; margin: 0; }} h2 {{ font-size: 2.6vmin; color: #9ea7b3; margin: 0 0 1.5vmin; }}
.reached {{ grid-column: 1 / -1; font-size: 3.2vmin; margin: 0; }} .reached strong {{ color: #7ee787; font-size: 6vmin; }}
.score {{ font-size: 3vmin; margin: 0 0 1vmin; }} .score strong {{ color: #79c0ff; }}
ul {{ list-style: none; margin: 0; padding: 0; }} li {{ margin: 0 0 1.5vmin; }}
blockquote {{ margin: 0; font-size: 3.4vmin; font-style: italic; }} blockquote::before {{ content: "“"; }} blockquote::after {{ content: "”"; }}
.who {{ color: #9ea7b3; }}
</style></head><body><main>
<h1>{name}</h1>
<p class="reached"><strong>{reached}</strong> customers spoken with this month</p>
<section aria-labelledby="scores"><h2 id="scores">Scores</h2>{scores}</section>
<section aria-labelledby="said"><h2 id="said">In their words</h2><ul class="quotes">{quotes}</ul></section>
<section aria-labelledby="moving" class="plans"><h2 id="moving">What we are doing</h2><ul>{plans}</ul></section>
</main><script nonce="{nonce}">
(function () {{
  // Fresh every minute, without a meta refresh (which people with a screen reader cannot stop).
  setTimeout(function () {{ location.reload(); }}, 60000);
  var items = document.querySelectorAll('.quotes li'), at = 0;
  if (items.length < 2) return;
  setInterval(function () {{ items[at].hidden = true; at = (at + 1) % items.length; items[at].hidden = false; }}, 8000);
}})();
</script></body></html>"#,
        name = escape_html(name),
    );
    Ok(html_page(StatusCode::OK, html, &nonce, "'none'", ""))
}
