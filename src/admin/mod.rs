//! The admin app: where a company signs up, builds and publishes its surveys, embeds them, reads
//! responses and manages its members. Rendered in the browser only (a second bundle, apart from
//! the widget, which must stay small), served by the Hearback server under `/admin`, talking to
//! the admin API under `/admin/api`.

pub mod charts;
pub mod draft;
pub mod page_words;
pub mod report;
mod report_kinds;

#[cfg(feature = "admin")]
mod api;
#[cfg(feature = "admin")]
mod audience;
#[cfg(feature = "admin")]
mod audit;
#[cfg(feature = "admin")]
mod builder;
#[cfg(feature = "admin")]
mod case_thread;
#[cfg(feature = "admin")]
mod cases;
#[cfg(feature = "admin")]
mod dashboard;
#[cfg(feature = "admin")]
mod details;
#[cfg(feature = "admin")]
mod digest;
#[cfg(feature = "admin")]
mod gathered;
#[cfg(feature = "admin")]
mod invitations;
#[cfg(feature = "admin")]
mod pages;
#[cfg(feature = "admin")]
mod plan_card;
#[cfg(feature = "admin")]
mod plans;
#[cfg(feature = "admin")]
mod publish;
#[cfg(feature = "admin")]
mod question_editor;
#[cfg(feature = "admin")]
mod retention;
#[cfg(feature = "admin")]
mod schedule;
#[cfg(feature = "admin")]
mod security;
#[cfg(feature = "admin")]
mod signin;
#[cfg(feature = "admin")]
mod sites;
#[cfg(feature = "admin")]
mod translations;
#[cfg(feature = "admin")]
mod triage;
#[cfg(feature = "admin")]
mod webhooks;
#[cfg(feature = "admin")]
mod words;

#[cfg(feature = "admin")]
pub use app::App;

// The app's own words: `i18n::Locale`, `use_i18n` and the `t!` keys, from locales/*.json. The
// macro is deprecated for a build script (`leptos_i18n_build`), which would build ICU's data
// exporter, with its network client, into every build of the workspace; the macro reads the same
// files and checks the same keys.
#[cfg(feature = "admin")]
#[allow(deprecated)]
mod i18n_words {
    leptos_i18n::load_locales!();
}
#[cfg(feature = "admin")]
use i18n_words::i18n;

#[cfg(feature = "admin")]
mod app {
    use super::audit::Audit;
    use super::builder::Builder;
    use super::cases::{CaseList, CasePage};
    use super::dashboard::Dashboard;
    use super::i18n::*;
    use super::pages::{Members, SurveyList, Tokens};
    use super::plans::Plans;
    use super::security::Security;
    use super::signin::{AcceptInvite, LogIn, SignUp};
    use super::words::{restore, role_name, LanguageSwitch};
    use leptos::prelude::*;
    use leptos_router::components::{Route, Router, Routes};
    use leptos_router::path;

    use hearback_api::account::Me;
    use hearback_api::Role;

    /// The session as the app knows it: not yet asked (`None`), logged out, or someone (what the
    /// app shows, and the CSRF token its writes carry).
    #[derive(Debug, Clone, Copy)]
    pub struct Session(pub RwSignal<Option<Option<Me>>>);

    impl Session {
        /// Asks the server who is logged in, and remembers it.
        pub async fn load(self) {
            let me = super::api::get::<Me>("/admin/api/me").await.ok();
            self.0.set(Some(me));
        }

        pub fn csrf(self) -> String {
            self.0.with_untracked(|s| s.clone().flatten().map(|me| me.csrf_token).unwrap_or_default())
        }

        /// The logged-in member's role (tracked), if any.
        pub fn role(self) -> Option<Role> {
            self.0.with(|s| s.as_ref().and_then(|m| m.as_ref()).map(|me| me.role))
        }

        /// The logged-in member's user id (tracked), if any.
        pub fn user_id(self) -> Option<String> {
            self.0.with(|s| s.as_ref().and_then(|m| m.as_ref()).map(|me| me.user.id.clone()))
        }

        pub fn can_edit(self) -> bool {
            self.role().is_some_and(|role| role >= Role::Editor)
        }
    }

    /// The app, in the member's language: the one they chose in this browser, else the browser's.
    #[component]
    pub fn App() -> impl IntoView {
        view! { <I18nContextProvider><Routed/></I18nContextProvider> }
    }

    #[component]
    fn Routed() -> impl IntoView {
        let i18n = use_i18n();
        restore(i18n);
        let session = Session(RwSignal::new(None));
        provide_context(session);
        leptos::task::spawn_local(session.load());
        // A new language builds the page again: every word in it changes, those worked out once
        // (a form's options, a label filled in) too. The session stays. (A memo: the provider
        // setting the same language again changes nothing.)
        let language = Memo::new(move |_| i18n.get_locale());
        view! {
            {move || { let _ = language.get(); view! {
            <Router>
                <Routes fallback=move || view! { <main class="narrow"><h1>{t!(i18n, app.not_found)}</h1><a href="/admin">{t!(i18n, app.surveys)}</a></main> }>
                    <Route path=path!("/admin/login") view=LogIn/>
                    <Route path=path!("/admin/signup") view=SignUp/>
                    <Route path=path!("/admin/invite/:token") view=AcceptInvite/>
                    <Route path=path!("/admin") view=|| view! { <Shell><SurveyList/></Shell> }/>
                    <Route path=path!("/admin/surveys/:id") view=|| view! { <Shell><Builder/></Shell> }/>
                    <Route path=path!("/admin/surveys/:id/results") view=|| view! { <Shell><Dashboard/></Shell> }/>
                    <Route path=path!("/admin/surveys/:id/plans") view=|| view! { <Shell><Plans/></Shell> }/>
                    <Route path=path!("/admin/members") view=|| view! { <Shell><Members/></Shell> }/>
                    <Route path=path!("/admin/tokens") view=|| view! { <Shell><Tokens/></Shell> }/>
                    <Route path=path!("/admin/security") view=|| view! { <Shell><Security/></Shell> }/>
                    <Route path=path!("/admin/audit") view=|| view! { <Shell><Audit/></Shell> }/>
                    <Route path=path!("/admin/cases") view=|| view! { <Shell><CaseList/></Shell> }/>
                    <Route path=path!("/admin/cases/:id") view=|| view! { <Shell><CasePage/></Shell> }/>
                </Routes>
            </Router>
            }}}
        }
    }

    /// The frame of every page behind the log-in: navigation, who is logged in, log-out.
    /// Someone logged out is sent to the log-in page, which brings them back here after.
    #[component]
    fn Shell(children: ChildrenFn) -> impl IntoView {
        let i18n = use_i18n();
        let session = expect_context::<Session>();
        let navigate = leptos_router::hooks::use_navigate();
        let log_out = move |_| {
            let csrf = session.csrf();
            leptos::task::spawn_local(async move {
                _ = super::api::send::<()>(gloo_net::http::Method::POST, "/admin/api/logout", &csrf, None).await;
                session.0.set(Some(None));
            });
        };
        Effect::new(move |_| {
            let here = window().location().pathname().unwrap_or_default();
            match session.0.get() {
                Some(None) => navigate(&format!("/admin/login?next={here}"), Default::default()),
                // Their organisation requires two-factor sign-in: that comes before anything else.
                Some(Some(me)) if me.must_enrol && here != "/admin/security" => {
                    navigate("/admin/security", Default::default())
                }
                _ => {}
            }
        });
        // Built once per sign-in: a changed session (a new role, two-factor set up) updates the
        // header, and never rebuilds the page below with its unsaved state.
        let signed_in = Memo::new(move |_| matches!(session.0.get(), Some(Some(_))));
        let me = move |read: &dyn Fn(&Me) -> String| {
            session.0.with(|s| s.as_ref().and_then(|m| m.as_ref()).map(read).unwrap_or_default())
        };
        let owner = move || session.role() == Some(Role::Owner);
        view! {
            {move || if signed_in.get() {
                let children = children.clone();
                view! {
                    <header class="bar">
                        <strong>"Hearback"</strong>
                        <nav aria-label=move || t_string!(i18n, app.main)>
                            <a href="/admin">{t!(i18n, app.surveys)}</a>
                            <a href="/admin/cases">{t!(i18n, app.conversations)}</a>
                            <a href="/admin/members">{t!(i18n, app.members)}</a>
                            {move || owner().then(|| view! { <a href="/admin/tokens">{t!(i18n, app.api_tokens)}</a> })}
                            {move || owner().then(|| view! { <a href="/admin/audit">{t!(i18n, app.audit_log)}</a> })}
                            <a href="/admin/security">{t!(i18n, app.security)}</a>
                        </nav>
                        <span class="who">
                            {move || me(&|me| format!("{} · {} · {}", me.user.name, me.organization.name, role_name(i18n, me.role)))}
                        </span>
                        <LanguageSwitch/>
                        <button type="button" on:click=log_out>{t!(i18n, app.log_out)}</button>
                    </header>
                    <main>{children()}</main>
                }
                .into_any()
            } else {
                view! { <main><p>{t!(i18n, app.loading)}</p></main> }.into_any()
            }}
        }
    }
}
