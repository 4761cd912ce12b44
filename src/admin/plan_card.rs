//! One action plan as the plans page shows it: its words, owner, due date and status, its
//! timeline, the "Did this fix it?" follow-up, respondents' replies, and (for those who may)
//! the controls to move it along and answer.

use super::app::Session;
use super::charts::{self, initials, status_name, STATUSES};
use super::pages::{body, write};
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
    let session = expect_context::<Session>();
    let plan_id = plan.id.clone();
    let status = plan.status.as_str();
    let owner_name = plan.owner.name.clone();
    let owner_role = plan.owner.role.map_or("former member", |r| r.as_str());
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
                <p><span class="muted">{charts::date(reply.created_at)}</span>" "<strong>"A respondent: "</strong>{reply.body}</p>
                {reply.answer.map(|answer| view! {
                    <p class="answer"><strong>{answer.by}" answered: "</strong>{answer.body}</p>
                })}
                <Show when=may_answer.clone()>
                    <form class="row" on:submit=send.clone()>
                        <p class="field"><label>{if answered { "Answer again" } else { "Your answer" }} <input prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))/></label></p>
                        <button type="submit">"Send the answer"</button>
                    </form>
                </Show>
            </li>
        }
    }).collect_view();
    view! {
        <article class="plan" aria-label=format!("Plan: {}", plan.will_do)>
            <p class=format!("badge status-{status}")>{status_name(status)}</p>
            <h2>{plan.will_do.clone()}</h2>
            <p><strong>"What we heard: "</strong>{plan.heard.clone()}</p>
            {(!linked.is_empty()).then(|| view! { <ul class="linked">{linked.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> })}
            {plan.reason.clone().map(|r| view! { <p><strong>"Why not: "</strong>{r}</p> })}
            <p class="owner">
                <span class="avatar" aria-hidden="true">{initials(&owner_name)}</span>
                <span>{owner_name.clone()}", "{owner_role}" · due "{plan.due.clone()}</span>
            </p>
            <ol class="timeline" aria-label="Updates">
                <li><span class="muted">{charts::date(plan.created_at)}</span>" Plan made"</li>
                {updates.into_iter().map(|u| {
                    let moved = u.status.map(|s| format!(" → {}", status_name(s.as_str()))).unwrap_or_default();
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
                <section class="plan-follow-up" aria-label="Did this fix it?">
                    <h3>"Did this fix it?"</h3>
                    {match follow_up.clone() {
                        Some(f) => view! { <p>{format!("Asking “{}” — {} answered so far.", f.prompt, f.answered)}</p> }.into_any(),
                        None => view! { <p class="hint">"Ask the people who answered one of this plan's questions again; the page shows the score before and after once enough of them answer."</p> }.into_any(),
                    }}
                    <Show when=may_ask.clone()>
                        <form class="row" on:submit=ask.clone()>
                            <p class="field"><label>"Question"
                                <select on:change=move |ev| ask_question.set(event_target_value(&ev))>
                                    {question_choices.iter().map(|(value, label)| view! { <option value=value.clone()>{label.clone()}</option> }).collect_view()}
                                </select>
                            </label></p>
                            <p class="field"><label>"Ask it as" <input placeholder="Now that we changed this, how likely are you to recommend us?" prop:value=move || ask_prompt.get() on:input=move |ev| ask_prompt.set(event_target_value(&ev))/></label></p>
                            <button type="submit">{if asking { "Reword" } else { "Ask respondents" }}</button>
                        </form>
                    </Show>
                    {(asking && session.can_edit()).then(|| view! { <p><button type="button" class="small" on:click=stop_asking.clone()>"Stop asking"</button></p> })}
                </section>
            })}
            {(reply_count > 0).then(|| view! {
                <section class="plan-replies" aria-label="Replies from respondents">
                    <h3>{format!("Replies from respondents ({reply_count})")}</h3>
                    <p class="hint">"Only the respondent who wrote a reply reads your answer (and gets it by e-mail if they follow the results)."</p>
                    <ul class="responses">{replies}</ul>
                </section>
            })}
            <Show when=may_update.clone()>
                <form class="row update" on:submit=post.clone()>
                    <p class="field"><label>"Update" <input prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/></label></p>
                    <p class="field">
                        <label>"Status"
                            <select on:change=move |ev| next.set(event_target_value(&ev))>
                                <option value="">"(unchanged)"</option>
                                {STATUSES.map(|(value, name)| view! { <option value=value>{name}</option> })}
                            </select>
                        </label>
                    </p>
                    <Show when=move || next.get() == "wont_do">
                        <p class="field"><label>"Why not (shown)" <input prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/></label></p>
                    </Show>
                    <button type="submit">"Post the update"</button>
                </form>
            </Show>
            <Show when=move || session.can_edit()>
                <p><button type="button" class="small" on:click=remove.clone()>"Delete the plan"</button></p>
            </Show>
        </article>
    }
}
