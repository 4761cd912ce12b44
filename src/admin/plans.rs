//! Action plans of a survey: what was heard (linked to questions, with their results), what will
//! be done, who answers for it, by when, how it is going, and a timeline of updates. Editors
//! write plans; a plan's owner (an executive, say) and editors post updates; everyone reads.

use super::api;
use super::app::Session;
use super::charts::{self, headline};
use super::i18n::*;
use super::page_words::{fill, page_words};
use super::pages::{body, write, Loaded, Problem};
use super::plan_card::PlanCard;
use super::publish::{PublishPanel, Quotes};
use super::translations::TranslationsPanel;
use super::words::{role_name, ReadingSwitch};
use gloo_net::http::Method;
use hearback_api::account::Members;
use hearback_api::plan::{Plans as PlanList, RawPlan, Replies};
use hearback_api::results::{Hidden, ResultsBody, Shown};
use hearback_api::survey::SurveyView;
use hearback_core::plan::Theme;
use hearback_core::text::RawText;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Results not (yet) read: nothing to label plans with.
fn nothing_shown() -> Shown {
    Shown::Hidden(Hidden { survey: String::new(), hidden: true, fewer_than: 0, message: String::new() })
}

#[component]
pub fn Plans() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let plans = api::resource::<PlanList>(move || Some(format!("/admin/api/surveys/{}/plans", id())), version);
    let replies = api::resource::<Replies>(move || Some(format!("/admin/api/surveys/{}/replies", id())), version);
    let survey = api::resource::<SurveyView>(move || Some(format!("/admin/api/surveys/{}", id())), RwSignal::new(0));
    let members = api::resource::<Members>(|| Some("/admin/api/members".into()), RwSignal::new(0));
    let results =
        api::resource::<ResultsBody>(move || Some(format!("/admin/api/surveys/{}/results", id())), RwSignal::new(0));
    let results = move || results.get().and_then(Result::ok).map(|r| r.shown).unwrap_or_else(nothing_shown);
    let questions = move || {
        let Some(survey) = survey.get().and_then(Result::ok) else { return Vec::new() };
        let language = survey.definition.languages.first().cloned().unwrap_or_else(|| "en".into());
        let prompt = |text: RawText| match text {
            RawText::One(text) => text,
            RawText::PerLanguage(mut texts) => texts.remove(&language).unwrap_or_default(),
        };
        survey.definition.questions.into_iter().map(|q| (q.id, prompt(q.prompt))).collect::<Vec<_>>()
    };
    let member_list = move || {
        let members = members.get().and_then(Result::ok).map(|m| m.members).unwrap_or_default();
        members
            .into_iter()
            .map(|m| (m.user_id, format!("{} ({})", m.name, role_name(i18n, m.role))))
            .collect::<Vec<_>>()
    };
    let editable = move || session.can_edit();
    // The language the members read the results and the public page's preview in.
    let reading = RwSignal::new(i18n.get_locale_untracked().as_str().to_owned());

    view! {
        <h1>{t!(i18n, plans.action_plans)}</h1>
        <p><a href=move || format!("/admin/surveys/{}/results", id())>{t!(i18n, plans.results)}</a>" · "<a href=move || format!("/admin/surveys/{}", id())>{t!(i18n, plans.the_survey)}</a></p>
        <Problem message=problem/>
        <ReadingSwitch reading/>
        <PublishPanel id=Signal::derive(id) version reading/>
        <Quotes id=Signal::derive(id) version/>
        <Show when=editable>
            <TranslationsPanel id=Signal::derive(id) version/>
        </Show>
        <Show when=editable>
            <PlanForm id=Signal::derive(id) questions=Signal::derive(questions) members=Signal::derive(member_list) themes=Signal::derive(move || charts::themes(&results())) problem version/>
        </Show>
        <Loaded>
            {move || plans.get().map(|read| read.map(|p| {
                if p.plans.is_empty() {
                    return view! { <p class="empty">{t!(i18n, plans.no_plans_yet_say_what)}</p> }.into_any();
                }
                let (results, questions) = (results(), questions());
                let words = page_words(&reading.get());
                let replies = replies.get().and_then(Result::ok).map(|r| r.replies).unwrap_or_default();
                p.plans.into_iter().map(|plan| {
                    let about = plan.themes.iter().map(|Theme { question, term }| match charts::theme_count(&results, question, term) {
                        Some(count) => fill(t_string!(i18n, plans.comments_about_count), &[("term", &term), ("count", &count)]),
                        None => fill(t_string!(i18n, plans.comments_about), &[("term", &term)]),
                    });
                    let mut shown: Vec<String> = plan.questions.iter().map(|q| {
                        let prompt = questions.iter().find(|(id, _)| id == q).map_or_else(|| q.clone(), |(_, p)| p.clone());
                        match headline(&results, q, &words) {
                            Some(number) => format!("{prompt}: {number}"),
                            None => prompt,
                        }
                    }).collect();
                    shown.extend(about);
                    let follow_up = p.follow_ups.iter().find(|f| f.plan == plan.id).cloned();
                    let heard = replies.iter().filter(|r| r.plan_id == plan.id).cloned().collect::<Vec<_>>();
                    view! { <PlanCard plan linked=shown replies=heard follow_up id=Signal::derive(id) problem version/> }
                }).collect_view().into_any()
            }))}
        </Loaded>
    }
}

/// A new plan.
#[component]
fn PlanForm(
    id: Signal<String>,
    questions: Signal<Vec<(String, String)>>,
    members: Signal<Vec<(String, String)>>,
    /// The comment themes the results show: (question, term, comments).
    themes: Signal<Vec<(String, String, u64)>>,
    problem: RwSignal<String>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heard = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<(String, String)>::new());
    let will_do = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let linked = RwSignal::new(Vec::<String>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let plan = RawPlan {
            heard: heard.get_untracked(),
            will_do: will_do.get_untracked(),
            questions: linked.get_untracked(),
            themes: chosen.get_untracked().into_iter().map(|(question, term)| Theme { question, term }).collect(),
            owner: Some(owner.get_untracked()).filter(|o| !o.is_empty()),
            due: Some(due.get_untracked()).filter(|d| !d.is_empty()),
            ..RawPlan::default()
        };
        write(
            Method::POST,
            format!("/admin/api/surveys/{}/plans", id.get_untracked()),
            Some(body(&plan)),
            problem,
            version,
            move |_| {
                heard.set(String::new());
                will_do.set(String::new());
                linked.set(Vec::new());
                chosen.set(Vec::new());
            },
        );
    };
    view! {
        <details class="settings new-plan">
            <summary>{t!(i18n, plans.new_plan)}</summary>
            <form on:submit=submit class="plan-form">
                <p class="field"><label>{t!(i18n, plans.what_we_heard)} <textarea rows="2" prop:value=move || heard.get() on:input=move |ev| heard.set(event_target_value(&ev))></textarea></label></p>
                <fieldset class="rule">
                    <legend>{t!(i18n, plans.from_the_answers_to)}</legend>
                    {move || questions.get().into_iter().map(|(q, prompt)| {
                        let value = q.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || linked.with(|l| l.contains(&value))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let q = q.clone(); linked.update(|l| { l.retain(|x| *x != q); if on { l.push(q) } }) }/>
                                " "{prompt}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset class="rule">
                    <legend>{t!(i18n, plans.and_the_comments_about)}</legend>
                    {move || {
                        let found = themes.get();
                        if found.is_empty() {
                            return view! { <p class="hint">{t!(i18n, plans.themes_appear_here_once_there)}</p> }.into_any();
                        }
                        found.into_iter().map(|(question, term, count)| {
                            let pair = (question, term.clone());
                            let toggled = pair.clone();
                            view! {
                                <label class="check">
                                    <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&pair))
                                        on:change=move |ev| { let on = event_target_checked(&ev); let t = toggled.clone(); chosen.update(|c| { c.retain(|x| *x != t); if on { c.push(t) } }) }/>
                                    {format!(" “{term}” ({count})")}
                                </label>
                            }
                        }).collect_view().into_any()
                    }}
                </fieldset>
                <p class="field"><label>{t!(i18n, plans.what_we_will_do)} <textarea rows="2" prop:value=move || will_do.get() on:input=move |ev| will_do.set(event_target_value(&ev))></textarea></label></p>
                <div class="row">
                    <p class="field">
                        <label>{t!(i18n, plans.owner)}
                            <select on:change=move |ev| owner.set(event_target_value(&ev))>
                                <option value="">{t!(i18n, plans.choose_a_member)}</option>
                                {move || members.get().into_iter().map(|(user, name)| view! { <option value=user>{name}</option> }).collect_view()}
                            </select>
                        </label>
                    </p>
                    <p class="field"><label>{t!(i18n, plans.due)} <input type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/></label></p>
                </div>
                <button type="submit">{t!(i18n, plans.add_the_plan)}</button>
            </form>
        </details>
    }
}
