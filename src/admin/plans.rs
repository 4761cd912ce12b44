//! Action plans of a survey: what was heard (linked to questions, with their results), what will
//! be done, who answers for it, by when, how it is going, and a timeline of updates. Editors
//! write plans; a plan's owner (an executive, say) and editors post updates; everyone reads.

use super::app::Session;
use super::charts::{self, headline, initials, status_name, STATUSES};
use super::pages::{load, write, Problem};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::{json, Value};

#[component]
pub fn Plans() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let plans = RwSignal::new(Value::Null);
    let survey = RwSignal::new(Value::Null);
    let members = RwSignal::new(Value::Null);
    let results = RwSignal::new(Value::Null);
    let replies = RwSignal::new(Value::Null);
    load(move || Some(format!("/admin/api/surveys/{}/plans", id())), plans, problem, version);
    load(move || Some(format!("/admin/api/surveys/{}/replies", id())), replies, problem, version);
    load(move || Some(format!("/admin/api/surveys/{}", id())), survey, problem, RwSignal::new(0));
    load(|| Some("/admin/api/members".into()), members, problem, RwSignal::new(0));
    load(move || Some(format!("/admin/api/surveys/{}/results", id())), results, problem, RwSignal::new(0));
    let questions = move || {
        survey.with(|s| {
            let default = s["definition"]["languages"][0].as_str().unwrap_or("en").to_owned();
            s["definition"]["questions"]
                .as_array()
                .map(|qs| {
                    qs.iter()
                        .map(|q| {
                            let prompt = match &q["prompt"] {
                                Value::String(p) => p.clone(),
                                Value::Object(m) => {
                                    m.get(&default).and_then(Value::as_str).unwrap_or_default().to_owned()
                                }
                                _ => String::new(),
                            };
                            (q["id"].as_str().unwrap_or_default().to_owned(), prompt)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let member_list = move || {
        members.with(|m| {
            m["members"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|m| {
                            (
                                m["user_id"].as_str().unwrap_or_default().to_owned(),
                                format!(
                                    "{} ({})",
                                    m["name"].as_str().unwrap_or_default(),
                                    m["role"].as_str().unwrap_or_default()
                                ),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let editable = move || session.can_edit();

    view! {
        <h1>"Action plans"</h1>
        <p><a href=move || format!("/admin/surveys/{}/results", id())>"Results"</a>" · "<a href=move || format!("/admin/surveys/{}", id())>"The survey"</a></p>
        <Problem message=problem/>
        <PublishPanel id=Signal::derive(id) version/>
        <Quotes id=Signal::derive(id) version/>
        <Show when=editable>
            <PlanForm id=Signal::derive(id) questions=Signal::derive(questions) members=Signal::derive(member_list) themes=Signal::derive(move || results.with(charts::themes)) problem version/>
        </Show>
        {move || plans.with(|p| {
            let list = p["plans"].as_array().cloned().unwrap_or_default();
            if list.is_empty() && !p.is_null() {
                return view! { <p class="empty">"No plans yet. Say what you heard, what you will do, who answers for it and by when."</p> }.into_any();
            }
            list.into_iter().map(|plan| {
                let linked: Vec<String> = plan["questions"].as_array().map(|qs| qs.iter().filter_map(|q| q.as_str().map(str::to_owned)).collect()).unwrap_or_default();
                let about: Vec<String> = plan["themes"].as_array().cloned().unwrap_or_default().iter().map(|t| {
                    let (question, term) = (t["question"].as_str().unwrap_or_default(), t["term"].as_str().unwrap_or_default());
                    match results.with(|r| charts::theme_count(r, question, term)) {
                        Some(count) => format!("Comments about “{term}”: {count}"),
                        None => format!("Comments about “{term}”"),
                    }
                }).collect();
                let mut shown: Vec<String> = linked.iter().map(|q| {
                    let prompt = questions().into_iter().find(|(id, _)| id == q).map(|(_, p)| p).unwrap_or_else(|| q.clone());
                    match results.with(|r| headline(r, q)) {
                        Some(number) => format!("{prompt}: {number}"),
                        None => prompt,
                    }
                }).collect();
                shown.extend(about);
                let plan_id = plan["id"].clone();
                let follow_up = p["follow_ups"].as_array().and_then(|f| f.iter().find(|f| f["plan"] == plan_id)).cloned().unwrap_or(Value::Null);
                let heard: Vec<Value> = replies.with(|r| r["replies"].as_array().map(|all| all.iter().filter(|r| r["plan_id"] == plan_id).cloned().collect()).unwrap_or_default());
                view! { <PlanCard plan=plan linked=shown replies=heard follow_up id=Signal::derive(id) problem version/> }
            }).collect_view().into_any()
        })}
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
    let heard = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<(String, String)>::new());
    let will_do = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let linked = RwSignal::new(Vec::<String>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "heard": heard.get_untracked(), "will_do": will_do.get_untracked(), "questions": linked.get_untracked(),
            "themes": chosen.get_untracked().into_iter().map(|(question, term)| json!({"question": question, "term": term})).collect::<Vec<_>>(),
            "owner": Some(owner.get_untracked()).filter(|o| !o.is_empty()), "due": Some(due.get_untracked()).filter(|d| !d.is_empty()),
        });
        write(
            Method::POST,
            format!("/admin/api/surveys/{}/plans", id.get_untracked()),
            Some(body),
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
            <summary>"New plan"</summary>
            <form on:submit=submit class="plan-form">
                <p class="field"><label>"What we heard" <textarea rows="2" prop:value=move || heard.get() on:input=move |ev| heard.set(event_target_value(&ev))></textarea></label></p>
                <fieldset class="rule">
                    <legend>"From the answers to"</legend>
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
                    <legend>"And the comments about"</legend>
                    {move || {
                        let found = themes.get();
                        if found.is_empty() {
                            return view! { <p class="hint">"Themes appear here once there are enough comments to show them."</p> }.into_any();
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
                <p class="field"><label>"What we will do" <textarea rows="2" prop:value=move || will_do.get() on:input=move |ev| will_do.set(event_target_value(&ev))></textarea></label></p>
                <div class="row">
                    <p class="field">
                        <label>"Owner"
                            <select on:change=move |ev| owner.set(event_target_value(&ev))>
                                <option value="">"(choose a member)"</option>
                                {move || members.get().into_iter().map(|(user, name)| view! { <option value=user>{name}</option> }).collect_view()}
                            </select>
                        </label>
                    </p>
                    <p class="field"><label>"Due" <input type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/></label></p>
                </div>
                <button type="submit">"Add the plan"</button>
            </form>
        </details>
    }
}

/// One plan: its words, owner, due date and status, its timeline, and (for those who may) the
/// controls to move it along.
#[component]
fn PlanCard(
    plan: Value,
    linked: Vec<String>,
    /// Respondents' replies to this plan, oldest first.
    replies: Vec<Value>,
    /// Its "Did this fix it?" question, if asked (`null` if not).
    follow_up: Value,
    id: Signal<String>,
    problem: RwSignal<String>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let text = |field: &str| plan[field].as_str().unwrap_or_default().to_owned();
    let plan_id = text("id");
    let status = text("status");
    let owner_name = plan["owner"]["name"].as_str().unwrap_or_default().to_owned();
    let owner_role = plan["owner"]["role"].as_str().unwrap_or("former member").to_owned();
    let owner_id = plan["owner"]["user_id"].as_str().unwrap_or_default().to_owned();
    let updates = plan["updates"].as_array().cloned().unwrap_or_default();
    let body = RwSignal::new(String::new());
    let next = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let url = format!("/admin/api/surveys/{}/plans/{plan_id}", id.get_untracked());
    let updates_url = format!("{url}/updates");
    let post = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut update = json!({ "body": body.get_untracked() });
        if !next.get_untracked().is_empty() {
            update["status"] = json!(next.get_untracked());
        }
        if !reason.get_untracked().trim().is_empty() {
            update["reason"] = json!(reason.get_untracked());
        }
        write(Method::POST, updates_url.clone(), Some(update), problem, version, move |_| body.set(String::new()));
    };
    let delete_url = url.clone();
    let remove = move |_| write(Method::DELETE, delete_url.clone(), None, problem, version, |_| ());
    let may_update = move || session.can_edit() || session.user_id().as_deref() == Some(owner_id.as_str());
    let follow_up_url = format!("{url}/follow-up");
    let asking = !follow_up.is_null();
    let ask_question = RwSignal::new(plan["questions"][0].as_str().unwrap_or_default().to_owned());
    let ask_prompt = RwSignal::new(follow_up["prompt"].as_str().unwrap_or_default().to_owned());
    let ask_url = follow_up_url.clone();
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({ "question": ask_question.get_untracked(), "prompt": ask_prompt.get_untracked() });
        write(Method::PUT, ask_url.clone(), Some(body), problem, version, |_| ());
    };
    let stop_asking = move |_| write(Method::DELETE, follow_up_url.clone(), None, problem, version, |_| ());
    let question_choices: Vec<(String, String)> = plan["questions"]
        .as_array()
        .map(|qs| qs.iter().filter_map(|q| q.as_str().map(str::to_owned)).zip(linked.clone()).collect())
        .unwrap_or_default();
    let done = status == "done";
    let may_ask = may_update.clone();
    let replies_url = format!("/admin/api/surveys/{}/replies", id.get_untracked());
    let reply_count = replies.len();
    let replies = replies.into_iter().map(|reply| {
        let answer_url = format!("{replies_url}/{}/answer", reply["id"].as_str().unwrap_or_default());
        let draft = RwSignal::new(String::new());
        let send = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let body = json!({ "body": draft.get_untracked() });
            write(Method::POST, answer_url.clone(), Some(body), problem, version, move |_| draft.set(String::new()));
        };
        let answer = reply["answer"].clone();
        let may_answer = may_update.clone();
        view! {
            <li class="reply">
                <p><span class="muted">{charts::date(reply["created_at"].as_i64().unwrap_or(0))}</span>" "<strong>"A respondent: "</strong>{reply["body"].as_str().unwrap_or_default().to_owned()}</p>
                {(!answer.is_null()).then(|| view! {
                    <p class="answer"><strong>{answer["by"].as_str().unwrap_or_default().to_owned()}" answered: "</strong>{answer["body"].as_str().unwrap_or_default().to_owned()}</p>
                })}
                <Show when=may_answer.clone()>
                    <form class="row" on:submit=send.clone()>
                        <p class="field"><label>{if answer.is_null() { "Your answer" } else { "Answer again" }} <input prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))/></label></p>
                        <button type="submit">"Send the answer"</button>
                    </form>
                </Show>
            </li>
        }
    }).collect_view();
    view! {
        <article class="plan" aria-label=format!("Plan: {}", text("will_do"))>
            <p class=format!("badge status-{status}")>{status_name(&status)}</p>
            <h2>{text("will_do")}</h2>
            <p><strong>"What we heard: "</strong>{text("heard")}</p>
            {(!linked.is_empty()).then(|| view! { <ul class="linked">{linked.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> })}
            {plan["reason"].as_str().map(|r| view! { <p><strong>"Why not: "</strong>{r.to_owned()}</p> })}
            <p class="owner">
                <span class="avatar" aria-hidden="true">{initials(&owner_name)}</span>
                <span>{owner_name.clone()}", "{owner_role}" · due "{text("due")}</span>
            </p>
            <ol class="timeline" aria-label="Updates">
                <li><span class="muted">{charts::date(plan["created_at"].as_i64().unwrap_or(0))}</span>" Plan made"</li>
                {updates.into_iter().map(|u| {
                    let moved = u["status"].as_str().map(|s| format!(" → {}", status_name(s))).unwrap_or_default();
                    view! {
                        <li>
                            <span class="muted">{charts::date(u["created_at"].as_i64().unwrap_or(0))}</span>" "
                            <strong>{u["author"].as_str().unwrap_or_default().to_owned()}</strong>{moved}": "
                            {u["body"].as_str().unwrap_or_default().to_owned()}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(done || asking).then(|| view! {
                <section class="plan-follow-up" aria-label="Did this fix it?">
                    <h3>"Did this fix it?"</h3>
                    {match asking {
                        true => view! { <p>{format!("Asking “{}” — {} answered so far.", follow_up["prompt"].as_str().unwrap_or_default(), follow_up["answered"])}</p> }.into_any(),
                        false => view! { <p class="hint">"Ask the people who answered one of this plan's questions again; the page shows the score before and after once enough of them answer."</p> }.into_any(),
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
                    <p class="field"><label>"Update" <input prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))/></label></p>
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

/// Publishing: the summary and who may read, a preview that is exactly the public page, then
/// publish (freezing the results now) or take the page down.
#[component]
pub fn PublishPanel(id: Signal<String>, version: RwSignal<u32>) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let state = RwSignal::new(Value::Null);
    load(move || Some(format!("/admin/api/surveys/{}/publication", id.get())), state, problem, version);
    let summary = RwSignal::new(String::new());
    let visibility = RwSignal::new("public".to_owned());
    Effect::new(move |_| {
        state.with(|s| {
            if let Some(text) = s["publication"]["summary"].as_str() {
                summary.set(text.to_owned());
            }
            if let Some(v) = s["publication"]["visibility"].as_str() {
                visibility.set(v.to_owned());
            }
        })
    });
    let previewing = RwSignal::new(false);
    let publish = move |_| {
        let body = json!({ "summary": summary.get_untracked(), "visibility": visibility.get_untracked() });
        write(
            Method::POST,
            format!("/admin/api/surveys/{}/publication", id.get_untracked()),
            Some(body),
            problem,
            version,
            |_| (),
        );
    };
    let take_down = move |_| {
        write(
            Method::DELETE,
            format!("/admin/api/surveys/{}/publication", id.get_untracked()),
            None,
            problem,
            version,
            |_| (),
        )
    };
    let published = move || state.with(|s| s["published"] == true);
    view! {
        <section class="publish" aria-labelledby="publish-heading">
            <h2 id="publish-heading">"Publish the results"</h2>
            <p class="status">{move || if published() {
                format!("Published {} — ", charts::date(state.with(|s| s["publication"]["published_at"].as_i64().unwrap_or(0))))
            } else {
                "Not published.".to_owned()
            }}
            <Show when=published><a class="public-link" rel="external" href=move || format!("/r/{}", id.get())>{move || format!("/r/{}", id.get())}</a></Show>
            </p>
            <Show when=move || session.can_edit()>
                <p class="field"><label>"Summary for the people who answered" <textarea rows="4" prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))></textarea></label></p>
                <p class="field">
                    <label>"Who may read it"
                        <select on:change=move |ev| visibility.set(event_target_value(&ev))>
                            <option value="public" selected=move || visibility.get() == "public">"Anyone with the link"</option>
                            <option value="respondents" selected=move || visibility.get() == "respondents">"The people who answered (with their receipt)"</option>
                            <option value="organization" selected=move || visibility.get() == "organization">"Our organisation only"</option>
                        </select>
                    </label>
                </p>
                <p class="actions">
                    <button type="button" on:click=move |_| previewing.update(|p| *p = !*p)>{move || if previewing.get() { "Hide the preview" } else { "Preview" }}</button>
                    <button type="button" class="primary" on:click=publish>{move || if published() { "Publish again (new numbers)" } else { "Publish" }}</button>
                    <Show when=published><button type="button" on:click=take_down>"Take the page down"</button></Show>
                </p>
            </Show>
            <Problem message=problem/>
            <Show when=move || previewing.get()>
                <div class="preview-page" aria-label="Preview of the public page">
                    {move || {
                        let mut page = state.with(|s| s["preview"].clone());
                        page["summary"] = json!(summary.get());
                        view! { <super::report::PublicView page/> }
                    }}
                </div>
            </Show>
        </section>
    }
}

/// Comments whose authors consented to be quoted; editors approve the ones the page shows.
#[component]
fn Quotes(id: Signal<String>, version: RwSignal<u32>) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(String::new());
    let data = RwSignal::new(Value::Null);
    load(move || Some(format!("/admin/api/surveys/{}/quotes", id.get())), data, problem, version);
    view! {
        <details class="settings quotes">
            <summary>{move || format!("Quotes ({} comments may be quoted)", data.with(|d| d["candidates"].as_array().map_or(0, Vec::len)))}</summary>
            <p class="hint">"Only comments whose authors ticked consent appear here. Approved ones show on the results page, without any detail of who wrote them."</p>
            <Problem message=problem/>
            <ul class="responses">
                {move || data.with(|d| d["candidates"].as_array().cloned().unwrap_or_default()).into_iter().map(|c| {
                    let text = c["text"].as_str().unwrap_or_default().to_owned();
                    let quote = c["quote"].as_str().map(str::to_owned);
                    let body = json!({"response": c["response"], "question": c["question"]});
                    let url = format!("/admin/api/surveys/{}/quotes", id.get_untracked());
                    let act = move |_| match &quote {
                        Some(q) => write(Method::DELETE, format!("{url}/{q}"), None, problem, version, |_| ()),
                        None => write(Method::POST, url.clone(), Some(body.clone()), problem, version, |_| ()),
                    };
                    let approved = c["quote"].is_string();
                    view! {
                        <li>
                            <q>{text}</q>
                            <Show when=move || session.can_edit()>
                                <button type="button" class="small" on:click=act.clone()>{if approved { "Withdraw" } else { "Approve" }}</button>
                            </Show>
                            {approved.then(|| view! { <span class="badge status-done">"on the page"</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}
