//! The results dashboard: the same numbers for editors and executives (viewers read it too),
//! under the server's privacy rules. Charts are SVG drawn here (no chart library); each has a
//! table beside it for screen readers and print, and a short caption that says the key number.

use super::charts::{self, TrendPoint, WIDTH};
use super::pages::{load, Problem};
use super::report::{count, QuestionChart};
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
