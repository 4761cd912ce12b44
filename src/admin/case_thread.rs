//! A case's conversation with its customer, in the case page: how they asked to hear back (the
//! address to the case's owner only), the messages both ways, their answer to "Did we resolve
//! it?", and the box to write to them while the case is open.

use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write};
use super::security::moment;
use gloo_net::http::Method;
use hearback_api::case::{CaseView, MessageFrom, MessageRequest, ReplyVia};
use leptos::prelude::*;

#[component]
pub fn Conversation(
    case: CaseView,
    /// The reader owns the case or edits: they may write.
    may_act: bool,
    problem: RwSignal<String>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(String::new());
    let id = case.id.clone();
    let how = match (case.reply_via, case.address.clone()) {
        (None, _) => t_string!(i18n, case_thread.not_asked).to_owned(),
        (Some(ReplyVia::Here), _) => t_string!(i18n, case_thread.a_reply_here_only_they).to_owned(),
        (Some(ReplyVia::Email), Some(address)) => {
            fill(t_string!(i18n, case_thread.by_email_at), &[("address", &address)])
        }
        (Some(ReplyVia::Email), None) => t_string!(i18n, case_thread.by_email).to_owned(),
    };
    let resolved = case.resolved_for_customer.map(|yes| {
        let said = if yes { t_string!(i18n, case_thread.yes) } else { t_string!(i18n, case_thread.no_reopened) };
        view! { <p class="status">{t!(i18n, case_thread.did_we_resolve_it_they)}<strong>{said}</strong></p> }
    });
    let thread = case
        .messages
        .iter()
        .map(|m| {
            let who = match m.from {
                MessageFrom::Owner => m.author.clone().unwrap_or_else(|| case.owner.name.clone()),
                MessageFrom::Customer => t_string!(i18n, case_thread.the_customer).to_owned(),
            };
            let class = if m.from == MessageFrom::Customer { "message customer" } else { "message" };
            view! { <li class=class><p class="hint">{who}" · "{moment(m.at)}</p><p>{m.body.clone()}</p></li> }
        })
        .collect_view();
    let can_write = may_act && case.reply_via.is_some() && !case.status.closed();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = body(&MessageRequest { body: draft.get_untracked() });
        write(Method::POST, format!("/admin/api/cases/{id}/messages"), Some(request), problem, version, move |_| {
            draft.set(String::new())
        });
    };
    view! {
        <h2>{t!(i18n, case_thread.conversation)}</h2>
        <p class="hint">{how}</p>
        {resolved}
        <ol class="thread">{thread}</ol>
        {can_write.then(|| view! {
            <form class="write" on:submit=send>
                <p class="field"><label for="case-message">{t!(i18n, case_thread.write_to_the_customer)}</label>
                    <textarea id="case-message" required maxlength="4000" prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))></textarea></p>
                <button type="submit">{t!(i18n, case_thread.send)}</button>
            </form>
        })}
    }
}
