//! The opening every admin handler of one survey shares, as an extractor: who is asking (a
//! member's session or an API token), with at least a role, and the survey of their organisation
//! that the path's `{id}` names. A survey of another organisation is the same 404 as one that does
//! not exist, so nothing tells one organisation what another has.
//!
//! `OwnedSurvey<Editor>` in a handler's arguments replaces writing `actor.require(Role::Editor)?`
//! and the ownership lookup in its body; the role is refused (403) before the survey is looked up
//! and before any body is read.

use super::auth::Actor;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::store::accounts::Role;
use crate::store::audit::{Audit, AuditAction};
use crate::store::plans::StoredPlan;
use crate::store::StoredSurvey;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::marker::PhantomData;

/// A survey of the actor's organisation, whatever the actor's role.
pub(crate) async fn owned(state: &AppState, actor: &Actor, id: &str) -> Result<StoredSurvey, ApiError> {
    match state.store.survey(id).await? {
        Some(stored) if stored.organization.as_deref() == Some(actor.organization_id.as_str()) => Ok(stored),
        _ => Err(ApiError::NotFound),
    }
}

/// A plan of a survey of the actor's organisation that they may act on: editors may, and so
/// may the plan's owner whatever their role (an executive answers for their own plan).
/// `refusal` says what others may not do.
pub(crate) async fn owned_plan(
    state: &AppState,
    actor: &Actor,
    survey: &str,
    plan_id: &str,
    refusal: &'static str,
) -> Result<(StoredSurvey, StoredPlan), ApiError> {
    actor.require(Role::Viewer)?;
    let person = actor.person()?;
    let stored = owned(state, actor, survey).await?;
    let plan = state.store.plans(survey).await?.into_iter().find(|p| p.id == plan_id).ok_or(ApiError::NotFound)?;
    if actor.role < Role::Editor && plan.owner.user_id != person {
        return Err(ApiError::Forbidden(refusal));
    }
    Ok((stored, plan))
}

/// The least role an extractor lets through.
pub trait AtLeast: Send + Sync {
    const ROLE: Role;
}

/// Reads: every member, and read-only API tokens.
pub struct Viewer;
/// Changes surveys, plans and publications: editors and owners, and read-write API tokens.
pub struct Editor;

/// Decides what the organisation keeps and for how long: owners only.
pub struct Owner;

impl AtLeast for Owner {
    const ROLE: Role = Role::Owner;
}

impl AtLeast for Viewer {
    const ROLE: Role = Role::Viewer;
}

impl AtLeast for Editor {
    const ROLE: Role = Role::Editor;
}

/// The survey named by the path's `{id}`, of the actor's organisation, asked for by someone with
/// at least role `R`.
pub struct OwnedSurvey<R> {
    pub actor: Actor,
    pub stored: StoredSurvey,
    role: PhantomData<R>,
}

impl<R> OwnedSurvey<R> {
    pub fn id(&self) -> &str {
        self.stored.survey.id().as_str()
    }

    /// The audit entry of `action` on `object_id`, something of this survey (or the survey).
    pub fn audit(&self, action: AuditAction, object_id: &str) -> Audit {
        self.actor.audit(action, object_id).survey(self.id())
    }
}

impl<R: AtLeast> FromRequestParts<AppState> for OwnedSurvey<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let actor = Actor::from_request_parts(parts, state).await?;
        actor.require(R::ROLE)?;
        let Path(params) =
            Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| ApiError::NotFound)?;
        let id = params.get("id").ok_or(ApiError::NotFound)?;
        let stored = owned(state, &actor, id).await?;
        Ok(OwnedSurvey { actor, stored, role: PhantomData })
    }
}
