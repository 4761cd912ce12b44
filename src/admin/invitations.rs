//! E-mail surveys on the builder page: where the survey's invitations stand, and a CSV of
//! recipients uploaded (sent as the browser reads the file; the server reads it as it comes)
//! with the report of every row refused and why. The invitations come from the member who
//! uploads, and replies go to them.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::page_words::fill;
use super::pages::Problem;
use hearback_api::invitation::{InvitationReport, InvitationSummary, RefusalReason};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Invitations(id: Signal<String>, live: Signal<bool>, editable: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let version = RwSignal::new(0u32);
    let summary = api::resource::<InvitationSummary>(
        move || Some(format!("/admin/api/surveys/{}/invitations", id.get())),
        version,
    );
    let report = RwSignal::new(None::<InvitationReport>);
    let problem = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = document()
            .get_element_by_id("invite-file")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else { return problem.set(t_string!(i18n, invitations.choose_file).into()) };
        let url = format!("/admin/api/surveys/{}/invitations", id.get_untracked());
        let csrf = session.csrf();
        sending.set(true);
        leptos::task::spawn_local(async move {
            match api::upload::<InvitationReport>(&url, &csrf, "text/csv", file.into()).await {
                Ok(done) => {
                    problem.set(String::new());
                    report.set(Some(done));
                }
                Err(failure) => problem.set(failure.text()),
            }
            sending.set(false);
            version.update(|v| *v += 1);
        });
    };
    let reason = move |r: RefusalReason| match r {
        RefusalReason::Missing => t_string!(i18n, invitations.missing),
        RefusalReason::Malformed => t_string!(i18n, invitations.malformed),
        RefusalReason::Duplicate => t_string!(i18n, invitations.duplicate),
        RefusalReason::AlreadyInvited => t_string!(i18n, invitations.already_invited),
        RefusalReason::OptedOut => t_string!(i18n, invitations.opted_out),
        RefusalReason::Language => t_string!(i18n, invitations.language),
        RefusalReason::Unreadable => t_string!(i18n, invitations.unreadable),
    };
    let counts = move || {
        summary.get().and_then(Result::ok).map(|s| {
            let values: [(&str, &dyn std::fmt::Display); 6] = [
                ("invited", &s.invited),
                ("delivered", &s.delivered),
                ("answered", &s.answered),
                ("opted_out", &s.opted_out),
                ("bounced", &s.bounced),
                ("complained", &s.complained),
            ];
            fill(t_string!(i18n, invitations.counts), &values)
        })
    };
    let told = move || {
        report.get().map(|r| {
            let said = fill(t_string!(i18n, invitations.report), &[("invited", &r.invited), ("refused", &r.refused)]);
            let listed = (!r.refusals.is_empty()).then(|| {
                let rows = r
                    .refusals
                    .into_iter()
                    .map(|refusal| view! { <tr><td>{refusal.line}</td><td>{refusal.email}</td><td>{reason(refusal.reason)}</td></tr> })
                    .collect_view();
                view! {
                    <table class="refusals">
                        <thead><tr><th scope="col">{t!(i18n, invitations.line)}</th><th scope="col">{t!(i18n, invitations.address)}</th><th scope="col">{t!(i18n, invitations.why)}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            });
            view! { <p role="status" class="invite-report">{said}</p>{listed} }
        })
    };
    view! {
        <h2 id="invitations">{t!(i18n, invitations.heading)}</h2>
        <p class="hint">{t!(i18n, invitations.hint)}</p>
        <p class="invite-counts">{counts}</p>
        <Show when=move || editable.get() && live.get()>
            <form class="row" on:submit=send aria-labelledby="invitations">
                <p class="field">
                    <label for="invite-file">{t!(i18n, invitations.file)}</label>
                    <input id="invite-file" type="file" accept=".csv,text/csv"/>
                </p>
                <button type="submit" disabled=move || sending.get()>{t!(i18n, invitations.send)}</button>
            </form>
        </Show>
        {told}
        <Problem message=problem/>
    }
}
