//! A survey's audience on the builder page: who it asks by itself — customer rules, signed details
//! only, languages, devices, new or returning visitors. Everyone else can still open it. And the
//! company's survey fatigue across its surveys, on the survey list.

use super::api;
use super::i18n::*;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::audience::{AttributeRule, Audience, Device, Fatigue, Visitors};
use leptos::prelude::*;

/// One customer rule as typed: attribute, values (comma-separated), at least, at most.
type RuleFields = (RwSignal<String>, RwSignal<String>, RwSignal<String>, RwSignal<String>);

#[component]
pub fn AudienceForm(
    id: Signal<String>,
    /// The survey's languages as saved, the default first.
    languages: Signal<Vec<String>>,
    editable: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let stored = api::resource::<Audience>(move || Some(format!("/admin/api/surveys/{}/audience", id.get())), version);
    let rules = RwSignal::new(Vec::<RuleFields>::new());
    let verified_only = RwSignal::new(false);
    let chosen_languages = RwSignal::new(Vec::<String>::new());
    let devices = RwSignal::new(Vec::<Device>::new());
    let visitors = RwSignal::new(Visitors::All);
    let problem = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    Effect::new(move |_| {
        if let Some(Ok(audience)) = stored.get() {
            rules.set(
                audience
                    .customer
                    .iter()
                    .map(|r| {
                        let field = |text: String| RwSignal::new(text);
                        (
                            field(r.attribute.clone()),
                            field(r.is.join(", ")),
                            field(number(r.at_least)),
                            field(number(r.at_most)),
                        )
                    })
                    .collect(),
            );
            verified_only.set(audience.verified_only);
            chosen_languages.set(audience.languages);
            devices.set(audience.devices);
            visitors.set(audience.visitors);
        }
    });
    let save = move |_| {
        saved.set(String::new());
        let mut customer = Vec::new();
        for (attribute, is, at_least, at_most) in rules.get_untracked() {
            let bound = |text: String| match text.trim() {
                "" => Ok(None),
                n => n.parse::<f64>().map(Some),
            };
            let (Ok(at_least), Ok(at_most)) = (bound(at_least.get_untracked()), bound(at_most.get_untracked())) else {
                return problem.set(t_string!(i18n, audience.not_a_number).into());
            };
            let is =
                is.get_untracked().split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
            customer.push(AttributeRule { attribute: attribute.get_untracked(), is, at_least, at_most });
        }
        let audience = Audience {
            customer,
            verified_only: verified_only.get_untracked(),
            languages: chosen_languages.get_untracked(),
            devices: devices.get_untracked(),
            visitors: visitors.get_untracked(),
        };
        let url = format!("/admin/api/surveys/{}/audience", id.get_untracked());
        write(Method::PUT, url, Some(body(&audience)), problem, version, move |_| {
            saved.set(t_string!(i18n, audience.saved).into())
        });
    };
    let add_rule = move |_| rules.update(|r| r.push(Default::default()));
    let rows = move || rules.get().into_iter().enumerate().collect::<Vec<_>>();
    let toggle = move |list: RwSignal<Vec<String>>, value: String, on: bool| {
        list.update(|l| {
            l.retain(|v| *v != value);
            if on {
                l.push(value);
            }
        })
    };
    let device_box = move |device: Device, label: String| {
        let on = move || devices.get().contains(&device);
        view! {
            <label class="check"><input type="checkbox" prop:checked=on on:change=move |ev| devices.update(|d| {
                d.retain(|x| *x != device);
                if event_target_checked(&ev) { d.push(device) }
            })/>{label}</label>
        }
    };
    view! {
        <h2 id="audience">{t!(i18n, audience.heading)}</h2>
        <p class="hint">{t!(i18n, audience.hint)}</p>
        <fieldset class="audience" aria-labelledby="audience" disabled=move || !editable.get()>
            <For each=rows key=|(n, _)| *n let:row>
                <div class="row audience-rule">
                    <p class="field"><label>{t!(i18n, audience.attribute)}
                        <input prop:value=move || row.1.0.get() on:input=move |ev| row.1.0.set(event_target_value(&ev))/></label></p>
                    <p class="field"><label>{t!(i18n, audience.is_one_of)}
                        <input prop:value=move || row.1.1.get() on:input=move |ev| row.1.1.set(event_target_value(&ev))/></label></p>
                    <p class="field"><label>{t!(i18n, audience.at_least)}
                        <input inputmode="decimal" prop:value=move || row.1.2.get() on:input=move |ev| row.1.2.set(event_target_value(&ev))/></label></p>
                    <p class="field"><label>{t!(i18n, audience.at_most)}
                        <input inputmode="decimal" prop:value=move || row.1.3.get() on:input=move |ev| row.1.3.set(event_target_value(&ev))/></label></p>
                </div>
            </For>
            <p class="actions"><button type="button" class="small" on:click=add_rule>{t!(i18n, audience.add_rule)}</button></p>
            <p class="field check"><label><input type="checkbox" prop:checked=move || verified_only.get()
                on:change=move |ev| verified_only.set(event_target_checked(&ev))/>{t!(i18n, audience.verified_only)}</label></p>
            <p class="field">
                <span class="label">{t!(i18n, audience.languages)}</span>
                {move || languages.get().into_iter().map(|language| {
                    let value = language.clone();
                    let on = move || chosen_languages.get().contains(&value);
                    let value = language.clone();
                    view! { <label class="check"><input type="checkbox" prop:checked=on
                        on:change=move |ev| toggle(chosen_languages, value.clone(), event_target_checked(&ev))/>{language}</label> }
                }).collect_view()}
            </p>
            <p class="field">
                <span class="label">{t!(i18n, audience.devices)}</span>
                {device_box(Device::Mobile, t_string!(i18n, audience.mobile).into())}
                {device_box(Device::Tablet, t_string!(i18n, audience.tablet).into())}
                {device_box(Device::Desktop, t_string!(i18n, audience.desktop).into())}
            </p>
            <p class="field">
                <label for="audience-visitors">{t!(i18n, audience.visitors)}</label>
                <select id="audience-visitors" on:change=move |ev| visitors.set(Visitors::parse(&event_target_value(&ev)).unwrap_or_default())>
                    <option value="all" selected=move || visitors.get() == Visitors::All>{t!(i18n, audience.all_visitors)}</option>
                    <option value="new" selected=move || visitors.get() == Visitors::New>{t!(i18n, audience.new_visitors)}</option>
                    <option value="returning" selected=move || visitors.get() == Visitors::Returning>{t!(i18n, audience.returning_visitors)}</option>
                </select>
            </p>
            <p class="actions">
                <button type="button" on:click=save>{t!(i18n, audience.save)}</button>
                <span role="status">{move || saved.get()}</span>
            </p>
        </fieldset>
        <Problem message=problem/>
    }
}

/// The company's survey fatigue, on the survey list: days none of its surveys asks a visitor
/// by itself after they answered or dismissed one.
#[component]
pub fn FatigueForm(editable: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let stored = api::resource::<Fatigue>(|| Some("/admin/api/organization/fatigue".into()), version);
    let days = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(fatigue)) = stored.get() {
            days.set(fatigue.days.to_string());
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(String::new());
        let Ok(days) = days.get_untracked().trim().parse::<u32>() else {
            return problem.set(t_string!(i18n, audience.fatigue_days_number).into());
        };
        write(
            Method::PUT,
            "/admin/api/organization/fatigue".into(),
            Some(body(&Fatigue { days })),
            problem,
            version,
            move |_| saved.set(t_string!(i18n, audience.saved_fatigue).into()),
        );
    };
    view! {
        <form class="row fatigue" on:submit=save>
            <p class="field">
                <label for="fatigue-days">{t!(i18n, audience.fatigue)}</label>
                <input id="fatigue-days" type="number" min="0" max="365" inputmode="numeric" disabled=move || !editable.get()
                    prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
            </p>
            <Show when=move || editable.get()>
                <button type="submit">{t!(i18n, audience.save_fatigue)}</button>
            </Show>
            <span role="status">{move || saved.get()}</span>
        </form>
        <p class="hint">{t!(i18n, audience.fatigue_hint)}</p>
        <Problem message=problem/>
    }
}
