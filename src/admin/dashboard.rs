//! The results dashboard: the same numbers for editors and executives (viewers read it too),
//! under the server's privacy rules. Charts are SVG drawn here (no chart library); each has a
//! table beside it for screen readers and print, and a short caption that says the key number.

use super::api;
use super::charts::{self, TrendPoint, WIDTH};
use super::pages::Loaded;
use super::report::QuestionChart;
use hearback_api::results::{Breakdown as BreakdownBody, ResultsBody, Shown, Trend};
use hearback_api::survey::SurveyView;
use hearback_core::kind::Kind;
use hearback_core::text::RawText;
use hearback_core::{QuestionResult, Results};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A text of the definition in its default language.
fn text_of(text: &RawText, default: &str) -> String {
    match text {
        RawText::One(text) => text.clone(),
        RawText::PerLanguage(texts) => {
            texts.get(default).or_else(|| texts.values().next()).cloned().unwrap_or_default()
        }
    }
}

/// The score and interval of a survey's NPS question in some results, if they show it.
fn nps_of(results: &Results, question: Option<&str>) -> TrendPoint {
    let nps = results.questions.iter().find(|q| match question {
        Some(id) => q.question.as_str() == id,
        None => q.kind == Kind::Nps,
    });
    match nps.map(|q| &q.result) {
        Some(QuestionResult::Nps(nps)) => TrendPoint { score: nps.score, interval: nps.interval },
        _ => TrendPoint { score: None, interval: None },
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let version = RwSignal::new(0u32);
    let survey = api::resource::<SurveyView>(move || Some(format!("/admin/api/surveys/{}", id())), version);
    let survey = move || survey.get().and_then(Result::ok);

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
        query.set(parts.join("&"));
    };
    let results = api::resource::<ResultsBody>(
        move || Some(format!("/admin/api/surveys/{}/results?{}", id(), query.get())),
        version,
    );
    let bucket = RwSignal::new("week".to_owned());
    let trend = api::resource::<Trend>(
        move || Some(format!("/admin/api/surveys/{}/results/trend?bucket={}&{}", id(), bucket.get(), query.get())),
        version,
    );
    let by = RwSignal::new(String::new());
    let breakdown = api::resource::<BreakdownBody>(
        move || {
            (!by.get().is_empty())
                .then(|| format!("/admin/api/surveys/{}/results/breakdown?by={}&{}", id(), by.get(), query.get()))
        },
        version,
    );
    let shown = move || results.get().and_then(Result::ok);

    let default_language =
        move || survey().and_then(|s| s.definition.languages.first().cloned()).unwrap_or("en".into());
    let title = move || survey().map(|s| text_of(&s.definition.title, &default_language())).unwrap_or_default();
    let prompt = move |question: &str| {
        let survey = survey();
        let q = survey.as_ref().and_then(|s| s.definition.questions.iter().find(|q| q.id == question));
        q.map(|q| text_of(&q.prompt, &default_language())).unwrap_or_default()
    };
    let segments = move || shown().map(|r| r.segments).unwrap_or_default();
    let privacy = move || shown().map(|r| r.privacy).unwrap_or_default();
    let nps_question = move || {
        let numbers = shown().and_then(|r| r.shown.numbers().cloned())?;
        numbers.questions.iter().find(|q| q.kind == Kind::Nps).map(|q| q.question.to_string())
    };

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
        <p class="hint">{move || format!(
            "Privacy: a group of fewer than {} respondents shows no numbers, and neither does the next-smallest group beside it; words from comments need {} comments.",
            privacy().k, privacy().comment_k
        )}</p>
        <Loaded>
            {move || results.get().map(|read| read.map(|body| match body.shown {
                Shown::Hidden(hidden) => view! {
                    <section class="empty" aria-live="polite">
                        <h2>{format!("Fewer than {} responses", hidden.fewer_than)}</h2>
                        <p>"Numbers appear once enough people have answered, so that nobody's answers can be picked out. Share the survey, or widen the filters."</p>
                    </section>
                }.into_any(),
                Shown::Numbers(numbers) => {
                    let rate = numbers.completion_rate.map(charts::percent).unwrap_or_default();
                    view! {
                        <p class="summary">
                            <strong>{numbers.results.responses}</strong>" responses, "
                            <strong>{numbers.results.completed}</strong>" finished ("{rate}")"
                        </p>
                    }.into_any()
                }
            }))}
        </Loaded>
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
            <Loaded>
                {move || trend.get().map(|read| read.map(|trend| view! { <TrendChart trend question=nps_question()/> }))}
            </Loaded>
        </section>
        {move || shown().and_then(|body| body.shown.numbers().cloned()).map(|results| {
            results.questions.into_iter().map(|q| {
                let id = q.question.to_string();
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
            <Loaded quiet=true>
                {move || breakdown.get().map(|read| read.map(|breakdown| view! { <Breakdown breakdown/> }))}
            </Loaded>
        </section>
    }
}

/// The NPS of each bucket as a line with its 95% band; gaps where a bucket shows nothing.
#[component]
fn TrendChart(trend: Trend, question: Option<String>) -> impl IntoView {
    let Some(question) = question else {
        return view! { <p class="muted">"The trend follows the survey's NPS question; this survey has none."</p> }
            .into_any();
    };
    let series: Vec<(String, Option<u64>, TrendPoint)> = trend
        .points
        .into_iter()
        .map(|p| {
            let results = p.results.numbers();
            let point = results.map_or(TrendPoint { score: None, interval: None }, |r| nps_of(r, Some(&question)));
            (p.start, results.map(|r| r.responses), point)
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
fn Breakdown(breakdown: BreakdownBody) -> impl IntoView {
    view! {
        <table class="data">
            <thead><tr><th scope="col">"Group"</th><th scope="col">"Responses"</th><th scope="col">"NPS"</th></tr></thead>
            <tbody>
                {breakdown.groups.into_iter().map(|g| {
                    let name = g.value.unwrap_or_else(|| "(not set)".into());
                    match g.results {
                        Shown::Hidden(hidden) => view! { <tr><th scope="row">{name}</th><td colspan="2" class="muted">{format!("fewer than {} (or would reveal a smaller group)", hidden.fewer_than)}</td></tr> }.into_any(),
                        Shown::Numbers(numbers) => {
                            let nps = nps_of(&numbers.results, None).score;
                            view! { <tr><th scope="row">{name}</th><td>{numbers.results.responses}</td><td>{nps.map(charts::signed).unwrap_or_default()}</td></tr> }.into_any()
                        }
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
