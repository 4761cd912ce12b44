//! The contact details respondents gave a survey, on its builder page, for editors: read only
//! when asked for (each reading goes into the audit log), each with the purpose it was given for.

use super::api;
use super::i18n::*;
use hearback_api::details::ContactDetailsView;
use leptos::prelude::*;

#[component]
pub fn ContactDetails(id: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let read = RwSignal::new(None::<Result<Vec<ContactDetailsView>, String>>);
    let show = move |_| {
        let url = format!("/admin/api/surveys/{}/contact-details", id.get_untracked());
        leptos::task::spawn_local(async move {
            read.set(Some(api::get::<Vec<ContactDetailsView>>(&url).await.map_err(|e| e.text())));
        });
    };
    let cell = |value: Option<String>| view! { <td>{value.unwrap_or_default()}</td> };
    view! {
        <p class="hint">{t!(i18n, details.hint)}</p>
        <button type="button" class="small" on:click=show>{t!(i18n, details.show)}</button>
        {move || read.get().map(|read| match read {
            Err(problem) => view! { <p class="problem" role="alert">{problem}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p>{t!(i18n, details.none)}</p> }.into_any(),
            Ok(list) => view! {
                <table class="data details">
                    <thead><tr>
                        <th scope="col">{t!(i18n, details.name)}</th>
                        <th scope="col">{t!(i18n, details.email)}</th>
                        <th scope="col">{t!(i18n, details.phone)}</th>
                        <th scope="col">{t!(i18n, details.company)}</th>
                        <th scope="col">{t!(i18n, details.purpose)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|d| view! {
                            <tr>{cell(d.name)}{cell(d.email)}{cell(d.phone)}{cell(d.company)}<td>{d.purpose}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        })}
    }
}
