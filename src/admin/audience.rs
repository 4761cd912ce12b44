//! A survey's audience on the builder page: who it asks by itself — customer rules, signed details
//! only, languages, devices, new or returning visitors, pages — and when: on a site tag its
//! trigger, on any tag an event from the page. Everyone else can still open it.

use super::api;
use super::i18n::*;
use super::pages::{body, write, Problem};
use gloo_net::http::Method;
use hearback_api::audience::{AttributeRule, Audience, Device, EventRule, Trigger, Visitors};
use leptos::prelude::*;

/// One rule as typed: attribute (or event property), values (comma-separated), at least, at most.
type RuleFields = (RwSignal<String>, RwSignal<String>, RwSignal<String>, RwSignal<String>);

fn fields_of(rules: &[AttributeRule]) -> Vec<RuleFields> {
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    rules
        .iter()
        .map(|r| {
            let field = |text: String| RwSignal::new(text);
            (field(r.attribute.clone()), field(r.is.join(", ")), field(number(r.at_least)), field(number(r.at_most)))
        })
        .collect()
}

/// The rules as typed; `None` when a bound is not a number.
fn rules_of(fields: Vec<RuleFields>) -> Option<Vec<AttributeRule>> {
    let bound = |text: String| match text.trim() {
        "" => Ok(None),
        n => n.parse::<f64>().map(Some),
    };
    fields
        .into_iter()
        .map(|(attribute, is, at_least, at_most)| {
            let (Ok(at_least), Ok(at_most)) = (bound(at_least.get_untracked()), bound(at_most.get_untracked())) else {
                return None;
            };
            let is =
                is.get_untracked().split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
            Some(AttributeRule { attribute: attribute.get_untracked(), is, at_least, at_most })
        })
        .collect()
}

/// Rules as rows of fields, and a button that adds one; `name` labels the first field.
#[component]
fn RuleRows(rules: RwSignal<Vec<RuleFields>>, name: String, add: String) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || rules.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <For each=rows key=|(n, _)| *n let:row>
            <div class="row audience-rule">
                <p class="field"><label>{name.clone()}
                    <input prop:value=move || row.1.0.get() on:input=move |ev| row.1.0.set(event_target_value(&ev))/></label></p>
                <p class="field"><label>{t!(i18n, audience.is_one_of)}
                    <input prop:value=move || row.1.1.get() on:input=move |ev| row.1.1.set(event_target_value(&ev))/></label></p>
                <p class="field"><label>{t!(i18n, audience.at_least)}
                    <input inputmode="decimal" prop:value=move || row.1.2.get() on:input=move |ev| row.1.2.set(event_target_value(&ev))/></label></p>
                <p class="field"><label>{t!(i18n, audience.at_most)}
                    <input inputmode="decimal" prop:value=move || row.1.3.get() on:input=move |ev| row.1.3.set(event_target_value(&ev))/></label></p>
            </div>
        </For>
        <p class="actions"><button type="button" class="small" on:click=move |_| rules.update(|r| r.push(Default::default()))>{add}</button></p>
    }
}

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
    // Pages: a kind (empty for every page) and a path or pattern.
    let pages = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let trigger = RwSignal::new(Trigger::Manual);
    let wait = RwSignal::new(String::new());
    let event = RwSignal::new(String::new());
    let properties = RwSignal::new(Vec::<RuleFields>::new());
    let problem = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(audience)) = stored.get() {
            rules.set(fields_of(&audience.customer));
            verified_only.set(audience.verified_only);
            chosen_languages.set(audience.languages);
            devices.set(audience.devices);
            visitors.set(audience.visitors);
            let (kind, path) = audience.pages.as_deref().and_then(|p| p.split_once(':')).unwrap_or_default();
            pages.0.set(kind.to_owned());
            pages.1.set(path.to_owned());
            trigger.set(audience.trigger);
            wait.set(audience.delay_seconds.or(audience.scroll_percent).map(|n| n.to_string()).unwrap_or_default());
            event.set(audience.event.as_ref().map(|e| e.name.clone()).unwrap_or_default());
            properties.set(audience.event.map(|e| fields_of(&e.properties)).unwrap_or_default());
        }
    });
    let save = move |_| {
        saved.set(String::new());
        let (Some(customer), Some(event_properties)) =
            (rules_of(rules.get_untracked()), rules_of(properties.get_untracked()))
        else {
            return problem.set(t_string!(i18n, audience.not_a_number).into());
        };
        let number = wait.get_untracked().trim().to_owned();
        let number = match number.is_empty() {
            true => None,
            false => match number.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => return problem.set(t_string!(i18n, audience.wait_number).into()),
            },
        };
        let trigger = trigger.get_untracked();
        let name = event.get_untracked().trim().to_owned();
        let kind = pages.0.get_untracked();
        let audience = Audience {
            customer,
            verified_only: verified_only.get_untracked(),
            languages: chosen_languages.get_untracked(),
            devices: devices.get_untracked(),
            visitors: visitors.get_untracked(),
            pages: (!kind.is_empty()).then(|| format!("{kind}:{}", pages.1.get_untracked().trim())),
            trigger,
            delay_seconds: number.filter(|_| trigger == Trigger::Delay),
            scroll_percent: number.filter(|_| trigger == Trigger::Scroll),
            event: (!name.is_empty()).then_some(EventRule { name, properties: event_properties }),
        };
        let url = format!("/admin/api/surveys/{}/audience", id.get_untracked());
        write(Method::PUT, url, Some(body(&audience)), problem, version, move |_| {
            saved.set(t_string!(i18n, audience.saved).into())
        });
    };
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
            <RuleRows rules=rules name=t_string!(i18n, audience.attribute).into() add=t_string!(i18n, audience.add_rule).into()/>
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
            <p class="field">
                <label for="audience-pages">{t!(i18n, audience.pages)}</label>
                <select id="audience-pages" on:change=move |ev| pages.0.set(event_target_value(&ev))>
                    {[("", t_string!(i18n, audience.every_page)), ("exact", t_string!(i18n, audience.exact_page)),
                      ("prefix", t_string!(i18n, audience.prefix_pages)), ("regex", t_string!(i18n, audience.regex_pages))]
                        .into_iter().map(|(kind, label)| view! {
                            <option value=kind selected=move || pages.0.get() == kind>{label}</option>
                        }).collect_view()}
                </select>
                <Show when=move || !pages.0.get().is_empty()>
                    <input aria-label=move || t_string!(i18n, audience.page_path) placeholder="/pricing"
                        prop:value=move || pages.1.get() on:input=move |ev| pages.1.set(event_target_value(&ev))/>
                </Show>
            </p>
            <h3>{t!(i18n, audience.when)}</h3>
            <p class="field">
                <label for="audience-trigger">{t!(i18n, audience.trigger)}</label>
                <select id="audience-trigger" on:change=move |ev| trigger.set(Trigger::parse(&event_target_value(&ev)).unwrap_or_default())>
                    {[(Trigger::Manual, t_string!(i18n, audience.manual)), (Trigger::Load, t_string!(i18n, audience.load)),
                      (Trigger::Delay, t_string!(i18n, audience.delay)), (Trigger::Scroll, t_string!(i18n, audience.scroll)),
                      (Trigger::Exit, t_string!(i18n, audience.exit))]
                        .into_iter().map(|(kind, label)| view! {
                            <option value=kind.as_str() selected=move || trigger.get() == kind>{label}</option>
                        }).collect_view()}
                </select>
                <Show when=move || matches!(trigger.get(), Trigger::Delay | Trigger::Scroll)>
                    <input type="number" min="1" inputmode="numeric" aria-label=move || match trigger.get() {
                            Trigger::Delay => t_string!(i18n, audience.seconds),
                            _ => t_string!(i18n, audience.percent),
                        }
                        prop:value=move || wait.get() on:input=move |ev| wait.set(event_target_value(&ev))/>
                </Show>
            </p>
            <p class="field"><label>{t!(i18n, audience.event)}
                <input placeholder="checkout_completed" prop:value=move || event.get() on:input=move |ev| event.set(event_target_value(&ev))/></label></p>
            <Show when=move || !event.get().trim().is_empty()>
                <RuleRows rules=properties name=t_string!(i18n, audience.property).into() add=t_string!(i18n, audience.add_property).into()/>
            </Show>
            <p class="hint">{t!(i18n, audience.when_hint)}</p>
            <p class="actions">
                <button type="button" on:click=save>{t!(i18n, audience.save)}</button>
                <span role="status">{move || saved.get()}</span>
            </p>
        </fieldset>
        <Problem message=problem/>
    }
}
