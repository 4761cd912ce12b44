//! The weekly digest, on the conversations page: a member asks for it (or stops it) and reads what
//! it would say about the last seven days.

use super::api;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::case::{DigestPreview, DigestSettings};
use leptos::prelude::*;

#[component]
pub fn Digest() -> impl IntoView {
    let (problem, version) = (RwSignal::new(String::new()), RwSignal::new(0));
    let preview = api::resource::<DigestPreview>(|| Some("/admin/api/me/digest".into()), version);
    let set = move |weekly: bool| {
        let request = body(&DigestSettings { weekly });
        write(Method::PUT, "/admin/api/me/digest".into(), Some(request), problem, version, |_| ());
    };
    let shown = move || {
        preview.get().and_then(Result::ok).map(|p| {
            let text = if p.empty { "Nothing this week: no digest would go out.".to_owned() } else { p.text };
            view! {
                <p class="field check"><label>
                    <input type="checkbox" prop:checked=p.weekly on:change=move |ev| set(event_target_checked(&ev))/>
                    "E-mail me this every week"
                </label></p>
                <p class="hint"><strong>{p.subject}</strong></p>
                <pre class="digest">{text}</pre>
            }
        })
    };
    view! {
        <section aria-labelledby="digest">
            <h2 id="digest">"Your weekly digest"</h2>
            <p class="hint">"New comments, your cases waiting, your plans due and follow-up scores that moved, with links into the app."</p>
            <Problem message=problem/>
            {shown}
        </section>
    }
}
