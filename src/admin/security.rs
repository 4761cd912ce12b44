//! A member's security page: two-factor sign-in (set up with a QR code and a first code,
//! recovery codes shown once, turned off with a code), the organisation's requirement of it
//! (owners), the sessions the member has (each can be ended) and the password.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write, Field, Loaded, Problem};
use gloo_net::http::Method;
use hearback_api::security::{
    Code, Enrolment, OrganizationSecurity, PasswordChange, RecoveryCodes, Sessions, TwoFactor,
};
use hearback_api::Role;
use leptos::prelude::*;

pub use hearback_core::trend::moment;

/// Recovery codes just made: shown this once, to be kept somewhere safe.
#[component]
fn Shown(codes: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || !codes.with(Vec::is_empty)>
            <div class="recovery" role="status">
                <p><strong>{t!(i18n, security.your_recovery_codes)}</strong>{t!(i18n, security.each_works_once_if_your)}</p>
                <ul class="codes">{move || codes.get().into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}

#[component]
pub fn Security() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let must_enrol = move || session.0.with(|s| s.as_ref().and_then(|m| m.as_ref()).is_some_and(|me| me.must_enrol));
    view! {
        <h1>{t!(i18n, security.security)}</h1>
        <Show when=must_enrol>
            <p class="problem" role="alert">{t!(i18n, security.your_organisation_requires_two_factor)}</p>
        </Show>
        <TwoFactorSection/>
        <Show when=move || !must_enrol()>
            <SessionsSection/>
            <PasswordSection/>
        </Show>
    }
}

#[component]
fn TwoFactorSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0);
    let status = api::resource::<TwoFactor>(|| Some("/admin/api/two-factor".into()), version);
    let enrolment = RwSignal::new(None::<Enrolment>);
    let codes = RwSignal::new(Vec::<String>::new());
    let code = RwSignal::new(String::new());
    let shown = move |reply: serde_json::Value| {
        if let Ok(made) = serde_json::from_value::<RecoveryCodes>(reply) {
            codes.set(made.codes);
        }
    };
    let start = move |_| {
        write(Method::POST, "/admin/api/two-factor/enrolment".into(), None, problem, version, move |reply| {
            enrolment.set(serde_json::from_value(reply).ok());
        })
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = body(&Code { code: code.get_untracked() });
        write(Method::POST, "/admin/api/two-factor".into(), Some(request), problem, version, move |reply| {
            shown(reply);
            (enrolment.set(None), code.set(String::new()));
            // The member may have been waiting to enrol: the app asks again who they are.
            leptos::task::spawn_local(session.load());
        });
    };
    let with_code = move |url: &'static str, ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = body(&Code { code: code.get_untracked() });
        write(Method::POST, url.into(), Some(request), problem, version, move |reply| {
            shown(reply);
            code.set(String::new());
        });
    };
    let owner = move || session.role() == Some(Role::Owner);
    let require = move |required: bool| {
        let request = body(&OrganizationSecurity { require_two_factor: required });
        write(Method::PUT, "/admin/api/organization/security".into(), Some(request), problem, version, move |_| {
            leptos::task::spawn_local(session.load());
        });
    };
    let state = move || {
        status.get().map(|read| {
            read.map(|tf| {
                if tf.enabled {
                    view! {
                        <p>{t!(i18n, security.is_on, <b> = |children: ChildrenFn| view! { <strong>{children()}</strong> })}" "
                            {t!(i18n, security.codes_left, n = tf.recovery_codes_left)}</p>
                        <form class="row" on:submit=move |ev| with_code("/admin/api/two-factor/recovery-codes", ev)>
                            <Field id="renew-code" value=code complete="off">{t!(i18n, security.code_from_your_app)}</Field>
                            <button type="submit">{t!(i18n, security.new_recovery_codes)}</button>
                            <button type="button" disabled=tf.required
                                on:click=move |_| {
                                    let request = body(&Code { code: code.get_untracked() });
                                    write(Method::POST, "/admin/api/two-factor/disable".into(), Some(request), problem, version, move |_| code.set(String::new()));
                                }>{t!(i18n, security.turn_off)}</button>
                        </form>
                        {tf.required.then(|| view! { <p class="hint">{t!(i18n, security.your_organisation_requires_it_so)}</p> })}
                    }
                    .into_any()
                } else {
                    view! {
                        <p>{t!(i18n, security.is_off, <b> = |children: ChildrenFn| view! { <strong>{children()}</strong> })}</p>
                        <Show when=move || enrolment.with(Option::is_none)>
                            <button type="button" on:click=start>{t!(i18n, security.set_up_two_factor_sign)}</button>
                        </Show>
                    }
                    .into_any()
                }
            })
        })
    };
    let setup = move || {
        enrolment.get().map(|e| {
            view! {
                <div class="enrol">
                    <p>{t!(i18n, security.n_1_scan_this_code_with)}</p>
                    <div class="qr" role="img" aria-label=move || t_string!(i18n, security.qr_code_of_your_two) inner_html=e.qr_svg></div>
                    <p class="hint">{t!(i18n, security.cannot_scan_type_this_key)}<code class="secret">{e.secret}</code></p>
                    <form class="row" on:submit=confirm>
                        <Field id="first-code" value=code complete="off">{t!(i18n, security.first_code)}</Field>
                        <button type="submit">{t!(i18n, security.turn_on)}</button>
                    </form>
                </div>
            }
        })
    };
    view! {
        <section aria-labelledby="two-factor">
            <h2 id="two-factor">{t!(i18n, security.two_factor_sign_in)}</h2>
            <Problem message=problem/>
            <Loaded>{state}</Loaded>
            {setup}
            <Shown codes=codes/>
            <Show when=owner>
                <p class="field check">
                    <label>
                        <input id="require-two-factor" type="checkbox"
                            prop:checked=move || status.get().and_then(Result::ok).is_some_and(|tf| tf.required)
                            on:change=move |ev| require(event_target_checked(&ev))/>
                        {t!(i18n, security.require_two_factor_sign_in)}
                    </label>
                </p>
                <p class="hint">{t!(i18n, security.members_without_it_are_sent)}</p>
            </Show>
        </section>
    }
}

#[component]
fn SessionsSection() -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0);
    let sessions = api::resource::<Sessions>(|| Some("/admin/api/sessions".into()), version);
    let rows = move || {
        sessions.get().map(|read| {
            read.map(|list| {
                list.sessions
                    .into_iter()
                    .map(|s| {
                        let (id, device) = (s.id, s.device);
                        let end = move |_| write(Method::DELETE, format!("/admin/api/sessions/{id}"), None, problem, version, |_| ());
                        view! {
                            <tr>
                                <td>{device.clone()}{s.current.then(|| t!(i18n, security.this_one))}</td>
                                <td>{moment(s.last_seen)}</td>
                                <td>{moment(s.created_at)}</td>
                                <td><code>{s.address}</code></td>
                                <td>{(!s.current).then(|| view! {
                                    <button type="button" aria-label=fill(t_string!(i18n, security.end_session_on), &[("device", &device)]) on:click=end>{t!(i18n, security.end)}</button>
                                })}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section aria-labelledby="sessions">
            <h2 id="sessions">{t!(i18n, security.where_you_are_signed_in)}</h2>
            <Problem message=problem/>
            <Loaded>
                <table>
                    <thead><tr><th scope="col">{t!(i18n, security.device)}</th><th scope="col">{t!(i18n, security.last_used)}</th><th scope="col">{t!(i18n, security.signed_in)}</th>
                        <th scope="col">{t!(i18n, security.address_digest)}</th><th scope="col"><span class="sr-only">{t!(i18n, security.end)}</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </Loaded>
        </section>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let i18n = use_i18n();
    let (current, new, problem) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let done = RwSignal::new(false);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = body(&PasswordChange { current: current.get_untracked(), new: new.get_untracked() });
        write(Method::POST, "/admin/api/password".into(), Some(request), problem, RwSignal::new(0), move |_| {
            (current.set(String::new()), new.set(String::new()), done.set(true));
        });
    };
    view! {
        <section aria-labelledby="password">
            <h2 id="password">{t!(i18n, security.password)}</h2>
            <form on:submit=change>
                <Field id="current-password" value=current kind="password" complete="current-password">{t!(i18n, security.current_password)}</Field>
                <Field id="new-password" value=new kind="password" complete="new-password">{t!(i18n, security.new_password)}</Field>
                <p class="hint">{t!(i18n, security.at_least_10_characters_not)}</p>
                <Problem message=problem/>
                <button type="submit">{t!(i18n, security.change_password)}</button>
            </form>
            <Show when=move || done.get()>
                <p role="status">{t!(i18n, security.changed_your_other_sessions_have)}</p>
            </Show>
        </section>
    }
}
