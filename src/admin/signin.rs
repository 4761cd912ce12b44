//! Getting in: log-in (the password, then a code for members with two-factor sign-in), sign-up
//! and taking up an invitation.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::pages::{body, Field, Problem};
use super::words::LanguageSwitch;
use gloo_net::http::Method;
use hearback_api::account::{Acceptance, LogIn as LogInRequest, Session as Started, SignUp as SignUpRequest};
use hearback_api::security::{LogInCode, SecondFactor};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::Value;

/// Posts a form's JSON, then asks who is logged in and goes to `next` (or the `next` the
/// server picked).
fn submit_and_enter(url: String, body: Value, problem: RwSignal<String>, next: Option<String>) {
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    leptos::task::spawn_local(async move {
        match api::send::<Started>(Method::POST, &url, "", Some(&body)).await {
            Ok(started) => {
                // Known to be logged in before the next page asks.
                session.load().await;
                let target = next.unwrap_or(started.next);
                navigate(&target, Default::default());
            }
            Err(failure) => problem.set(failure.text()),
        }
    });
}

/// Logging in: the password, then, for a member with two-factor sign-in, a code from their app
/// (or one of their recovery codes).
#[component]
pub fn LogIn() -> impl IntoView {
    let i18n = use_i18n();
    let (email, password, problem) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (challenge, code) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let query = use_query_map();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = query.with_untracked(|q| q.get("next"));
        let request = body(&LogInRequest { email: email.get_untracked(), password: password.get_untracked(), next });
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::send::<Value>(Method::POST, "/admin/api/login", "", Some(&request)).await {
                Ok(reply) => match serde_json::from_value::<SecondFactor>(reply.clone()) {
                    Ok(second) => (problem.set(String::new()), challenge.set(second.challenge)).1,
                    Err(_) => {
                        let started: Option<Started> = serde_json::from_value(reply).ok();
                        session.load().await;
                        navigate(&started.map(|s| s.next).unwrap_or_else(|| "/admin".into()), Default::default());
                    }
                },
                Err(failure) => problem.set(failure.text()),
            }
        });
    };
    let on_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LogInCode { challenge: challenge.get_untracked(), code: code.get_untracked() };
        submit_and_enter("/admin/api/login/code".into(), body(&request), problem, None);
    };
    view! {
        <main class="narrow">
            <LanguageSwitch/>
            <h1>{t!(i18n, signin.log_in_to_hearback)}</h1>
            <Show when=move || challenge.with(String::is_empty) fallback=move || view! {
                <form on:submit=on_code>
                    <p>{t!(i18n, signin.enter_the_six_digit_code)}</p>
                    <p class="field">
                        <label for="f-code">{t!(i18n, signin.code)}</label>
                        <input id="f-code" autocomplete="one-time-code" inputmode="text" required autofocus
                            prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                    </p>
                    <Problem message=problem/>
                    <button type="submit">{t!(i18n, signin.log_in)}</button>
                </form>
            }>
                <form on:submit=on_submit.clone()>
                    <Field id="f-e-mail" value=email kind="email">{t!(i18n, signin.e_mail)}</Field>
                    <Field id="f-password" value=password kind="password">{t!(i18n, signin.password)}</Field>
                    <Problem message=problem/>
                    <button type="submit">{t!(i18n, signin.log_in)}</button>
                </form>
            </Show>
            <p>{t!(i18n, signin.new_here)}<a href="/admin/signup">{t!(i18n, signin.create_an_account)}</a></p>
        </main>
    }
}

#[component]
pub fn SignUp() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let organization = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = SignUpRequest {
            name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            organization: organization.get_untracked(),
        };
        submit_and_enter("/admin/api/signup".into(), body(&request), problem, Some("/admin".into()));
    };
    view! {
        <main class="narrow">
            <LanguageSwitch/>
            <h1>{t!(i18n, signin.create_your_organisation)}</h1>
            <form on:submit=on_submit>
                <Field id="f-your-name" value=name>{t!(i18n, signin.your_name)}</Field>
                <Field id="f-e-mail" value=email kind="email">{t!(i18n, signin.e_mail)}</Field>
                <Field id="f-password" value=password kind="password">{t!(i18n, signin.password)}</Field>
                <p class="hint">{t!(i18n, signin.at_least_10_characters_not)}</p>
                <Field id="f-organisation" value=organization>{t!(i18n, signin.organisation)}</Field>
                <Problem message=problem/>
                <button type="submit">{t!(i18n, signin.sign_up)}</button>
            </form>
            <p>{t!(i18n, signin.have_an_account)}<a href="/admin/login">{t!(i18n, signin.log_in)}</a></p>
        </main>
    }
}

#[component]
pub fn AcceptInvite() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = params.with_untracked(|p| p.get("token")).unwrap_or_default();
        let request = Acceptance { name: Some(name.get_untracked()), password: password.get_untracked() };
        submit_and_enter(format!("/admin/api/invites/{token}/accept"), body(&request), problem, Some("/admin".into()));
    };
    view! {
        <main class="narrow">
            <LanguageSwitch/>
            <h1>{t!(i18n, signin.join_your_team_on_hearback)}</h1>
            <p>{t!(i18n, signin.new_to_hearback_give_your)}</p>
            <form on:submit=on_submit>
                <Field id="f-your-name" value=name>{t!(i18n, signin.your_name)}</Field>
                <Field id="f-password" value=password kind="password">{t!(i18n, signin.password)}</Field>
                <Problem message=problem/>
                <button type="submit">{t!(i18n, signin.join)}</button>
            </form>
        </main>
    }
}
