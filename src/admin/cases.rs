//! Customer conversations: the cases a survey's rules open for a named member to follow up (mine
//! first, overdue first), one case with the customer's answers and what its owner does about it,
//! and the rules themselves.

use super::api;
use super::app::Session;
use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write, Loaded, Problem};
use super::security::moment;
use super::words::case_status;
use gloo_net::http::Method;
use hearback_api::account::Members;
use hearback_api::case::{
    CaseChange, CasePlan, CaseRule, CaseRules, CaseStatus, CaseSummary, CaseView, Cases, GoalRequest, RootCauseRequest,
    RootCauses,
};
use hearback_api::plan::Plans;
use hearback_api::survey::{SurveyView, Surveys};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CaseList() -> impl IntoView {
    let i18n = use_i18n();
    let mine = RwSignal::new(true);
    let cases = api::resource::<Cases>(move || Some(format!("/admin/api/cases?mine={}", mine.get())), RwSignal::new(0));
    let rows = move || {
        cases.get().map(|read| {
            read.map(|list| {
                if list.cases.is_empty() {
                    return view! { <tr><td colspan="5">{t!(i18n, cases.no_cases)}</td></tr> }.into_any();
                }
                list.cases
                    .into_iter()
                    .map(|c| {
                        view! {
                            <tr class:overdue=c.overdue>
                                <td><a href=format!("/admin/cases/{}", c.id)>{t!(i18n, cases.a_customer_of, survey = c.survey)}</a></td>
                                <td>{c.owner.name}</td>
                                <td>{case_status(i18n, c.status)}{c.overdue.then(|| t!(i18n, words.overdue))}</td>
                                <td>{moment(c.due_at)}</td>
                                <td>{moment(c.opened_at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            })
        })
    };
    view! {
        <h1>{t!(i18n, cases.customer_conversations)}</h1>
        <p class="hint">{t!(i18n, cases.customers_whose_answers_call_for)}</p>
        <p class="field check"><label>
            <input type="checkbox" prop:checked=move || mine.get() on:change=move |ev| mine.set(event_target_checked(&ev))/>
            {t!(i18n, cases.only_my_cases)}
        </label></p>
        <Summary/>
        <Loaded>
            <table class="cases">
                <thead><tr><th scope="col">{t!(i18n, cases.case)}</th><th scope="col">{t!(i18n, cases.owner)}</th><th scope="col">{t!(i18n, cases.status)}</th>
                    <th scope="col">{t!(i18n, cases.due)}</th><th scope="col">{t!(i18n, cases.opened)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Loaded>
        <RulesEditor/>
        <super::digest::Digest/>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let session = expect_context::<Session>();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let (problem, version) = (RwSignal::new(String::new()), RwSignal::new(0));
    let case = api::resource::<CaseView>(move || Some(format!("/admin/api/cases/{}", id())), version);
    let causes = api::resource::<RootCauses>(|| Some("/admin/api/root-causes".into()), version);
    let (outcome, cause, new_cause, plan) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let survey = move || case.get().and_then(Result::ok).map(|c| c.survey);
    let plans = api::resource::<Plans>(move || survey().map(|s| format!("/admin/api/surveys/{s}/plans")), version);
    let change = move |status: CaseStatus, outcome: Option<String>, root_cause: Option<String>| {
        let request = body(&CaseChange { status, outcome, root_cause });
        write(Method::POST, format!("/admin/api/cases/{}/status", id()), Some(request), problem, version, |_| ());
    };
    let resolve = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change(CaseStatus::Resolved, Some(outcome.get_untracked()), Some(cause.get_untracked()));
    };
    let add_cause = move |_| {
        let request = body(&RootCauseRequest { label: new_cause.get_untracked() });
        write(Method::POST, "/admin/api/root-causes".into(), Some(request), problem, version, move |_| {
            new_cause.set(String::new())
        });
    };
    let link = move |_| {
        let chosen = plan.get_untracked();
        let request = body(&CasePlan { plan: (!chosen.is_empty()).then_some(chosen) });
        write(Method::PUT, format!("/admin/api/cases/{}/plan", id()), Some(request), problem, version, |_| ());
    };
    // Names, not ids: the root cause's label and the plan's "what we will do".
    let cause_label = move |id: &str| {
        causes
            .get()
            .and_then(Result::ok)
            .and_then(|l| l.root_causes.into_iter().find(|c| c.id == id))
            .map_or(id.to_owned(), |c| c.label)
    };
    let plan_label = move |id: &str| {
        plans
            .get()
            .and_then(Result::ok)
            .and_then(|l| l.plans.into_iter().find(|p| p.id == id))
            .map_or(id.to_owned(), |p| p.will_do)
    };
    let details = move || {
        case.get().map(|read| {
            read.map(|c| {
                let may_act = session.can_edit() || session.user_id().as_deref() == Some(c.owner.user_id.as_str());
                let answers = c.answers.as_ref().and_then(|a| a.as_object().cloned()).unwrap_or_default();
                let closed = c.status.closed();
                let talk = view! { <super::case_thread::Conversation case=c.clone() may_act problem version/> };
                view! {
                    <dl class="case">
                        <dt>{t!(i18n, cases.survey)}</dt><dd>{c.survey.clone()}</dd>
                        <dt>{t!(i18n, cases.owner)}</dt><dd>{c.owner.name.clone()}</dd>
                        <dt>{t!(i18n, cases.status)}</dt><dd class="status">{case_status(i18n, c.status)}{c.overdue.then(|| t!(i18n, words.overdue))}</dd>
                        <dt>{t!(i18n, cases.due)}</dt><dd>{moment(c.due_at)}</dd>
                        {c.root_cause.clone().map(|r| view! { <dt>{t!(i18n, cases.root_cause)}</dt><dd>{move || cause_label(&r)}</dd> })}
                        {c.outcome.clone().map(|o| view! { <dt>{t!(i18n, cases.outcome)}</dt><dd>{o}</dd> })}
                        {c.plan.clone().map(|p| view! { <dt>{t!(i18n, cases.led_to_plan)}</dt><dd>{move || plan_label(&p)}</dd> })}
                    </dl>
                    <h2>{t!(i18n, cases.what_they_answered)}</h2>
                    <ul class="answers">
                        {answers.into_iter().map(|(q, a)| view! { <li><strong>{q}</strong>": "{a.to_string()}</li> }).collect_view()}
                    </ul>
                    {talk}
                    <Show when=move || may_act && c.status != CaseStatus::Withdrawn>
                        <h2>{t!(i18n, cases.follow_up)}</h2>
                        <p class="row">
                            <button type="button" on:click=move |_| change(CaseStatus::Contacted, None, None)>{t!(i18n, cases.mark_contacted)}</button>
                            <button type="button" on:click=move |_| change(CaseStatus::Unreachable, None, None)>{t!(i18n, cases.could_not_reach)}</button>
                            {closed.then(|| view! { <button type="button" on:click=move |_| change(CaseStatus::Open, None, None)>{t!(i18n, cases.reopen)}</button> })}
                        </p>
                        <form class="resolve" on:submit=resolve>
                            <p class="field"><label for="case-outcome">{t!(i18n, cases.outcome_what_was_done)}</label>
                                <textarea id="case-outcome" required prop:value=move || outcome.get()
                                    on:input=move |ev| outcome.set(event_target_value(&ev))></textarea></p>
                            <p class="field"><label for="case-cause">{t!(i18n, cases.root_cause)}</label>
                                <select id="case-cause" required on:change=move |ev| cause.set(event_target_value(&ev))>
                                    <option value="">{t!(i18n, cases.choose)}</option>
                                    {move || causes.get().and_then(Result::ok).map(|list| list.root_causes.into_iter()
                                        .map(|r| view! { <option value=r.id>{r.label}</option> }).collect_view())}
                                </select></p>
                            <button type="submit">{t!(i18n, cases.resolve)}</button>
                        </form>
                        <p class="row">
                            <span class="field"><label for="new-cause">{t!(i18n, cases.a_new_root_cause)}</label>
                                <input id="new-cause" prop:value=move || new_cause.get() on:input=move |ev| new_cause.set(event_target_value(&ev))/></span>
                            <button type="button" on:click=add_cause>{t!(i18n, cases.add_to_the_list)}</button>
                        </p>
                        <p class="row">
                            <span class="field"><label for="case-plan">{t!(i18n, cases.the_action_plan_it_led)}</label>
                                <select id="case-plan" on:change=move |ev| plan.set(event_target_value(&ev))>
                                    <option value="">{t!(i18n, cases.none)}</option>
                                    {move || plans.get().and_then(Result::ok).map(|list| list.plans.into_iter()
                                        .map(|p| view! { <option value=p.id>{p.will_do}</option> }).collect_view())}
                                </select></span>
                            <button type="button" on:click=link>{t!(i18n, cases.link)}</button>
                        </p>
                    </Show>
                }
            })
        })
    };
    view! {
        <h1>{t!(i18n, cases.a_customer_to_follow_up)}</h1>
        <p><a href="/admin/cases">{t!(i18n, cases.all_conversations)}</a></p>
        <Problem message=problem/>
        <Loaded>{details}</Loaded>
    }
}

/// How the conversations go, and each member's month against their goal (owners set goals).
#[component]
fn Summary() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let (problem, version) = (RwSignal::new(String::new()), RwSignal::new(0));
    let summary = api::resource::<CaseSummary>(|| Some("/admin/api/cases/summary".into()), version);
    let owner = move || session.role() == Some(hearback_api::Role::Owner);
    let shown = move || {
        summary.get().map(|read| {
            read.map(|s| {
                let wait = s.median_first_contact_hours.map_or(t_string!(i18n, cases.no_contact_yet).to_owned(), |h| format!("{h} h"));
                let rate = s.resolution_rate.map_or(t_string!(i18n, cases.none_closed_yet).to_owned(), |r| format!("{r} %"));
                let members = s
                    .members
                    .into_iter()
                    .map(|m| {
                        let url = format!("/admin/api/members/{}/goal", m.user_id);
                        let label = fill(t_string!(i18n, cases.goal_of), &[("name", &m.name)]);
                        let set = move |ev: leptos::ev::Event| {
                            let per_month = event_target_value(&ev).trim().parse().ok();
                            write(Method::PUT, url.clone(), Some(body(&GoalRequest { per_month })), problem, version, |_| ());
                        };
                        let goal = m.goal.map(|g| g.to_string()).unwrap_or_default();
                        view! {
                            <tr>
                                <td>{m.name}</td>
                                <td>{m.reached_this_month}{m.goal.map(|g| fill(t_string!(i18n, cases.of_goal), &[("g", &g)]))}</td>
                                <td>{m.waiting}</td>
                                <td><input type="number" min="1" max="100" aria-label=label value=goal disabled=move || !owner() on:change=set/></td>
                            </tr>
                        }
                    })
                    .collect_view();
                let causes = s
                    .root_causes
                    .into_iter()
                    .map(|c| view! { <li>{format!("{}: {} × {}", c.month, c.label, c.count)}</li> })
                    .collect_view();
                view! {
                    <dl class="case">
                        <dt>{t!(i18n, cases.open)}</dt><dd>{s.open}{(s.overdue > 0).then(|| format!(" ({} overdue)", s.overdue))}</dd>
                        <dt>{t!(i18n, cases.median_time_to_first_contact)}</dt><dd>{wait}</dd>
                        <dt>{t!(i18n, cases.resolved)}</dt><dd>{rate}</dd>
                    </dl>
                    <table class="members">
                        <thead><tr><th scope="col">{t!(i18n, cases.member)}</th><th scope="col">{t!(i18n, cases.customers_reached_this_month)}</th>
                            <th scope="col">{t!(i18n, cases.waiting)}</th><th scope="col">{t!(i18n, cases.monthly_goal)}</th></tr></thead>
                        <tbody>{members}</tbody>
                    </table>
                    <ul class="causes" aria-label=move || t_string!(i18n, cases.root_causes_by_month)>{causes}</ul>
                }
            })
        })
    };
    view! {
        <Problem message=problem/>
        <Loaded quiet=true>{shown}</Loaded>
    }
}

/// The rules that open cases for one survey: listed, removed, added.
#[component]
fn RulesEditor() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let (problem, version) = (RwSignal::new(String::new()), RwSignal::new(0));
    let surveys = api::resource::<Surveys>(|| Some("/admin/api/surveys".into()), RwSignal::new(0));
    let members = api::resource::<Members>(|| Some("/admin/api/members".into()), RwSignal::new(0));
    let survey = RwSignal::new(String::new());
    let chosen = move || Some(survey.get()).filter(|s| !s.is_empty());
    let definition = api::resource::<SurveyView>(move || chosen().map(|s| format!("/admin/api/surveys/{s}")), version);
    let rules =
        api::resource::<CaseRules>(move || chosen().map(|s| format!("/admin/api/surveys/{s}/case-rules")), version);
    let (question, at_most, owner, days) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::from("6")),
        RwSignal::new(String::new()),
        RwSignal::new(String::from("2")),
    );
    let save = move |list: Vec<CaseRule>| {
        let url = format!("/admin/api/surveys/{}/case-rules", survey.get_untracked());
        write(Method::PUT, url, Some(body(&CaseRules { rules: list })), problem, version, |_| ());
    };
    let current = move || rules.get().and_then(Result::ok).map(|r| r.rules).unwrap_or_default();
    let allowed = RwSignal::new(false);
    // The survey's contact question: a rule on it opens a case for whoever asks to be contacted.
    let contact_question = move || {
        untrack(|| definition.get())
            .and_then(Result::ok)
            .and_then(|view| view.definition.questions.into_iter().find(|q| q.kind.as_str() == "contact").map(|q| q.id))
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut list = current();
        let question = question.get_untracked();
        let on_contact = contact_question().as_deref() == Some(question.as_str());
        list.push(CaseRule {
            at_most: if on_contact { None } else { at_most.get_untracked().trim().parse().ok() },
            question,
            at_least: None,
            owners: vec![owner.get_untracked()],
            due_business_days: days.get_untracked().trim().parse().unwrap_or(0),
            escalate_to: None,
            contact_allowed: allowed.get_untracked() && !on_contact,
        });
        save(list);
    };
    let name_of = move |user: &str| {
        members
            .get()
            .and_then(Result::ok)
            .and_then(|m| m.members.into_iter().find(|m| m.user_id == user))
            .map_or(user.to_owned(), |m| m.name)
    };
    let listed = move || {
        current()
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let owners = r.owners.iter().map(|o| name_of(o)).collect::<Vec<_>>().join(", ");
                let when = match (r.at_most, r.at_least) {
                    (None, None) => t_string!(i18n, cases.asks_to_be_contacted).to_owned(),
                    (most, _) => fill(t_string!(i18n, cases.at_most), &[("n", &(most.map_or(t_string!(i18n, cases.any).into(), |n| n.to_string())))]),
                };
                let allowed = if r.contact_allowed { t_string!(i18n, cases.contact_allowed) } else { "" };
                let text = fill(t_string!(i18n, cases.rule), &[("question", &r.question), ("when", &when), ("allowed", &allowed), ("owners", &owners), ("days", &r.due_business_days)]);
                let remove = move |_| {
                    let mut list = current();
                    list.remove(i);
                    save(list);
                };
                view! { <li>{text}" "{session.can_edit().then(|| view! { <button type="button" on:click=remove>{t!(i18n, cases.remove)}</button> })}</li> }
            })
            .collect_view()
    };
    let scored = move || {
        definition.get().and_then(Result::ok).map(|view| {
            view.definition
                .questions
                .into_iter()
                .filter(|q| matches!(q.kind.as_str(), "nps" | "csat" | "ces" | "rating" | "contact"))
                .map(|q| {
                    let id = q.id;
                    let label = if q.kind.as_str() == "contact" {
                        fill(t_string!(i18n, cases.contact_question), &[("id", &id)])
                    } else {
                        id.clone()
                    };
                    view! { <option value=id>{label}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="rules">
            <h2 id="rules">{t!(i18n, cases.rules_that_open_cases)}</h2>
            <p class="field">
                <label for="rules-survey">{t!(i18n, cases.survey)}</label>
                <select id="rules-survey" on:change=move |ev| survey.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, cases.choose)}</option>
                    {move || surveys.get().and_then(Result::ok).map(|list| list.surveys.into_iter()
                        .map(|s| view! { <option value=s.id>{s.title}</option> }).collect_view())}
                </select>
            </p>
            <Problem message=problem/>
            <Show when=move || chosen().is_some()>
                <ul class="rules">{listed}</ul>
                <Show when=move || session.can_edit()>
                    <form class="row" on:submit=add>
                        <p class="field"><label for="rule-question">{t!(i18n, cases.question)}</label>
                            <select id="rule-question" required on:change=move |ev| question.set(event_target_value(&ev))>
                                <option value="">{t!(i18n, cases.choose)}</option>{scored}
                            </select></p>
                        <p class="field"><label for="rule-at-most">{t!(i18n, cases.score_at_most)}</label>
                            <input id="rule-at-most" type="number" prop:value=move || at_most.get() on:input=move |ev| at_most.set(event_target_value(&ev))/></p>
                        <p class="field check"><label>
                            <input type="checkbox" prop:checked=move || allowed.get() on:change=move |ev| allowed.set(event_target_checked(&ev))/>
                            {t!(i18n, cases.only_if_they_agreed_to)}
                        </label></p>
                        <p class="field"><label for="rule-owner">{t!(i18n, cases.owner)}</label>
                            <select id="rule-owner" required on:change=move |ev| owner.set(event_target_value(&ev))>
                                <option value="">{t!(i18n, cases.choose)}</option>
                                {move || members.get().and_then(Result::ok).map(|list| list.members.into_iter()
                                    .map(|m| view! { <option value=m.user_id>{m.name}</option> }).collect_view())}
                            </select></p>
                        <p class="field"><label for="rule-days">{t!(i18n, cases.due_in_business_days)}</label>
                            <input id="rule-days" type="number" prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/></p>
                        <button type="submit">{t!(i18n, cases.add_rule)}</button>
                    </form>
                </Show>
            </Show>
        </section>
    }
}
