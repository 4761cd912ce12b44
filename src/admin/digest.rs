//! The weekly digest, on the conversations page: a member asks for it (or stops it) and reads what
//! it would say about the last seven days.

use super::api;
use super::i18n::*;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::case::{DigestPreview, DigestSettings};
use leptos::prelude::*;

#[component]
pub fn Digest() -> impl IntoView {
    let i18n = use_i18n();
    let (problem, version) = (RwSignal::new(String::new()), RwSignal::new(0));
    let preview = api::resource::<DigestPreview>(|| Some("/admin/api/me/digest".into()), version);
    let set = move |weekly: bool| {
        let request = body(&DigestSettings { weekly });
        write(Method::PUT, "/admin/api/me/digest".into(), Some(request), problem, version, |_| ());
    };
    let shown = move || {
        preview.get().and_then(Result::ok).map(|p| {
            let text = if p.empty { t_string!(i18n, digest.nothing).to_owned() } else { p.text };
            view! {
                <p class="field check"><label>
                    <input type="checkbox" prop:checked=p.weekly on:change=move |ev| set(event_target_checked(&ev))/>
                    {t!(i18n, digest.e_mail_me_this_every)}
                </label></p>
                <p class="hint"><strong>{p.subject}</strong></p>
                <pre class="digest">{text}</pre>
            }
        })
    };
    view! {
        <section aria-labelledby="digest">
            <h2 id="digest">{t!(i18n, digest.your_weekly_digest)}</h2>
            <p class="hint">{t!(i18n, digest.new_comments_your_cases_waiting)}</p>
            <Problem message=problem/>
            {shown}
        </section>
    }
}
