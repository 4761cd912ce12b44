//! The results as pages are made of them, drawn from the JSON the server sends: one question's
//! chart ([`QuestionChart`], also the dashboard's) and a whole publication ([`PublicView`]: the
//! public page `/r/{survey}` and the editors' preview of it). Plain views without network calls,
//! so the server renders these same components for the public page's first paint and the admin
//! app renders them in the browser.

use super::charts::{self, initials, status_name, WIDTH};
use leptos::prelude::*;
use serde_json::Value;

pub(crate) fn count(value: &Value) -> u64 {
    value.as_u64().unwrap_or(0)
}

/// `[[id, count], …]` as pairs.
pub(crate) fn pairs(value: &Value) -> Vec<(String, u64)> {
    value
        .as_array()
        .map(|a| a.iter().map(|p| (p[0].as_str().unwrap_or_default().to_owned(), count(&p[1]))).collect())
        .unwrap_or_default()
}

/// One question's numbers, drawn the way its kind reads best.
#[component]
pub fn QuestionChart(question: Value, prompt: String) -> impl IntoView {
    let kind = question["kind"].as_str().unwrap_or_default().to_owned();
    let answered = count(&question["answered"]);
    let heading = if prompt.is_empty() { question["question"].as_str().unwrap_or_default().to_owned() } else { prompt };
    let body = match kind.as_str() {
        "nps" => nps_chart(&question).into_any(),
        "csat" | "ces" | "rating" => scale_chart(&question).into_any(),
        "single_choice" | "multiple_choice" | "yes_no" => choice_chart(&question).into_any(),
        "matrix" => matrix_table(&question).into_any(),
        "short_text" | "long_text" => words_list(&question).into_any(),
        _ => view! { <p>{format!("{} agreed", count(&question["given"]))}</p> }.into_any(),
    };
    view! {
        <figure class="chart">
            <figcaption><strong>{heading}</strong>" "<span class="muted">{format!("{answered} answered · dropped off here: {}", count(&question["dropped_off"]))}</span></figcaption>
            {body}
        </figure>
    }
}

fn nps_chart(q: &Value) -> impl IntoView {
    let parts = charts::nps_parts(count(&q["detractors"]), count(&q["passives"]), count(&q["promoters"]));
    let score = q["score"].as_f64();
    let interval = q["interval"].as_array().map(|i| [i[0].as_f64().unwrap_or(0.0), i[1].as_f64().unwrap_or(0.0)]);
    let headline = match (score, interval) {
        (Some(s), Some([low, high])) => {
            format!("NPS {} (95% interval {} to {})", charts::signed(s), charts::signed(low), charts::signed(high))
        }
        (Some(s), None) => format!("NPS {}", charts::signed(s)),
        _ => "No answers yet".to_owned(),
    };
    let rows = parts.clone();
    view! {
        <p class="headline">{headline.clone()}</p>
        <svg class="nps" viewBox=format!("0 0 {WIDTH} 36") role="img" aria-label=headline preserveAspectRatio="none">
            {parts.into_iter().enumerate().map(|(i, p)| view! {
                <rect class=format!("part-{i}") x=format!("{:.1}", p.x) y="0" width=format!("{:.1}", p.width) height="36"></rect>
            }).collect_view()}
        </svg>
        <table class="data">
            <caption class="sr-only">"Detractors (0–6), passives (7–8) and promoters (9–10)"</caption>
            <tbody>
                {rows.into_iter().enumerate().map(|(i, p)| view! {
                    <tr><th scope="row"><span class=format!("key part-{i}")></span>{p.label}</th><td>{p.count}</td><td>{charts::percent(p.share)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn scale_chart(q: &Value) -> impl IntoView {
    let min = q["min"].as_u64().unwrap_or(1);
    let distribution: Vec<u64> =
        q["distribution"].as_array().map(|d| d.iter().map(count).collect()).unwrap_or_default();
    let widths = charts::bar_widths(&distribution);
    let mut facts = Vec::new();
    if let Some(mean) = q["mean"].as_f64() {
        facts.push(format!("mean {mean:.2}"));
    }
    if let Some(median) = q["median"].as_f64() {
        facts.push(format!("median {median}"));
    }
    if let Some(satisfied) = q["satisfied"].as_f64() {
        facts.push(format!("{} satisfied (4 or 5)", charts::percent(satisfied)));
    }
    let headline = if facts.is_empty() { "No answers yet".to_owned() } else { facts.join(" · ") };
    let bars: Vec<(String, u64, f64)> = distribution
        .iter()
        .zip(&widths)
        .enumerate()
        .map(|(i, (n, w))| ((min + i as u64).to_string(), *n, *w))
        .collect();
    bars_view(headline, bars)
}

fn choice_chart(q: &Value) -> impl IntoView {
    let counts = pairs(&q["counts"]);
    let mut bars: Vec<(String, u64)> = counts;
    if let Some(other) = q["other"].as_u64() {
        bars.push(("other".into(), other));
    }
    let widths = charts::bar_widths(&bars.iter().map(|(_, n)| *n).collect::<Vec<_>>());
    let top = bars.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let most: Vec<&str> = bars.iter().filter(|(_, n)| top > 0 && *n == top).map(|(id, _)| id.as_str()).collect();
    let headline =
        if most.is_empty() { "No answers yet".to_owned() } else { format!("Most chosen: {}", most.join(", ")) };
    bars_view(headline, bars.into_iter().zip(widths).map(|((label, n), w)| (label, n, w)).collect())
}

/// Horizontal bars with their labels and counts, and the same as a table.
fn bars_view(headline: String, bars: Vec<(String, u64, f64)>) -> impl IntoView {
    let height = bars.len() as f64 * 28.0;
    let rows = bars.clone();
    view! {
        <p class="headline">{headline.clone()}</p>
        <svg class="bars" viewBox=format!("0 0 {} {height}", WIDTH + 120.0) role="img" aria-label=headline>
            {bars.into_iter().enumerate().map(|(i, (label, n, width))| {
                let y = i as f64 * 28.0;
                view! {
                    <text x="0" y=format!("{:.0}", y + 18.0)>{label}</text>
                    <rect x="80" y=format!("{y:.0}") width=format!("{width:.1}") height="22"></rect>
                    <text x=format!("{:.1}", 86.0 + width) y=format!("{:.0}", y + 18.0)>{n}</text>
                }
            }).collect_view()}
        </svg>
        <table class="data sr-only">
            <tbody>{rows.into_iter().map(|(label, n, _)| view! { <tr><th scope="row">{label}</th><td>{n}</td></tr> }).collect_view()}</tbody>
        </table>
    }
}

fn matrix_table(q: &Value) -> impl IntoView {
    let rows: Vec<(String, Vec<(String, u64)>)> = q["rows"]
        .as_array()
        .map(|rows| rows.iter().map(|r| (r[0].as_str().unwrap_or_default().to_owned(), pairs(&r[1]))).collect())
        .unwrap_or_default();
    let columns: Vec<String> =
        rows.first().map(|(_, c)| c.iter().map(|(id, _)| id.clone()).collect()).unwrap_or_default();
    view! {
        <table class="data">
            <thead><tr><td></td>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
            <tbody>
                {rows.into_iter().map(|(row, counts)| view! {
                    <tr><th scope="row">{row}</th>{counts.into_iter().map(|(_, n)| view! { <td>{n}</td> }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn words_list(q: &Value) -> impl IntoView {
    let comments = count(&q["comments"]);
    let words = pairs(&q["words"]);
    let phrases = pairs(&q["phrases"]);
    let shown = !words.is_empty() || !phrases.is_empty();
    view! {
        <p class="headline">{format!("{comments} comments")}</p>
        {if shown {
            view! {
                <div class="words">
                    <ul aria-label="Most frequent words">{words.into_iter().map(|(w, n)| view! { <li>{w}" "<span class="muted">{n}</span></li> }).collect_view()}</ul>
                    <ul aria-label="Most frequent phrases">{phrases.into_iter().map(|(w, n)| view! { <li>{w}" "<span class="muted">{n}</span></li> }).collect_view()}</ul>
                </div>
            }.into_any()
        } else {
            view! { <p class="muted">"Words from comments appear once there are enough comments, and only words several people used."</p> }.into_any()
        }}
    }
}

/// A publication as its readers see it.
#[component]
pub fn PublicView(
    page: Value,
    /// What a plan shows besides what the company wrote, given the plan's id and its owner's
    /// name: in the app, to a reader who answered the survey, their replies and a form to reply.
    #[prop(default = None)]
    plan_extra: Option<Callback<(String, String), AnyView>>,
) -> impl IntoView {
    let title = page["title"].as_str().unwrap_or_default().to_owned();
    let prompt = {
        let questions = page["questions"].as_array().cloned().unwrap_or_default();
        move |id: &str| {
            questions.iter().find(|q| q["id"] == id).and_then(|q| q["prompt"].as_str()).unwrap_or(id).to_owned()
        }
    };
    let results = page["results"].clone();
    let plans = page["plans"].as_array().cloned().unwrap_or_default();
    let summary = page["summary"].as_str().unwrap_or_default().to_owned();
    let quotes: Vec<String> = page["quotes"]
        .as_array()
        .map(|q| q.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let updated = charts::date(page["last_updated"].as_i64().unwrap_or(0));
    let prompt_for_plans = prompt.clone();
    let results_for_plans = results.clone();
    view! {
        <header class="public-head">
            <p class="muted">"Results and what we will do"</p>
            <h1>{title}</h1>
            <p class="muted">"Last updated "<time>{updated}</time>" · "<a href=format!("/r/{}/feed.atom", page["survey"].as_str().unwrap_or_default())>"Follow by feed (Atom)"</a></p>
        </header>
        <section aria-labelledby="summary-heading">
            <h2 id="summary-heading">"What we heard"</h2>
            {summary.split("\n\n").map(|p| view! { <p class="summary-text">{p.to_owned()}</p> }).collect_view()}
        </section>
        <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">"What we will do"</h2>
            {if plans.is_empty() {
                view! { <p class="muted">"No plans yet."</p> }.into_any()
            } else {
                plans.into_iter().map(|plan| {
                    let text = |f: &str| plan[f].as_str().unwrap_or_default().to_owned();
                    let status = text("status");
                    let owner = plan["owner"]["name"].as_str().unwrap_or_default().to_owned();
                    let role = plan["owner"]["role"].as_str().unwrap_or("former member").to_owned();
                    let linked: Vec<String> = plan["questions"].as_array().map(|qs| qs.iter().filter_map(|q| q.as_str()).map(&prompt_for_plans).collect()).unwrap_or_default();
                    let updates = plan["updates"].as_array().cloned().unwrap_or_default();
                    let about: Vec<String> = plan["themes"].as_array().cloned().unwrap_or_default().iter().map(|t| {
                        let (question, term) = (t["question"].as_str().unwrap_or_default(), t["term"].as_str().unwrap_or_default());
                        match charts::theme_count(&results_for_plans, question, term) {
                            Some(count) => format!("“{term}” ({count} comments)"),
                            None => format!("“{term}”"),
                        }
                    }).collect();
                    let plan_id = text("id");
                    let follow_up = plan["follow_up"].clone();
                    let follow_up = (!follow_up.is_null()).then(|| {
                        let headline = |tally: &Value| {
                            let question = tally["question"].as_str().unwrap_or_default().to_owned();
                            charts::headline(&serde_json::json!({ "questions": [tally] }), &question).unwrap_or_default()
                        };
                        let compared = match (&follow_up["before"], &follow_up["after"]) {
                            (before, after) if !before.is_null() && !after.is_null() => format!(
                                "Before: {} ({} answers) · After: {} ({} answers)",
                                headline(before), before["answered"], headline(after), after["answered"]
                            ),
                            _ => format!("The answers show once at least {} people have answered, before and after.", follow_up["fewer_than"]),
                        };
                        view! {
                            <div class="follow-up">
                                <p><strong>"Did this fix it? "</strong>{follow_up["prompt"].as_str().unwrap_or_default().to_owned()}</p>
                                <p class="compared">{compared}</p>
                            </div>
                        }
                    });
                    let extra = plan_extra.map(|extra| extra.run((plan_id, owner.clone())));
                    view! {
                        <article class="plan">
                            <p class=format!("badge status-{status}")>{status_name(&status)}</p>
                            <h3>{text("will_do")}</h3>
                            <p><strong>"We heard: "</strong>{text("heard")}</p>
                            {(!linked.is_empty()).then(|| view! { <p class="linked">"From your answers to: "{linked.join("; ")}</p> })}
                            {(!about.is_empty()).then(|| view! { <p class="linked">"From your comments about "{about.join(", ")}</p> })}
                            {plan["reason"].as_str().map(|r| view! { <p><strong>"Why not: "</strong>{r.to_owned()}</p> })}
                            <p class="owner">
                                <span class="avatar" aria-hidden="true">{initials(&owner)}</span>
                                <span>{owner.clone()}", "{role}" · due "<time>{text("due")}</time></span>
                            </p>
                            {(!updates.is_empty()).then(|| view! {
                                <ol class="timeline" aria-label="Updates">
                                    {updates.into_iter().map(|u| {
                                        let moved = u["status"].as_str().map(|s| format!(" → {}", status_name(s))).unwrap_or_default();
                                        view! { <li><time class="muted">{charts::date(u["created_at"].as_i64().unwrap_or(0))}</time>" "<strong>{u["author"].as_str().unwrap_or_default().to_owned()}</strong>{moved}": "{u["body"].as_str().unwrap_or_default().to_owned()}</li> }
                                    }).collect_view()}
                                </ol>
                            })}
                            {follow_up}
                            {extra}
                        </article>
                    }
                }).collect_view().into_any()
            }}
        </section>
        {(!quotes.is_empty()).then(|| view! {
            <section aria-labelledby="quotes-heading">
                <h2 id="quotes-heading">"In your words"</h2>
                {quotes.into_iter().map(|q| view! { <blockquote class="quote">{q}</blockquote> }).collect_view()}
            </section>
        })}
        {members_view(&page, prompt.clone())}
        <section aria-labelledby="numbers-heading">
            <h2 id="numbers-heading">"The numbers"</h2>
            {numbers(&results, &prompt, |under| format!("Fewer than {under} people answered, so no numbers are shown: nobody's answers can be picked out."), |n| format!("{n} people answered."))}
        </section>
    }
}

/// Results as charts, one per question, or why there are none: `hidden` says it given the
/// threshold they are under, `counted` introduces them given how many answered.
fn numbers(
    results: &Value,
    prompt: &impl Fn(&str) -> String,
    hidden: impl Fn(&Value) -> String,
    counted: impl Fn(&Value) -> String,
) -> AnyView {
    if results["hidden"] == true {
        return view! { <p>{hidden(&results["fewer_than"])}</p> }.into_any();
    }
    view! {
        <p class="summary">{counted(&results["responses"])}</p>
        {results["questions"].as_array().cloned().unwrap_or_default().into_iter().map(|q| {
            let id = q["question"].as_str().unwrap_or_default().to_owned();
            view! { <QuestionChart question=q prompt=prompt(&id)/> }
        }).collect_view()}
    }
    .into_any()
}

/// For the organisation's members (the executives' view): the numbers as they are now, every
/// comment, and the way to the segments.
fn members_view(page: &Value, prompt: impl Fn(&str) -> String + 'static) -> Option<impl IntoView> {
    let live = page.get("live")?.clone();
    let comments: Vec<String> = page["comments"]
        .as_array()
        .map(|c| c.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let dashboard = page["dashboard"].as_str().unwrap_or_default().to_owned();
    Some(view! {
        <section class="members-view" aria-labelledby="members-heading">
            <h2 id="members-heading">"For our organisation: the numbers now"</h2>
            <p class="muted">"Only members see this part. "<a href=dashboard>"Segments, filters and trends: the results dashboard"</a></p>
            {numbers(&live, &prompt, |under| format!("Fewer than {under} people answered so far."), |n| format!("{n} people answered so far."))}
            {(!comments.is_empty()).then(|| view! {
                <details class="comments">
                    <summary>{format!("Every comment ({}, newest first)", comments.len())}</summary>
                    <ul>{comments.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    })
}
