//! One action plan as the plans page shows it: its words, owner, due date and status, its
//! timeline, the "Did this fix it?" follow-up, respondents' replies, and (for those who may)
//! the controls to move it along and answer.

use super::app::Session;
use super::charts::{self, initials};
use super::i18n::*;
use super::page_words::fill;
use super::pages::{body, write};
use super::words::{plan_status, role_name, PLAN_STATUSES};
use gloo_net::http::Method;
use hearback_api::plan::{FollowUpRequest, FollowUpState, Plan, Reply, ReplyRequest, UpdateRequest};
use hearback_api::PlanStatus;
use leptos::prelude::*;

/// One plan: its words, owner, due date and status, its timeline, and (for those who may) the
/// controls to move it along.
#[component]
pub fn PlanCard(
    plan: Plan,
    linked: Vec<String>,
    /// Respondents' replies to this plan, oldest first.
    replies: Vec<Reply>,
    /// Its "Did this fix it?" question, if asked.
    follow_up: Option<FollowUpState>,
    id: Signal<String>,
    problem: RwSignal<String>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let plan_id = plan.id.clone();
    let status = plan.status;
    let owner_name = plan.owner.name.clone();
    let owner_role = plan.owner.role.map_or(t_string!(i18n, words.former_member), |r| role_name(i18n, r));
    let owner_id = plan.owner.user_id.clone();
    let updates = plan.updates.clone();
    let text = RwSignal::new(String::new());
    let next = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let url = format!("/admin/api/surveys/{}/plans/{plan_id}", id.get_untracked());
    let updates_url = format!("{url}/updates");
    let post = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let update = UpdateRequest {
            body: text.get_untracked(),
            status: PlanStatus::parse(&next.get_untracked()),
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
        };
        write(Method::POST, updates_url.clone(), Some(body(&update)), problem, version, move |_| {
            text.set(String::new())
        });
    };
    let delete_url = url.clone();
    let remove = move |_| write(Method::DELETE, delete_url.clone(), None, problem, version, |_| ());
    let may_update = move || session.can_edit() || session.user_id().as_deref() == Some(owner_id.as_str());
    let follow_up_url = format!("{url}/follow-up");
    let asking = follow_up.is_some();
    let ask_question = RwSignal::new(plan.questions.first().cloned().unwrap_or_default());
    let ask_prompt = RwSignal::new(follow_up.as_ref().map(|f| f.prompt.clone()).unwrap_or_default());
    let ask_url = follow_up_url.clone();
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = FollowUpRequest { question: ask_question.get_untracked(), prompt: ask_prompt.get_untracked() };
        write(Method::PUT, ask_url.clone(), Some(body(&request)), problem, version, |_| ());
    };
    let stop_asking = move |_| write(Method::DELETE, follow_up_url.clone(), None, problem, version, |_| ());
    let question_choices: Vec<(String, String)> = plan.questions.iter().cloned().zip(linked.clone()).collect();
    let done = plan.status == PlanStatus::Done;
    let may_ask = may_update.clone();
    let replies_url = format!("/admin/api/surveys/{}/replies", id.get_untracked());
    let reply_count = replies.len();
    let replies = replies.into_iter().map(|reply| {
        let answer_url = format!("{replies_url}/{}/answer", reply.id);
        let draft = RwSignal::new(String::new());
        let send = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = ReplyRequest { body: draft.get_untracked() };
            write(Method::POST, answer_url.clone(), Some(body(&request)), problem, version, move |_| draft.set(String::new()));
        };
        let answered = reply.answer.is_some();
        let may_answer = may_update.clone();
        view! {
            <li class="reply">
                <p><span class="muted">{charts::date(reply.created_at)}</span>" "<strong>{t!(i18n, plan_card.a_respondent)}</strong>{reply.body}</p>
                {reply.answer.map(|answer| view! {
                    <p class="answer"><strong>{answer.by}{t!(i18n, plan_card.answered)}</strong>{answer.body}</p>
                })}
                <Show when=may_answer.clone()>
                    <form class="row" on:submit=send.clone()>
                        <p class="field"><label>{if answered { t_string!(i18n, plan_card.answer_again) } else { t_string!(i18n, plan_card.your_answer) }} <input prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))/></label></p>
                        <button type="submit">{t!(i18n, plan_card.send_the_answer)}</button>
                    </form>
                </Show>
            </li>
        }
    }).collect_view();
    view! {
        <article class="plan" aria-label=fill(t_string!(i18n, plan_card.plan_is), &[("will_do", &plan.will_do)])>
            <p class=format!("badge status-{}", status.as_str())>{plan_status(i18n, status)}</p>
            <h2>{plan.will_do.clone()}</h2>
            <p><strong>{t!(i18n, plan_card.what_we_heard)}</strong>{plan.heard.clone()}</p>
            {(!linked.is_empty()).then(|| view! { <ul class="linked">{linked.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> })}
            {plan.reason.clone().map(|r| view! { <p><strong>{t!(i18n, plan_card.why_not)}</strong>{r}</p> })}
            <p class="owner">
                <span class="avatar" aria-hidden="true">{initials(&owner_name)}</span>
                <span>{owner_name.clone()}", "{owner_role}{t!(i18n, plan_card.due)}{plan.due.clone()}</span>
            </p>
            <ol class="timeline" aria-label=move || t_string!(i18n, plan_card.updates)>
                <li><span class="muted">{charts::date(plan.created_at)}</span>{t!(i18n, plan_card.plan_made)}</li>
                {updates.into_iter().map(|u| {
                    let moved = u.status.map(|s| format!(" → {}", plan_status(i18n, s))).unwrap_or_default();
                    view! {
                        <li>
                            <span class="muted">{charts::date(u.created_at)}</span>" "
                            <strong>{u.author}</strong>{moved}": "
                            {u.body}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(done || asking).then(|| view! {
                <section class="plan-follow-up" aria-label=move || t_string!(i18n, plan_card.did_this_fix_it)>
                    <h3>{t!(i18n, plan_card.did_this_fix_it)}</h3>
                    {match follow_up.clone() {
                        Some(f) => view! { <p>{t!(i18n, plan_card.asking, prompt = f.prompt, answered = f.answered)}</p> }.into_any(),
                        None => view! { <p class="hint">{t!(i18n, plan_card.ask_the_people_who_answered)}</p> }.into_any(),
                    }}
                    <Show when=may_ask.clone()>
                        <form class="row" on:submit=ask.clone()>
                            <p class="field"><label>{t!(i18n, plan_card.question)}
                                <select on:change=move |ev| ask_question.set(event_target_value(&ev))>
                                    {question_choices.iter().map(|(value, label)| view! { <option value=value.clone()>{label.clone()}</option> }).collect_view()}
                                </select>
                            </label></p>
                            <p class="field"><label>{t!(i18n, plan_card.ask_it_as)} <input placeholder=move || t_string!(i18n, plan_card.now_that_we_changed_this) prop:value=move || ask_prompt.get() on:input=move |ev| ask_prompt.set(event_target_value(&ev))/></label></p>
                            <button type="submit">{if asking { t_string!(i18n, plan_card.reword) } else { t_string!(i18n, plan_card.ask_respondents) }}</button>
                        </form>
                    </Show>
                    {(asking && session.can_edit()).then(|| view! { <p><button type="button" class="small" on:click=stop_asking.clone()>{t!(i18n, plan_card.stop_asking)}</button></p> })}
                </section>
            })}
            {(reply_count > 0).then(|| view! {
                <section class="plan-replies" aria-label=move || t_string!(i18n, plan_card.replies_from_respondents)>
                    <h3>{t!(i18n, plan_card.replies_count, n = reply_count)}</h3>
                    <p class="hint">{t!(i18n, plan_card.only_the_respondent_who_wrote)}</p>
                    <ul class="responses">{replies}</ul>
                </section>
            })}
            <Show when=may_update.clone()>
                <form class="row update" on:submit=post.clone()>
                    <p class="field"><label>{t!(i18n, plan_card.update)} <input prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/></label></p>
                    <p class="field">
                        <label>{t!(i18n, plan_card.status)}
                            <select on:change=move |ev| next.set(event_target_value(&ev))>
                                <option value="">{t!(i18n, plan_card.unchanged)}</option>
                                {PLAN_STATUSES.map(|status| view! { <option value=status.as_str()>{move || plan_status(i18n, status)}</option> })}
                            </select>
                        </label>
                    </p>
                    <Show when=move || next.get() == "wont_do">
                        <p class="field"><label>{t!(i18n, plan_card.why_not_shown)} <input prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/></label></p>
                    </Show>
                    <button type="submit">{t!(i18n, plan_card.post_the_update)}</button>
                </form>
            </Show>
            <Show when=move || session.can_edit()>
                <p><button type="button" class="small" on:click=remove.clone()>{t!(i18n, plan_card.delete_the_plan)}</button></p>
            </Show>
        </article>
    }
}
