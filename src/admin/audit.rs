//! The audit log page (owners): who did what to which object, when and from where, filtered by
//! member or token, action, object and dates, newest first, fifty at a time.

use super::api;
use super::pages::Loaded;
use super::security::moment;
use hearback_api::account::Members;
use hearback_api::security::{AuditAction, AuditPage};
use leptos::prelude::*;

/// An action's name in words (`plan_update_added` → "plan update added").
fn words(action: AuditAction) -> String {
    action.as_str().replace('_', " ")
}

/// The query string of the filters given (empty ones left out).
fn query(filters: &[(&str, String)]) -> String {
    let pairs: Vec<String> = filters
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v.trim())))
        .collect();
    pairs.join("&")
}

#[component]
pub fn Audit() -> impl IntoView {
    let (actor, action, object) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    // The filters applied (on submit), and the cursors of the pages read so far.
    let applied = RwSignal::new(String::new());
    let pages = RwSignal::new(vec![String::new()]);
    let members = api::resource::<Members>(|| Some("/admin/api/members".into()), RwSignal::new(0));
    let log = api::resource::<AuditPage>(
        move || {
            let before = pages.with(|p| p.last().cloned().unwrap_or_default());
            let mut parts = vec![applied.get(), query(&[("before", before)])];
            parts.retain(|part| !part.is_empty());
            Some(format!("/admin/api/audit?{}", parts.join("&")))
        },
        RwSignal::new(0),
    );
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filters = [
            ("actor", actor.get_untracked()),
            ("action", action.get_untracked()),
            ("object", object.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ];
        applied.set(query(&filters));
        pages.set(vec![String::new()]);
    };
    let member_options = move || {
        members.get().and_then(Result::ok).map(|list| {
            list.members.into_iter().map(|m| view! { <option value=m.user_id>{m.name}</option> }).collect_view()
        })
    };
    let rows = move || {
        log.get().map(|read| {
            read.map(|page| {
                if page.entries.is_empty() {
                    return view! { <tr><td colspan="6">"No entries match."</td></tr> }.into_any();
                }
                page.entries
                    .into_iter()
                    .map(|e| {
                        let object = match &e.survey {
                            Some(survey) if survey != &e.object_id => format!("{} {} (survey {survey})", e.object_kind, e.object_id),
                            _ => format!("{} {}", e.object_kind, e.object_id),
                        };
                        view! {
                            <tr>
                                <td>{moment(e.at)}</td>
                                <td>{e.actor_name}" "<span class="hint">{format!("({})", e.actor_kind.as_str())}</span></td>
                                <td>{words(e.action)}</td>
                                <td>{object}</td>
                                <td>{e.detail}</td>
                                <td><code>{e.address}</code></td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            })
        })
    };
    let next = move || log.get().and_then(Result::ok).and_then(|page| page.next);
    let retention = move || log.get().and_then(Result::ok).map(|page| page.retention_days);
    view! {
        <h1>"Audit log"</h1>
        <p class="hint">"Every change made by your members and API tokens, as it was made. Nobody can edit or delete an entry; "
            {move || retention().map(|days| format!("entries are kept {days} days."))}</p>
        <form class="row filters" on:submit=apply>
            <p class="field">
                <label for="audit-actor">"Member"</label>
                <select id="audit-actor" on:change=move |ev| actor.set(event_target_value(&ev))>
                    <option value="">"Anyone"</option>
                    {member_options}
                </select>
            </p>
            <p class="field">
                <label for="audit-action">"Action"</label>
                <select id="audit-action" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">"Any"</option>
                    {AuditAction::ALL.iter().map(|a| view! { <option value=a.as_str()>{words(*a)}</option> }).collect_view()}
                </select>
            </p>
            <p class="field">
                <label for="audit-object">"Object or survey id"</label>
                <input id="audit-object" prop:value=move || object.get() on:input=move |ev| object.set(event_target_value(&ev))/>
            </p>
            <p class="field">
                <label for="audit-from">"From"</label>
                <input id="audit-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
            </p>
            <p class="field">
                <label for="audit-to">"To"</label>
                <input id="audit-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </p>
            <button type="submit">"Show"</button>
        </form>
        <Loaded>
            <table class="audit">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Did"</th>
                    <th scope="col">"To"</th><th scope="col">"Detail"</th><th scope="col">"From (address digest)"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Loaded>
        <p class="row">
            <Show when=move || pages.with(|p| p.len() > 1)>
                <button type="button" on:click=move |_| pages.update(|p| { p.pop(); })>"Newer entries"</button>
            </Show>
            <Show when=move || next().is_some()>
                <button type="button" on:click=move |_| {
                    if let Some(cursor) = next() { pages.update(|p| p.push(cursor)); }
                }>"Older entries"</button>
            </Show>
        </p>
    }
}
