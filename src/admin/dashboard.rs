//! The results dashboard: the same numbers for editors and executives (viewers read it too),
//! under the server's privacy rules. Charts are SVG drawn here (no chart library); each has a
//! table beside it for screen readers and print, and a short caption that says the key number.

use super::charts::{self, TrendPoint, WIDTH};
use super::pages::{load, Problem};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

/// A text of the definition in its default language (a string, or a map of languages).
fn text_of(value: &Value, default: &str) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(map) => {
            map.get(default).or_else(|| map.values().next()).and_then(Value::as_str).unwrap_or_default().to_owned()
        }
        _ => String::new(),
    }
}

fn count(value: &Value) -> u64 {
    value.as_u64().unwrap_or(0)
}

/// `[[id, count], …]` as pairs.
fn pairs(value: &Value) -> Vec<(String, u64)> {
    value
        .as_array()
        .map(|a| a.iter().map(|p| (p[0].as_str().unwrap_or_default().to_owned(), count(&p[1]))).collect())
        .unwrap_or_default()
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let problem = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let survey = RwSignal::new(Value::Null);
    load(move || Some(format!("/admin/api/surveys/{}", id())), survey, problem, version);

    // Filters, applied together.
    let (from, to, attribute, value, verified) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
    );
    let query = RwSignal::new(String::new());
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = Vec::new();
        let mut add = |name: &str, value: String| {
            if !value.trim().is_empty() {
                parts.push(format!("{name}={}", js_sys::encode_uri_component(value.trim())));
            }
        };
        add("from", from.get_untracked());
        add("to", to.get_untracked());
        if !attribute.get_untracked().is_empty() {
            add(&format!("segment.{}", attribute.get_untracked()), value.get_untracked());
        }
        if verified.get_untracked() {
            add("verified", "true".into());
        }
        problem.set(String::new());
        query.set(parts.join("&"));
    };
    let results = RwSignal::new(Value::Null);
    load(move || Some(format!("/admin/api/surveys/{}/results?{}", id(), query.get())), results, problem, version);
    let bucket = RwSignal::new("week".to_owned());
    let trend = RwSignal::new(Value::Null);
    load(
        move || Some(format!("/admin/api/surveys/{}/results/trend?bucket={}&{}", id(), bucket.get(), query.get())),
        trend,
        problem,
        version,
    );
    let by = RwSignal::new(String::new());
    let breakdown = RwSignal::new(Value::Null);
    load(
        move || {
            (!by.get().is_empty())
                .then(|| format!("/admin/api/surveys/{}/results/breakdown?by={}&{}", id(), by.get(), query.get()))
        },
        breakdown,
        problem,
        version,
    );

    let default_language = move || survey.with(|s| s["definition"]["languages"][0].as_str().unwrap_or("en").to_owned());
    let title = move || survey.with(|s| text_of(&s["definition"]["title"], &default_language()));
    let prompt = move |question: &str| {
        survey.with(|s| {
            let questions = s["definition"]["questions"].as_array().cloned().unwrap_or_default();
            let q = questions.iter().find(|q| q["id"] == question).cloned().unwrap_or(Value::Null);
            text_of(&q["prompt"], &default_language())
        })
    };
    let segments = move || {
        results.with(|r| {
            r["segments"]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let k = move || results.with(|r| r["privacy"]["k"].as_u64().or(r["fewer_than"].as_u64()).unwrap_or(5));

    view! {
        <h1>{move || format!("Results: {}", title())}</h1>
        <p><a href=move || format!("/admin/surveys/{}", id())>"The survey"</a>" · "<a href=move || format!("/admin/surveys/{}/plans", id())>"Action plans"</a></p>
        <form class="row filters" on:submit=apply aria-label="Filters">
            <p class="field"><label>"From" <input type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label></p>
            <p class="field"><label>"To" <input type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label></p>
            <p class="field">
                <label>"Segment"
                    <select on:change=move |ev| attribute.set(event_target_value(&ev))>
                        <option value="">"Everyone"</option>
                        {move || segments().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </p>
            <p class="field"><label>"Value" <input prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/></label></p>
            <p class="field check"><label><input type="checkbox" on:change=move |ev| verified.set(event_target_checked(&ev))/>" Verified only"</label></p>
            <button type="submit">"Apply"</button>
        </form>
        <Problem message=problem/>
        <p class="hint">{move || format!(
            "Privacy: a group of fewer than {} respondents shows no numbers, and neither does the next-smallest group beside it; words from comments need {} comments.",
            k(), results.with(|r| r["privacy"]["comment_k"].as_u64().unwrap_or(10))
        )}</p>
        {move || results.with(|r| {
            if r.is_null() {
                view! { <p>"Loading…"</p> }.into_any()
            } else if r["hidden"] == true {
                view! {
                    <section class="empty" aria-live="polite">
                        <h2>{format!("Fewer than {} responses", k())}</h2>
                        <p>"Numbers appear once enough people have answered, so that nobody's answers can be picked out. Share the survey, or widen the filters."</p>
                    </section>
                }.into_any()
            } else {
                let rate = r["completion_rate"].as_f64().map(charts::percent).unwrap_or_default();
                view! {
                    <p class="summary">
                        <strong>{count(&r["responses"])}</strong>" responses, "
                        <strong>{count(&r["completed"])}</strong>" finished ("{rate}")"
                    </p>
                }.into_any()
            }
        })}
        <section aria-labelledby="trend-heading">
            <h2 id="trend-heading">"Over time"</h2>
            <p class="field">
                <label>"Each point is a"
                    <select on:change=move |ev| bucket.set(event_target_value(&ev))>
                        <option value="day">"day"</option>
                        <option value="week" selected>"week"</option>
                        <option value="month">"month"</option>
                    </select>
                </label>
            </p>
            {move || {
                let nps = results.with(|r| r["questions"].as_array().and_then(|qs| qs.iter().find(|q| q["kind"] == "nps")).map(|q| q["question"].as_str().unwrap_or_default().to_owned()));
                trend.with(|t| view! { <TrendChart trend=t.clone() question=nps/> })
            }}
        </section>
        {move || results.with(|r| {
            r["questions"].as_array().cloned().unwrap_or_default().into_iter().map(|q| {
                let id = q["question"].as_str().unwrap_or_default().to_owned();
                view! { <QuestionChart question=q prompt=prompt(&id)/> }
            }).collect_view()
        })}
        <section aria-labelledby="breakdown-heading">
            <h2 id="breakdown-heading">"By segment"</h2>
            <p class="field">
                <label>"Break down by"
                    <select on:change=move |ev| by.set(event_target_value(&ev))>
                        <option value="">"(choose)"</option>
                        <option value="verified">"verified or not"</option>
                        {move || segments().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </p>
            {move || breakdown.with(|b| (!by.get().is_empty() && !b.is_null()).then(|| view! { <Breakdown breakdown=b.clone()/> }))}
        </section>
    }
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

/// The NPS of each bucket as a line with its 95% band; gaps where a bucket shows nothing.
#[component]
fn TrendChart(trend: Value, question: Option<String>) -> impl IntoView {
    let points = trend["points"].as_array().cloned().unwrap_or_default();
    let Some(question) = question else {
        return view! { <p class="muted">"The trend follows the survey's NPS question; this survey has none."</p> }
            .into_any();
    };
    let nps = |p: &Value| -> Option<Value> {
        p["results"]["questions"]
            .as_array()
            .and_then(|qs| qs.iter().find(|q| q["question"] == question.as_str()))
            .cloned()
    };
    let series: Vec<(String, Option<u64>, TrendPoint)> = points
        .iter()
        .map(|p| {
            let q = nps(p);
            let score = q.as_ref().and_then(|q| q["score"].as_f64());
            let interval = q.as_ref().and_then(|q| {
                q["interval"].as_array().map(|i| [i[0].as_f64().unwrap_or(0.0), i[1].as_f64().unwrap_or(0.0)])
            });
            (
                p["start"].as_str().unwrap_or_default().to_owned(),
                p["results"]["responses"].as_u64(),
                TrendPoint { score, interval },
            )
        })
        .collect();
    let height = 200.0;
    let drawn = charts::trend(&series.iter().map(|(_, _, p)| *p).collect::<Vec<_>>(), height);
    let shown = series.iter().filter(|(_, _, p)| p.score.is_some()).count();
    let label = format!("NPS over time: {shown} of {} periods have enough responses to show", series.len());
    view! {
        <figure class="chart">
            <svg class="trend" viewBox=format!("-40 -10 {} {}", WIDTH + 60.0, height + 30.0) role="img" aria-label=label.clone()>
                <line class="axis" x1="0" x2=WIDTH.to_string() y1=format!("{}", height / 2.0) y2=format!("{}", height / 2.0)></line>
                <text x="-36" y="4">"+100"</text><text x="-20" y=format!("{}", height / 2.0 + 4.0)>"0"</text><text x="-36" y=format!("{}", height + 4.0)>"−100"</text>
                <path class="band" d=drawn.band></path>
                <path class="line" d=drawn.line></path>
                {drawn.dots.into_iter().map(|(x, y)| view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="5"></circle> }).collect_view()}
            </svg>
            <figcaption class="muted">{label}</figcaption>
            <table class="data sr-only">
                <thead><tr><th scope="col">"From"</th><th scope="col">"Responses"</th><th scope="col">"NPS"</th><th scope="col">"95% interval"</th></tr></thead>
                <tbody>
                    {series.into_iter().map(|(start, responses, p)| view! {
                        <tr>
                            <th scope="row">{start}</th>
                            <td>{responses.map(|n| n.to_string()).unwrap_or_else(|| "too few to show".into())}</td>
                            <td>{p.score.map(charts::signed).unwrap_or_default()}</td>
                            <td>{p.interval.map(|[l, h]| format!("{} to {}", charts::signed(l), charts::signed(h))).unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
    .into_any()
}

/// Each group of a segment: its responses and NPS, or that it is too small to show.
#[component]
fn Breakdown(breakdown: Value) -> impl IntoView {
    let groups = breakdown["groups"].as_array().cloned().unwrap_or_default();
    view! {
        <table class="data">
            <thead><tr><th scope="col">"Group"</th><th scope="col">"Responses"</th><th scope="col">"NPS"</th></tr></thead>
            <tbody>
                {groups.into_iter().map(|g| {
                    let name = g["value"].as_str().map(str::to_owned).unwrap_or_else(|| "(not set)".into());
                    let r = &g["results"];
                    let nps = r["questions"].as_array().and_then(|qs| qs.iter().find(|q| q["kind"] == "nps")).and_then(|q| q["score"].as_f64());
                    if r["hidden"] == true {
                        view! { <tr><th scope="row">{name}</th><td colspan="2" class="muted">{format!("fewer than {} (or would reveal a smaller group)", r["fewer_than"])}</td></tr> }.into_any()
                    } else {
                        view! { <tr><th scope="row">{name}</th><td>{count(&r["responses"])}</td><td>{nps.map(charts::signed).unwrap_or_default()}</td></tr> }.into_any()
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
