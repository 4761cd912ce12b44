//! Site tags: one script tag on every page of a site, the key of which names the site; which of
//! the organisation's surveys run there is decided here (each survey's allowed origins, status
//! and audience). The page the tag loads is `widget_page::site`.

use super::auth::Actor;
use super::openapi::Refused;
use crate::http::error::ApiError;
use crate::http::extract::JsonBody;
use crate::http::openapi::Error;
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::AuditAction;
use crate::store::StoreError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hearback_api::audience::MAX_FATIGUE_DAYS;
use hearback_api::site::{NewSite, Site, SiteSettings};
use hearback_core::Origin;

/// The site tag's key, as a path parameter.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SitePath {
    /// The key `data-site` says.
    pub key: String,
}

/// The surveys a site tag of `origin` may ask: the organisation's live ones that allow it.
async fn surveys_on(state: &AppState, organization_id: &str, origin: &str) -> Result<Vec<String>, ApiError> {
    let mut surveys = Vec::new();
    for (id, _) in state.store.live_audiences(organization_id).await? {
        let allows =
            state.store.survey(&id).await?.is_some_and(|s| s.allowed_origins.iter().any(|o| o.as_str() == origin));
        if allows {
            surveys.push(id);
        }
    }
    Ok(surveys)
}

async fn described(state: &AppState, site: crate::store::sites::Site) -> Result<Site, ApiError> {
    let surveys = surveys_on(state, &site.organization_id, &site.origin).await?;
    Ok(Site {
        key: site.key,
        origin: site.origin,
        created_at: site.created_at,
        surveys,
        fatigue_days: site.fatigue_days,
    })
}

/// The organisation's site tags
#[utoipa::path(get, path = "/sites", tag = "sites", operation_id = "sites",
    responses((status = 200, description = "Site tags, oldest first, with the surveys each may ask", body = [Site]), Refused))]
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<Site>>, ApiError> {
    actor.require(Role::Viewer)?;
    let mut sites = Vec::new();
    for site in state.store.sites(&actor.organization_id).await? {
        sites.push(described(&state, site).await?);
    }
    Ok(Json(sites))
}

/// Add a site tag (editors)
///
/// One per site origin. Put `<script src="…/embed.js" data-site="KEY" async></script>` on every
/// page: it asks the first of the organisation's live surveys that allow the origin whose
/// audience and pages hold for the visitor, on that survey's trigger or event.
#[utoipa::path(post, path = "/sites", tag = "sites", operation_id = "add_site",
    request_body = NewSite,
    responses(
        (status = 201, description = "The site tag", body = Site),
        Refused,
        (status = 409, description = "The origin has a site tag already", body = Error),
        (status = 422, description = "Not an origin", body = Error),
    ))]
pub async fn add(
    State(state): State<AppState>,
    actor: Actor,
    body: JsonBody<NewSite>,
) -> Result<(StatusCode, Json<Site>), ApiError> {
    actor.require(Role::Editor)?;
    let origin = Origin::parse(body.value.origin.trim()).map_err(|e| ApiError::Invalid(format!("site origin: {e}")))?;
    let site = crate::store::sites::Site {
        key: crate::identity::new_secret()[..16].to_owned(),
        organization_id: actor.organization_id.clone(),
        origin: origin.as_str().to_owned(),
        created_at: crate::store::now_millis(),
        fatigue_days: None,
    };
    let audit = actor.audit(AuditAction::SiteAdded, &site.key).detail(origin.as_str());
    match state.store.add_site(&site, &audit).await {
        Err(StoreError::Conflict) => Err(ApiError::Conflict(format!("{origin} has a site tag already"))),
        Err(err) => Err(err.into()),
        Ok(()) => Ok((StatusCode::CREATED, Json(described(&state, site).await?))),
    }
}

/// Remove a site tag (editors)
///
/// Its pages ask nothing from then on; the surveys stay as they are.
#[utoipa::path(delete, path = "/sites/{key}", tag = "sites", operation_id = "remove_site",
    params(SitePath),
    responses((status = 204, description = "Removed"), Refused, (status = 404, description = "No such site tag", body = Error)))]
pub async fn remove(
    State(state): State<AppState>,
    actor: Actor,
    Path(SitePath { key }): Path<SitePath>,
) -> Result<StatusCode, ApiError> {
    actor.require(Role::Editor)?;
    let audit = actor.audit(AuditAction::SiteRemoved, &key);
    state.store.remove_site(&actor.organization_id, &key, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set a site's own survey fatigue (editors)
///
/// After a visitor of this site answers or dismisses any of your surveys there, none of them asks
/// that visitor by itself for this many days (0 to 365); `null` gives the site the organisation's.
#[utoipa::path(put, path = "/sites/{key}", tag = "sites", operation_id = "set_site",
    params(SitePath),
    request_body = SiteSettings,
    responses(
        (status = 200, description = "The site tag now", body = Site),
        Refused,
        (status = 404, description = "No such site tag", body = Error),
        (status = 422, description = "More than 365 days", body = Error),
    ))]
pub async fn set(
    State(state): State<AppState>,
    actor: Actor,
    Path(SitePath { key }): Path<SitePath>,
    body: JsonBody<SiteSettings>,
) -> Result<Json<Site>, ApiError> {
    actor.require(Role::Editor)?;
    let days = body.value.fatigue_days;
    if days.is_some_and(|d| d > MAX_FATIGUE_DAYS) {
        return Err(ApiError::Invalid(format!("survey fatigue is 0 to {MAX_FATIGUE_DAYS} days")));
    }
    let said = days.map_or("the organisation's".to_owned(), |d| format!("{d} days"));
    let audit = actor.audit(AuditAction::SiteFatigueSet, &key).detail(said);
    state.store.set_site_fatigue(&actor.organization_id, &key, days, &audit).await?;
    let site = state.store.site(&key).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(described(&state, site).await?))
}
