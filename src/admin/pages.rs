//! The survey list, the members page and API tokens, and what every page shares: fields,
//! problems, loading, writes.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::page_words::fill;
use super::sites::{FatigueForm, Sites};
use super::words::{role_name, survey_status};
use gloo_net::http::Method;
use hearback_api::account::{
    Invitation, InviteRequest, Members as MemberList, NewToken, RoleChange, TokenRequest, Tokens as TokenList,
};
use hearback_api::survey::Surveys;
use hearback_api::{Role, Scope};
use leptos::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// A labelled text input bound to a signal; the label, in the app's language, is its children.
#[component]
pub fn Field(
    /// The input's id: stable whatever the language (tests and password managers find it).
    id: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "on")] complete: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <p class="field">
            <label for=id>{children()}</label>
            <input id=id type=kind autocomplete=complete required prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </p>
    }
}

/// An error message, announced when it appears.
#[component]
pub fn Problem(message: RwSignal<String>) -> impl IntoView {
    view! { <p class="problem" role="alert">{move || message.get()}</p> }
}

/// What an `<ErrorBoundary>` shows when a page's data could not be read: why, announced.
fn unreadable(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let text = move || errors.with(|errors| errors.iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join(" "));
    view! { <p class="problem" role="alert">{text}</p> }
}

/// A part of a page that shows fetched data: "Loading…" until it first arrives (nothing when
/// `quiet`), the data shown so far while newer data loads, and why when it cannot be read. Every
/// such part is this one component with its children type-erased, so the app's wasm carries the
/// transition and the error boundary once rather than once per page.
#[component]
pub fn Loaded(
    /// Show nothing, rather than "Loading…", until the data arrives.
    #[prop(optional)]
    quiet: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || (!quiet).then(|| view! { <p>{t!(i18n, pages.loading)}</p> })>
            <ErrorBoundary fallback=unreadable>{children()}</ErrorBoundary>
        </Transition>
    }
}

/// A contract body as the JSON a call sends.
pub fn body(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("contract bodies serialize")
}

/// Sends a state-changing call with the session's CSRF token. On success the problem is cleared,
/// `done` gets the answer and `version` moves on (so what `load` shows is fetched again); a
/// failure is put in `problem`.
pub fn write(
    method: Method,
    url: String,
    body: Option<Value>,
    problem: RwSignal<String>,
    version: RwSignal<u32>,
    done: impl FnOnce(Value) + 'static,
) {
    send_write(method, url, body, problem, version, Box::new(done));
}

/// [`write`] past its one generic parameter: one future type for every call, not one per caller.
fn send_write(
    method: Method,
    url: String,
    body: Option<Value>,
    problem: RwSignal<String>,
    version: RwSignal<u32>,
    done: Box<dyn FnOnce(Value)>,
) {
    let csrf = expect_context::<Session>().csrf();
    leptos::task::spawn_local(async move {
        match api::send::<Value>(method, &url, &csrf, body.as_ref()).await {
            Ok(reply) => {
                problem.set(String::new());
                done(reply);
                version.update(|v| *v += 1);
            }
            Err(failure) => problem.set(failure.text()),
        }
    });
}

#[component]
pub fn SurveyList() -> impl IntoView {
    let i18n = use_i18n();
    let surveys = api::resource::<Surveys>(|| Some("/admin/api/surveys".into()), RwSignal::new(0));
    let session = expect_context::<Session>();
    let rows = move || {
        surveys.get().map(|read| {
            read.map(|list| {
                list.surveys
                    .into_iter()
                    .map(|s| {
                        let id = s.id;
                        view! {
                            <tr>
                                <td><a href=format!("/admin/surveys/{id}")>{s.title}</a></td>
                                <td>{survey_status(i18n, s.status)}{s.opens_at.map(|at| {
                                    fill(t_string!(i18n, pages.opens_at), &[("when", &utc_minute(at))])
                                })}</td>
                                <td>{s.responses}</td>
                                <td><a href=format!("/admin/surveys/{id}/results")>{t!(i18n, pages.results)}</a></td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <h1>{t!(i18n, pages.surveys)}</h1>
        <Show when=move || session.can_edit()>
            <p><a class="button" href="/admin/surveys/new">{t!(i18n, pages.new_survey)}</a></p>
        </Show>
        <Loaded>
            <table>
                <thead><tr><th scope="col">{t!(i18n, pages.survey)}</th><th scope="col">{t!(i18n, pages.status)}</th><th scope="col">{t!(i18n, pages.responses)}</th><th scope="col"><span class="sr-only">{t!(i18n, pages.results)}</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Loaded>
        <FatigueForm editable=Signal::derive(move || session.can_edit())/>
        <Sites editable=Signal::derive(move || session.can_edit())/>
    }
}

/// A moment (milliseconds since 1970) to the minute, in UTC, as the server's pages say it.
fn utc_minute(at: i64) -> String {
    let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64)).to_iso_string();
    let iso = String::from(iso);
    format!("{} UTC", iso.get(..16).unwrap_or_default().replace('T', " "))
}

#[component]
pub fn Members() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0);
    let members = api::resource::<MemberList>(|| Some("/admin/api/members".into()), version);
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Editor);
    let link = RwSignal::new(String::new());
    let emailed = RwSignal::new(false);
    let act = move |method: Method, url: String, request: Option<Value>| {
        write(method, url, request, problem, version, move |reply| {
            if let Ok(invitation) = serde_json::from_value::<Invitation>(reply) {
                let origin = window().location().origin().unwrap_or_default();
                link.set(format!("{origin}{}", invitation.link));
                emailed.set(invitation.emailed);
            }
        })
    };
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = InviteRequest { email: email.get_untracked(), role: role.get_untracked() };
        act(Method::POST, "/admin/api/invites".into(), Some(body(&request)));
    };
    let owner = move || session.role() == Some(Role::Owner);
    let roles = [Role::Owner, Role::Editor, Role::Viewer];
    let rows = move || {
        members.get().map(|read| {
            read.map(|list| {
                list.members
                    .into_iter()
                    .map(|m| {
                        let url = format!("/admin/api/members/{}", m.user_id);
                        let url_sessions = format!("{url}/sessions");
                        let (url_role, url_remove, name, current) = (url.clone(), url, m.name, m.role);
                        let change = move |ev| {
                            let role = Role::parse(&event_target_value(&ev)).unwrap_or(current);
                            act(Method::PUT, url_role.clone(), Some(body(&RoleChange { role })));
                        };
                        view! {
                            <tr>
                                <td>{name.clone()}</td>
                                <td>{m.email}</td>
                                <td>
                                    <select aria-label=fill(t_string!(i18n, pages.role_of), &[("name", &name)]) disabled=move || !owner() on:change=change>
                                        {roles.map(|r| view! { <option value=r.as_str() selected=r == current>{move || role_name(i18n, r)}</option> })}
                                    </select>
                                </td>
                                <td>
                                    <button type="button" disabled=move || !owner() aria-label=fill(t_string!(i18n, pages.end_sessions_of), &[("name", &name)])
                                        on:click=move |_| act(Method::DELETE, url_sessions.clone(), None)>{t!(i18n, pages.end_sessions)}</button>
                                    " "
                                    <button type="button" disabled=move || !owner() aria-label=fill(t_string!(i18n, pages.remove_name), &[("name", &name)])
                                        on:click=move |_| act(Method::DELETE, url_remove.clone(), None)>{t!(i18n, pages.remove)}</button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <h1>{t!(i18n, pages.members)}</h1>
        <Problem message=problem/>
        <Loaded>
            <table>
                <thead><tr><th scope="col">{t!(i18n, pages.name)}</th><th scope="col">{t!(i18n, pages.e_mail)}</th><th scope="col">{t!(i18n, pages.role)}</th><th scope="col">{t!(i18n, pages.sessions_and_membership)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Loaded>
        <Show when=owner>
            <h2>{t!(i18n, pages.invite_someone)}</h2>
            <form on:submit=invite class="row">
                <Field id="f-e-mail" value=email kind="email">{t!(i18n, pages.e_mail)}</Field>
                <p class="field">
                    <label for="invite-role">{t!(i18n, pages.role)}</label>
                    <select id="invite-role" on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Editor))>
                        {[Role::Editor, Role::Viewer, Role::Owner].map(|r| view! { <option value=r.as_str()>{move || role_name(i18n, r)}</option> })}
                    </select>
                </p>
                <button type="submit">{t!(i18n, pages.create_invitation_link)}</button>
            </form>
            <Show when=move || !link.get().is_empty()>
                <p>
                    {move || if emailed.get() { t_string!(i18n, pages.we_emailed_link) } else { t_string!(i18n, pages.send_this_link) }}
                    <code class="invite-link">{move || link.get()}</code>
                </p>
            </Show>
        </Show>
    }
}

/// API tokens for scripts (owners): named, read or write, shown once, revocable.
#[component]
pub fn Tokens() -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0);
    let tokens = api::resource::<TokenList>(|| Some("/admin/api/tokens".into()), version);
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(Scope::Read);
    let shown = RwSignal::new(String::new());
    let act = move |method: Method, url: String, request: Option<Value>| {
        write(method, url, request, problem, version, move |reply| {
            if let Ok(made) = serde_json::from_value::<NewToken>(reply) {
                shown.set(made.token);
            }
        })
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = TokenRequest { name: name.get_untracked(), scope: scope.get_untracked() };
        act(Method::POST, "/admin/api/tokens".into(), Some(body(&request)));
    };
    let rows = move || {
        tokens.get().map(|read| {
            read.map(|list| {
                list.tokens
                    .into_iter()
                    .map(|t| {
                        let (id, name) = (t.id, t.name);
                        view! {
                            <tr>
                                <td>{name.clone()}</td>
                                <td>{t.scope.as_str()}</td>
                                <td><button type="button" aria-label=fill(t_string!(i18n, pages.revoke_name), &[("name", &name)])
                                    on:click=move |_| act(Method::DELETE, format!("/admin/api/tokens/{id}"), None)>{t!(i18n, pages.revoke)}</button></td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <h1>{t!(i18n, pages.api_tokens)}</h1>
        <p class="hint">{t!(i18n, pages.for_scripts_send)}<code>"Authorization: Bearer TOKEN"</code>{t!(i18n, pages.to_the_admin_api_a)}</p>
        <Problem message=problem/>
        <Loaded>
            <table>
                <thead><tr><th scope="col">{t!(i18n, pages.name)}</th><th scope="col">{t!(i18n, pages.scope)}</th><th scope="col">{t!(i18n, pages.revoke)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Loaded>
        <h2>{t!(i18n, pages.new_token)}</h2>
        <form class="row" on:submit=create>
            <Field id="f-token-name" value=name>{t!(i18n, pages.token_name)}</Field>
            <p class="field">
                <label for="token-scope">{t!(i18n, pages.scope)}</label>
                <select id="token-scope" on:change=move |ev| scope.set(Scope::parse(&event_target_value(&ev)).unwrap_or(Scope::Read))>
                    {Scope::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
                </select>
            </p>
            <button type="submit">{t!(i18n, pages.create_token)}</button>
        </form>
        <Show when=move || !shown.get().is_empty()>
            <p>{t!(i18n, pages.copy_it_now_it_is)}<code class="invite-link">{move || shown.get()}</code></p>
        </Show>
    }
}
