//! The audit log page (owners): who did what to which object, when and from where, filtered by
//! member or token, action, object and dates, newest first, fifty at a time.

use super::api;
use super::i18n::*;
use super::pages::Loaded;
use super::security::moment;
use hearback_api::account::Members;
use hearback_api::security::{ActorKind, AuditAction, AuditPage};
use leptos::prelude::*;

/// An action's name in words, in the app's language.
fn words(i18n: leptos_i18n::I18nContext<Locale>, action: AuditAction) -> &'static str {
    macro_rules! named {
        ($($variant:ident => $key:ident),* $(,)?) => {
            match action { $(AuditAction::$variant => t_string!(i18n, actions.$key),)* }
        };
    }
    named! {
        OrganizationCreated => organization_created,
        SignedIn => signed_in,
        SignedOut => signed_out,
        PasswordChanged => password_changed,
        SessionEnded => session_ended,
        MemberSessionsEnded => member_sessions_ended,
        TwoFactorEnabled => two_factor_enabled,
        TwoFactorDisabled => two_factor_disabled,
        RecoveryCodeUsed => recovery_code_used,
        RecoveryCodesRenewed => recovery_codes_renewed,
        TwoFactorRequirementChanged => two_factor_requirement_changed,
        InviteSent => invite_sent,
        MemberJoined => member_joined,
        MemberRoleChanged => member_role_changed,
        MemberRemoved => member_removed,
        TokenCreated => token_created,
        TokenRevoked => token_revoked,
        SurveyCreated => survey_created,
        SurveyEdited => survey_edited,
        SurveyStatusChanged => survey_status_changed,
        SurveyScheduleSet => survey_schedule_set,
        SurveyAudienceSet => survey_audience_set,
        FatigueSet => fatigue_set,
        SiteAdded => site_added,
        SiteRemoved => site_removed,
        SiteFatigueSet => site_fatigue_set,
        ContactDetailsRead => contact_details_read,
        InvitationsSent => invitations_sent,
        MailEventRecorded => mail_event_recorded,
        SurveySecretRotated => survey_secret_rotated,
        ResponseDeleted => response_deleted,
        ResponseTagged => response_tagged,
        ResponseNoteAdded => response_note_added,
        ExportDownloaded => export_downloaded,
        WebhookCreated => webhook_created,
        WebhookDeleted => webhook_deleted,
        PlanCreated => plan_created,
        PlanEdited => plan_edited,
        PlanDeleted => plan_deleted,
        PlanUpdateAdded => plan_update_added,
        QuoteApproved => quote_approved,
        QuoteWithdrawn => quote_withdrawn,
        ReplyAnswered => reply_answered,
        FollowUpSet => follow_up_set,
        FollowUpRemoved => follow_up_removed,
        ResultsPublished => results_published,
        ResultsTakenDown => results_taken_down,
        CaseRulesChanged => case_rules_changed,
        CaseStatusChanged => case_status_changed,
        CasePlanLinked => case_plan_linked,
        RootCauseAdded => root_cause_added,
        MemberGoalSet => member_goal_set,
        WallLinkCreated => wall_link_created,
        WallLinkRevoked => wall_link_revoked,
        CaseMessageSent => case_message_sent,
        ContactRetentionSet => contact_retention_set,
        AnswerRetentionSet => answer_retention_set,
        AnswersExpired => answers_expired,
        TranslationsSaved => translations_saved,
    }
}

/// The query string of the filters given (empty ones left out).
fn query(filters: &[(&str, String)]) -> String {
    let pairs: Vec<String> = filters
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v.trim())))
        .collect();
    pairs.join("&")
}

#[component]
pub fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    let (actor, action, object) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    // The filters applied (on submit), and the cursors of the pages read so far.
    let applied = RwSignal::new(String::new());
    let pages = RwSignal::new(vec![String::new()]);
    let members = api::resource::<Members>(|| Some("/admin/api/members".into()), RwSignal::new(0));
    let log = api::resource::<AuditPage>(
        move || {
            let before = pages.with(|p| p.last().cloned().unwrap_or_default());
            let mut parts = vec![applied.get(), query(&[("before", before)])];
            parts.retain(|part| !part.is_empty());
            Some(format!("/admin/api/audit?{}", parts.join("&")))
        },
        RwSignal::new(0),
    );
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filters = [
            ("actor", actor.get_untracked()),
            ("action", action.get_untracked()),
            ("object", object.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ];
        applied.set(query(&filters));
        pages.set(vec![String::new()]);
    };
    let member_options = move || {
        members.get().and_then(Result::ok).map(|list| {
            list.members.into_iter().map(|m| view! { <option value=m.user_id>{m.name}</option> }).collect_view()
        })
    };
    let rows = move || {
        log.get().map(|read| {
            read.map(|page| {
                if page.entries.is_empty() {
                    return view! { <tr><td colspan="6">{t!(i18n, audit.no_entries_match)}</td></tr> }.into_any();
                }
                page.entries
                    .into_iter()
                    .map(|e| {
                        let object = match &e.survey {
                            Some(survey) if survey != &e.object_id => format!("{} {} (survey {survey})", e.object_kind, e.object_id),
                            _ => format!("{} {}", e.object_kind, e.object_id),
                        };
                        view! {
                            <tr>
                                <td>{moment(e.at)}</td>
                                <td>{e.actor_name}" "<span class="hint">"("{move || match e.actor_kind { ActorKind::Member => t_string!(i18n, audit.by_member), ActorKind::Token => t_string!(i18n, audit.by_token), ActorKind::System => t_string!(i18n, audit.by_server) }}")"</span></td>
                                <td>{move || words(i18n, e.action)}</td>
                                <td>{object}</td>
                                <td>{e.detail}</td>
                                <td><code>{e.address}</code></td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            })
        })
    };
    let next = move || log.get().and_then(Result::ok).and_then(|page| page.next);
    let retention = move || log.get().and_then(Result::ok).map(|page| page.retention_days);
    view! {
        <h1>{t!(i18n, audit.audit_log)}</h1>
        <p class="hint">{t!(i18n, audit.every_change_made_by_your)}
            {move || retention().map(|days| t!(i18n, audit.kept_days, days))}</p>
        <form class="row filters" on:submit=apply>
            <p class="field">
                <label for="audit-actor">{t!(i18n, audit.member)}</label>
                <select id="audit-actor" on:change=move |ev| actor.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, audit.anyone)}</option>
                    {member_options}
                </select>
            </p>
            <p class="field">
                <label for="audit-action">{t!(i18n, audit.action)}</label>
                <select id="audit-action" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, audit.any)}</option>
                    {AuditAction::ALL.iter().map(|a| view! { <option value=a.as_str()>{move || words(i18n, *a)}</option> }).collect_view()}
                </select>
            </p>
            <p class="field">
                <label for="audit-object">{t!(i18n, audit.object_or_survey_id)}</label>
                <input id="audit-object" prop:value=move || object.get() on:input=move |ev| object.set(event_target_value(&ev))/>
            </p>
            <p class="field">
                <label for="audit-from">{t!(i18n, audit.from)}</label>
                <input id="audit-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
            </p>
            <p class="field">
                <label for="audit-to">{t!(i18n, audit.to)}</label>
                <input id="audit-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </p>
            <button type="submit">{t!(i18n, audit.show)}</button>
        </form>
        <Loaded>
            <table class="audit">
                <thead><tr><th scope="col">{t!(i18n, audit.when)}</th><th scope="col">{t!(i18n, audit.who)}</th><th scope="col">{t!(i18n, audit.did)}</th>
                    <th scope="col">{t!(i18n, audit.to)}</th><th scope="col">{t!(i18n, audit.detail)}</th><th scope="col">{t!(i18n, audit.from_address_digest)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Loaded>
        <p class="row">
            <Show when=move || pages.with(|p| p.len() > 1)>
                <button type="button" on:click=move |_| pages.update(|p| { p.pop(); })>{t!(i18n, audit.newer_entries)}</button>
            </Show>
            <Show when=move || next().is_some()>
                <button type="button" on:click=move |_| {
                    if let Some(cursor) = next() { pages.update(|p| p.push(cursor)); }
                }>{t!(i18n, audit.older_entries)}</button>
            </Show>
        </p>
    }
}
