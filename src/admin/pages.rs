//! Log-in, sign-up, invitations, the survey list and the members page.

use super::api::{self, Failure};
use super::app::Session;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::{json, Value};

/// A labelled text input bound to a signal.
#[component]
fn Field(label: &'static str, value: RwSignal<String>, #[prop(default = "text")] kind: &'static str) -> impl IntoView {
    let id = format!("f-{}", label.to_lowercase().replace(' ', "-"));
    view! {
        <p class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </p>
    }
}

/// An error message, announced when it appears.
#[component]
pub fn Problem(message: RwSignal<String>) -> impl IntoView {
    view! { <p class="problem" role="alert">{move || message.get()}</p> }
}

/// Posts a form's JSON, then asks who is logged in and goes to `next` (or the `next` the
/// server picked).
fn submit_and_enter(url: String, body: Value, problem: RwSignal<String>, next: Option<String>) {
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    leptos::task::spawn_local(async move {
        match api::send(Method::POST, &url, "", Some(&body)).await {
            Ok(reply) => {
                // Known to be logged in before the next page asks.
                session.load().await;
                let target = next.or_else(|| reply["next"].as_str().map(str::to_owned)).unwrap_or("/admin".into());
                navigate(&target, Default::default());
            }
            Err(failure) => problem.set(failure.text()),
        }
    });
}

#[component]
pub fn LogIn() -> impl IntoView {
    let (email, password, problem) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let query = use_query_map();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = query.with_untracked(|q| q.get("next"));
        let body = json!({"email": email.get_untracked(), "password": password.get_untracked(), "next": next});
        submit_and_enter("/admin/api/login".into(), body, problem, None);
    };
    view! {
        <main class="narrow">
            <h1>"Log in to Hearback"</h1>
            <form on:submit=on_submit>
                <Field label="E-mail" value=email kind="email"/>
                <Field label="Password" value=password kind="password"/>
                <Problem message=problem/>
                <button type="submit">"Log in"</button>
            </form>
            <p>"New here? "<a href="/admin/signup">"Create an account"</a></p>
        </main>
    }
}

#[component]
pub fn SignUp() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let organization = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "name": name.get_untracked(), "email": email.get_untracked(),
            "password": password.get_untracked(), "organization": organization.get_untracked(),
        });
        submit_and_enter("/admin/api/signup".into(), body, problem, Some("/admin".into()));
    };
    view! {
        <main class="narrow">
            <h1>"Create your organisation"</h1>
            <form on:submit=on_submit>
                <Field label="Your name" value=name/>
                <Field label="E-mail" value=email kind="email"/>
                <Field label="Password" value=password kind="password"/>
                <p class="hint">"At least 10 characters; not a common password."</p>
                <Field label="Organisation" value=organization/>
                <Problem message=problem/>
                <button type="submit">"Sign up"</button>
            </form>
            <p>"Have an account? "<a href="/admin/login">"Log in"</a></p>
        </main>
    }
}

#[component]
pub fn AcceptInvite() -> impl IntoView {
    let params = use_params_map();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = params.with_untracked(|p| p.get("token")).unwrap_or_default();
        let body = json!({"name": name.get_untracked(), "password": password.get_untracked()});
        submit_and_enter(format!("/admin/api/invites/{token}/accept"), body, problem, Some("/admin".into()));
    };
    view! {
        <main class="narrow">
            <h1>"Join your team on Hearback"</h1>
            <p>"New to Hearback? Give your name and choose a password. Already have an account? Your password is enough."</p>
            <form on:submit=on_submit>
                <Field label="Your name" value=name/>
                <Field label="Password" value=password kind="password"/>
                <Problem message=problem/>
                <button type="submit">"Join"</button>
            </form>
        </main>
    }
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
    let csrf = expect_context::<Session>().csrf();
    leptos::task::spawn_local(async move {
        match api::send(method, &url, &csrf, body.as_ref()).await {
            Ok(reply) => {
                problem.set(String::new());
                done(reply);
                version.update(|v| *v += 1);
            }
            Err(failure) => problem.set(failure.text()),
        }
    });
}

/// Loads JSON into a signal (and a problem into another), again whenever `version` or the URL
/// changes; nothing while there is no URL.
pub fn load(
    url: impl Fn() -> Option<String> + 'static,
    data: RwSignal<Value>,
    problem: RwSignal<String>,
    version: RwSignal<u32>,
) {
    Effect::new(move |_| {
        version.track();
        let Some(url) = url() else { return };
        leptos::task::spawn_local(async move {
            match api::get(&url).await {
                Ok(value) => data.set(value),
                Err(Failure::LoggedOut) => expect_context::<Session>().0.set(Some(None)),
                Err(failure) => problem.set(failure.text()),
            }
        });
    });
}

#[component]
pub fn SurveyList() -> impl IntoView {
    let data = RwSignal::new(Value::Null);
    let problem = RwSignal::new(String::new());
    load(|| Some("/admin/api/surveys".into()), data, problem, RwSignal::new(0));
    let session = expect_context::<Session>();
    view! {
        <h1>"Surveys"</h1>
        <Show when=move || session.can_edit()>
            <p><a class="button" href="/admin/surveys/new">"New survey"</a></p>
        </Show>
        <Problem message=problem/>
        <table>
            <thead><tr><th scope="col">"Survey"</th><th scope="col">"Status"</th><th scope="col">"Responses"</th><th scope="col"><span class="sr-only">"Results"</span></th></tr></thead>
            <tbody>
                {move || {
                    data.with(|d| d["surveys"].as_array().cloned().unwrap_or_default())
                        .into_iter()
                        .map(|s| {
                            let id = s["id"].as_str().unwrap_or_default().to_owned();
                            view! {
                                <tr>
                                    <td><a href=format!("/admin/surveys/{id}")>{s["title"].as_str().unwrap_or_default().to_owned()}</a></td>
                                    <td>{s["status"].as_str().unwrap_or_default().to_owned()}</td>
                                    <td>{s["responses"].as_i64().unwrap_or_default()}</td>
                                    <td><a href=format!("/admin/surveys/{id}/results")>"Results"</a></td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

#[component]
pub fn Members() -> impl IntoView {
    let session = expect_context::<Session>();
    let data = RwSignal::new(Value::Null);
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0);
    load(|| Some("/admin/api/members".into()), data, problem, version);
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("editor".to_owned());
    let link = RwSignal::new(String::new());
    let emailed = RwSignal::new(false);
    let act = move |method: Method, url: String, body: Option<Value>| {
        write(method, url, body, problem, version, move |reply| {
            if let Some(path) = reply["link"].as_str() {
                let origin = window().location().origin().unwrap_or_default();
                link.set(format!("{origin}{path}"));
                emailed.set(reply["emailed"] == true);
            }
        })
    };
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        act(
            Method::POST,
            "/admin/api/invites".into(),
            Some(json!({"email": email.get_untracked(), "role": role.get_untracked()})),
        );
    };
    let owner = move || session.role().as_deref() == Some("owner");
    view! {
        <h1>"Members"</h1>
        <Problem message=problem/>
        <table>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th><th scope="col">"Remove"</th></tr></thead>
            <tbody>
                {move || {
                    data.with(|d| d["members"].as_array().cloned().unwrap_or_default())
                        .into_iter()
                        .map(|m| {
                            let user = m["user_id"].as_str().unwrap_or_default().to_owned();
                            let name = m["name"].as_str().unwrap_or_default().to_owned();
                            let current = m["role"].as_str().unwrap_or_default().to_owned();
                            let url = format!("/admin/api/members/{user}");
                            let (url_role, url_remove) = (url.clone(), url);
                            view! {
                                <tr>
                                    <td>{name.clone()}</td>
                                    <td>{m["email"].as_str().unwrap_or_default().to_owned()}</td>
                                    <td>
                                        <select aria-label=format!("Role of {name}") disabled=move || !owner()
                                            on:change=move |ev| act(Method::PUT, url_role.clone(), Some(json!({"role": event_target_value(&ev)})))>
                                            {["owner", "editor", "viewer"].map(|r| view! { <option value=r selected=r == current>{r}</option> })}
                                        </select>
                                    </td>
                                    <td>
                                        <button type="button" disabled=move || !owner() aria-label=format!("Remove {name}")
                                            on:click=move |_| act(Method::DELETE, url_remove.clone(), None)>"Remove"</button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
        <Show when=owner>
            <h2>"Invite someone"</h2>
            <form on:submit=invite class="row">
                <Field label="E-mail" value=email kind="email"/>
                <p class="field">
                    <label for="invite-role">"Role"</label>
                    <select id="invite-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        <option value="editor">"editor"</option>
                        <option value="viewer">"viewer"</option>
                        <option value="owner">"owner"</option>
                    </select>
                </p>
                <button type="submit">"Create invitation link"</button>
            </form>
            <Show when=move || !link.get().is_empty()>
                <p>
                    {move || if emailed.get() { "We e-mailed them this link, from you (it works once, for 7 days): " } else { "Send this link to them (it works once, for 7 days): " }}
                    <code class="invite-link">{move || link.get()}</code>
                </p>
            </Show>
        </Show>
    }
}

/// API tokens for scripts (owners): named, read or write, shown once, revocable.
#[component]
pub fn Tokens() -> impl IntoView {
    let data = RwSignal::new(Value::Null);
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0);
    load(|| Some("/admin/api/tokens".into()), data, problem, version);
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new("read".to_owned());
    let shown = RwSignal::new(String::new());
    let act = move |method: Method, url: String, body: Option<Value>| {
        write(method, url, body, problem, version, move |reply| {
            shown.set(reply["token"].as_str().unwrap_or_default().to_owned())
        })
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        act(
            Method::POST,
            "/admin/api/tokens".into(),
            Some(json!({"name": name.get_untracked(), "scope": scope.get_untracked()})),
        );
    };
    view! {
        <h1>"API tokens"</h1>
        <p class="hint">"For scripts: send "<code>"Authorization: Bearer TOKEN"</code>" to the admin API. A write token acts as an editor."</p>
        <Problem message=problem/>
        <table>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Scope"</th><th scope="col">"Revoke"</th></tr></thead>
            <tbody>
                {move || data.with(|d| d["tokens"].as_array().cloned().unwrap_or_default())
                    .into_iter()
                    .map(|t| {
                        let id = t["id"].as_str().unwrap_or_default().to_owned();
                        let name = t["name"].as_str().unwrap_or_default().to_owned();
                        view! {
                            <tr>
                                <td>{name.clone()}</td>
                                <td>{t["scope"].as_str().unwrap_or_default().to_owned()}</td>
                                <td><button type="button" aria-label=format!("Revoke {name}")
                                    on:click=move |_| act(Method::DELETE, format!("/admin/api/tokens/{id}"), None)>"Revoke"</button></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2>"New token"</h2>
        <form class="row" on:submit=create>
            <Field label="Token name" value=name/>
            <p class="field">
                <label for="token-scope">"Scope"</label>
                <select id="token-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                    <option value="read">"read"</option>
                    <option value="write">"write"</option>
                </select>
            </p>
            <button type="submit">"Create token"</button>
        </form>
        <Show when=move || !shown.get().is_empty()>
            <p>"Copy it now; it is not shown again: "<code class="invite-link">{move || shown.get()}</code></p>
        </Show>
    }
}
