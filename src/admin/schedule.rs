//! A survey's schedule on the builder page: when it opens, when it closes, after how many
//! finished responses, or with which of its action plans. Times are the member's own clock's
//! (`datetime-local`), sent as instants.

use super::api;
use super::i18n::*;
use super::pages::{body, write, Problem};
use super::words::schedule_problem;
use gloo_net::http::Method;
use hearback_api::plan::Plans;
use hearback_api::schedule::Schedule;
use hearback_api::SurveyStatus;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The schedule of a draft or live survey, editable by editors; a closed survey has none to set.
#[component]
pub fn ScheduleForm(
    id: Signal<String>,
    status: RwSignal<Option<SurveyStatus>>,
    /// Moves on when the survey itself is read again (a schedule can close it).
    version: RwSignal<u32>,
    editable: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let stored = api::resource::<Schedule>(move || Some(format!("/admin/api/surveys/{}/schedule", id.get())), version);
    let plans = api::resource::<Plans>(move || Some(format!("/admin/api/surveys/{}/plans", id.get())), version);
    let (opens, closes, after, plan) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let problem = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(schedule)) = stored.get() {
            opens.set(schedule.opens_at.map(local_input).unwrap_or_default());
            closes.set(schedule.closes_at.map(local_input).unwrap_or_default());
            after.set(schedule.close_after.map(|n| n.to_string()).unwrap_or_default());
            plan.set(schedule.close_when_done.unwrap_or_default());
        }
    });
    let save = move |_| {
        saved.set(String::new());
        let close_after = match after.get_untracked().trim() {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => return problem.set(t_string!(i18n, schedule.whole_number).into()),
            },
        };
        let schedule = Schedule {
            opens_at: instant(&opens.get_untracked()),
            closes_at: instant(&closes.get_untracked()),
            close_after,
            close_when_done: Some(plan.get_untracked()).filter(|p| !p.is_empty()),
        };
        if let Some(wrong) = schedule.problem() {
            return problem.set(schedule_problem(i18n, wrong));
        }
        let url = format!("/admin/api/surveys/{}/schedule", id.get_untracked());
        write(Method::PUT, url, Some(body(&schedule)), problem, version, move |_| {
            saved.set(t_string!(i18n, schedule.saved).into())
        });
    };
    let plan_options = move || {
        let plans = plans.get().and_then(Result::ok).map(|p| p.plans).unwrap_or_default();
        plans
            .into_iter()
            .map(|p| {
                let chosen = plan.get() == p.id;
                view! { <option value=p.id.clone() selected=chosen>{p.will_do.clone()}</option> }
            })
            .collect_view()
    };
    let input = move |ev| event_target_value(&ev);
    view! {
        <Show when=move || matches!(status.get(), Some(SurveyStatus::Draft | SurveyStatus::Live))>
            <h2 id="schedule">{t!(i18n, schedule.heading)}</h2>
            <p class="hint">{t!(i18n, schedule.hint)}</p>
            <fieldset class="schedule" aria-labelledby="schedule" disabled=move || !editable.get()>
                <p class="field">
                    <label for="schedule-opens">{t!(i18n, schedule.opens)}</label>
                    <input id="schedule-opens" type="datetime-local" prop:value=move || opens.get()
                        on:input=move |ev| opens.set(input(ev))/>
                </p>
                <p class="field">
                    <label for="schedule-closes">{t!(i18n, schedule.closes)}</label>
                    <input id="schedule-closes" type="datetime-local" prop:value=move || closes.get()
                        on:input=move |ev| closes.set(input(ev))/>
                </p>
                <p class="field">
                    <label for="schedule-after">{t!(i18n, schedule.close_after)}</label>
                    <input id="schedule-after" type="number" min="1" inputmode="numeric" prop:value=move || after.get()
                        on:input=move |ev| after.set(input(ev))/>
                </p>
                <p class="field">
                    <label for="schedule-plan">{t!(i18n, schedule.close_with_plan)}</label>
                    <select id="schedule-plan" on:change=move |ev| plan.set(input(ev))>
                        <option value="" selected=move || plan.get().is_empty()>{t!(i18n, schedule.no_plan)}</option>
                        {plan_options}
                    </select>
                </p>
                <p class="actions">
                    <button type="button" on:click=save>{t!(i18n, schedule.save)}</button>
                    <span role="status">{move || saved.get()}</span>
                </p>
            </fieldset>
            <Problem message=problem/>
        </Show>
    }
}

/// A `datetime-local` value (the member's clock) as milliseconds since 1970; `None` when empty
/// or not a time.
fn instant(local: &str) -> Option<i64> {
    if local.is_empty() {
        return None;
    }
    let millis = js_sys::Date::new(&JsValue::from_str(local)).get_time();
    millis.is_finite().then_some(millis as i64)
}

/// Milliseconds since 1970 as a `datetime-local` value on the member's clock.
fn local_input(millis: i64) -> String {
    let at = js_sys::Date::new(&JsValue::from_f64(millis as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        at.get_full_year(),
        at.get_month() + 1,
        at.get_date(),
        at.get_hours(),
        at.get_minutes()
    )
}
