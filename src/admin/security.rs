//! A member's security page: two-factor sign-in (set up with a QR code and a first code,
//! recovery codes shown once, turned off with a code), the organisation's requirement of it
//! (owners), the sessions the member has (each can be ended) and the password.

use super::api;
use super::app::Session;
use super::pages::{body, write, Loaded, Problem};
use gloo_net::http::Method;
use hearback_api::security::{
    Code, Enrolment, OrganizationSecurity, PasswordChange, RecoveryCodes, Sessions, TwoFactor,
};
use hearback_api::Role;
use leptos::prelude::*;

pub use hearback_core::trend::moment;

/// A labelled one-line input bound to a signal, with its own id.
#[component]
fn Input(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] complete: &'static str,
) -> impl IntoView {
    view! {
        <p class="field">
            <label for=id>{label}</label>
            <input id=id type=kind autocomplete=complete required prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </p>
    }
}

/// Recovery codes just made: shown this once, to be kept somewhere safe.
#[component]
fn Shown(codes: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !codes.with(Vec::is_empty)>
            <div class="recovery" role="status">
                <p><strong>"Your recovery codes"</strong>" — each works once, if your phone is lost. Keep them somewhere safe now: they are not shown again."</p>
                <ul class="codes">{move || codes.get().into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}

#[component]
pub fn Security() -> impl IntoView {
    let session = expect_context::<Session>();
    let must_enrol = move || session.0.with(|s| s.as_ref().and_then(|m| m.as_ref()).is_some_and(|me| me.must_enrol));
    view! {
        <h1>"Security"</h1>
        <Show when=must_enrol>
            <p class="problem" role="alert">"Your organisation requires two-factor sign-in. Set it up below to go on."</p>
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
                        <p>"Two-factor sign-in is "<strong>"on"</strong>". Log-ins ask for a code from your authenticator app. "
                            {format!("{} unused recovery codes left.", tf.recovery_codes_left)}</p>
                        <form class="row" on:submit=move |ev| with_code("/admin/api/two-factor/recovery-codes", ev)>
                            <Input id="renew-code" label="Code from your app" value=code/>
                            <button type="submit">"New recovery codes"</button>
                            <button type="button" disabled=tf.required
                                on:click=move |_| {
                                    let request = body(&Code { code: code.get_untracked() });
                                    write(Method::POST, "/admin/api/two-factor/disable".into(), Some(request), problem, version, move |_| code.set(String::new()));
                                }>"Turn off"</button>
                        </form>
                        {tf.required.then(|| view! { <p class="hint">"Your organisation requires it, so it stays on."</p> })}
                    }
                    .into_any()
                } else {
                    view! {
                        <p>"Two-factor sign-in is "<strong>"off"</strong>": a stolen password alone gets into your account."</p>
                        <Show when=move || enrolment.with(Option::is_none)>
                            <button type="button" on:click=start>"Set up two-factor sign-in"</button>
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
                    <p>"1. Scan this code with an authenticator app (such as Aegis, 2FAS, Google Authenticator or 1Password)."</p>
                    <div class="qr" role="img" aria-label="QR code of your two-factor secret" inner_html=e.qr_svg></div>
                    <p class="hint">"Cannot scan? Type this key into the app: "<code class="secret">{e.secret}</code></p>
                    <form class="row" on:submit=confirm>
                        <Input id="first-code" label="2. The six-digit code the app shows" value=code/>
                        <button type="submit">"Turn on"</button>
                    </form>
                </div>
            }
        })
    };
    view! {
        <section aria-labelledby="two-factor">
            <h2 id="two-factor">"Two-factor sign-in"</h2>
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
                        "Require two-factor sign-in of every member of the organisation"
                    </label>
                </p>
                <p class="hint">"Members without it are sent to set it up before anything else. API tokens are not affected: scripts keep working."</p>
            </Show>
        </section>
    }
}

#[component]
fn SessionsSection() -> impl IntoView {
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
                                <td>{device.clone()}{s.current.then_some(" (this one)")}</td>
                                <td>{moment(s.last_seen)}</td>
                                <td>{moment(s.created_at)}</td>
                                <td><code>{s.address}</code></td>
                                <td>{(!s.current).then(|| view! {
                                    <button type="button" aria-label=format!("End the session on {device}") on:click=end>"End"</button>
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
            <h2 id="sessions">"Where you are signed in"</h2>
            <Problem message=problem/>
            <Loaded>
                <table>
                    <thead><tr><th scope="col">"Device"</th><th scope="col">"Last used"</th><th scope="col">"Signed in"</th>
                        <th scope="col">"Address (digest)"</th><th scope="col"><span class="sr-only">"End"</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </Loaded>
        </section>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
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
            <h2 id="password">"Password"</h2>
            <form on:submit=change>
                <Input id="current-password" label="Current password" value=current kind="password" complete="current-password"/>
                <Input id="new-password" label="New password" value=new kind="password" complete="new-password"/>
                <p class="hint">"At least 10 characters; not a common password. Every other session ends."</p>
                <Problem message=problem/>
                <button type="submit">"Change password"</button>
            </form>
            <Show when=move || done.get()>
                <p role="status">"Changed. Your other sessions have ended."</p>
            </Show>
        </section>
    }
}
