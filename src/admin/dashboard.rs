//! The results dashboard: the same numbers for editors and executives (viewers read it too),
//! under the server's privacy rules. Charts are SVG drawn here (no chart library); each has a
//! table beside it for screen readers and print, and a short caption that says the key number.

use super::api;
use super::charts::{self, TrendPoint, WIDTH};
use super::i18n::*;
use super::page_words::{fill, page_words};
use super::pages::Loaded;
use super::report::QuestionChart;
use super::words::{direction, ReadingSwitch};
use hearback_api::results::{Breakdown as BreakdownBody, ResultsBody, Shown, Trend};
use hearback_api::survey::SurveyView;
use hearback_core::kind::Kind;
use hearback_core::text::RawText;
use hearback_core::{QuestionResult, Results};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A text of the definition in a language, else in its default language.
fn text_of(text: &RawText, language: &str, default: &str) -> String {
    match text {
        RawText::One(text) => text.clone(),
        RawText::PerLanguage(texts) => texts
            .get(language)
            .or_else(|| texts.get(default))
            .or_else(|| texts.values().next())
            .cloned()
            .unwrap_or_default(),
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
    let i18n = use_i18n();
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
    let title = move || {
        survey().map(|s| text_of(&s.definition.title, &default_language(), &default_language())).unwrap_or_default()
    };
    let prompt = move |question: &str, language: &str| {
        let survey = survey();
        let q = survey.as_ref().and_then(|s| s.definition.questions.iter().find(|q| q.id == question));
        q.map(|q| text_of(&q.prompt, language, &default_language())).unwrap_or_default()
    };
    let labels = move |question: &str, language: &str| -> super::report::Labels {
        let survey = survey();
        let q = survey.as_ref().and_then(|s| s.definition.questions.iter().find(|q| q.id == question));
        let choices = q.and_then(|q| q.choices.as_ref()).map(Vec::as_slice).unwrap_or_default();
        choices.iter().map(|c| (c.id.clone(), text_of(&c.label, language, &default_language()))).collect()
    };
    // The charts' words and the questions in the language the member reads them in.
    let reading = RwSignal::new(i18n.get_locale_untracked().as_str().to_owned());
    let segments = move || shown().map(|r| r.segments).unwrap_or_default();
    let privacy = move || shown().map(|r| r.privacy).unwrap_or_default();
    let nps_question = move || {
        let numbers = shown().and_then(|r| r.shown.numbers().cloned())?;
        numbers.questions.iter().find(|q| q.kind == Kind::Nps).map(|q| q.question.to_string())
    };

    view! {
        <h1>{move || fill(t_string!(i18n, dashboard.results_of), &[("title", &title())])}</h1>
        <p><a href=move || format!("/admin/surveys/{}", id())>{t!(i18n, dashboard.the_survey)}</a>" · "<a href=move || format!("/admin/surveys/{}/plans", id())>{t!(i18n, dashboard.action_plans)}</a></p>
        <form class="row filters" on:submit=apply aria-label=move || t_string!(i18n, dashboard.filters)>
            <p class="field"><label>{t!(i18n, dashboard.from)} <input type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label></p>
            <p class="field"><label>{t!(i18n, dashboard.to)} <input type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label></p>
            <p class="field">
                <label>{t!(i18n, dashboard.segment)}
                    <select on:change=move |ev| attribute.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, dashboard.everyone)}</option>
                        {move || segments().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </p>
            <p class="field"><label>{t!(i18n, dashboard.value)} <input prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/></label></p>
            <p class="field check"><label><input type="checkbox" on:change=move |ev| verified.set(event_target_checked(&ev))/>{t!(i18n, dashboard.verified_only)}</label></p>
            <button type="submit">{t!(i18n, dashboard.apply)}</button>
        </form>
        <p class="hint">{move || fill(t_string!(i18n, dashboard.privacy), &[("k", &(privacy().k)), ("comment_k", &(privacy().comment_k))])}</p>
        <Loaded>
            {move || results.get().map(|read| read.map(|body| match body.shown {
                Shown::Hidden(hidden) => view! {
                    <section class="empty" aria-live="polite">
                        <h2>{t!(i18n, dashboard.fewer_than, n = hidden.fewer_than)}</h2>
                        <p>{t!(i18n, dashboard.numbers_appear_once_enough_people)}</p>
                    </section>
                }.into_any(),
                Shown::Numbers(numbers) => {
                    let rate = numbers.completion_rate.map(charts::percent).unwrap_or_default();
                    view! {
                        <p class="summary">
                            {t!(i18n, dashboard.counts, responses = numbers.results.responses, finished = numbers.results.completed, rate, <b> = |children: ChildrenFn| view! { <strong>{children()}</strong> })}
                        </p>
                    }.into_any()
                }
            }))}
        </Loaded>
        <section aria-labelledby="trend-heading">
            <h2 id="trend-heading">{t!(i18n, dashboard.over_time)}</h2>
            <p class="field">
                <label>{t!(i18n, dashboard.each_point_is_a)}
                    <select on:change=move |ev| bucket.set(event_target_value(&ev))>
                        <option value="day">{t!(i18n, dashboard.day)}</option>
                        <option value="week" selected>{t!(i18n, dashboard.week)}</option>
                        <option value="month">{t!(i18n, dashboard.month)}</option>
                    </select>
                </label>
            </p>
            <Loaded>
                {move || trend.get().map(|read| read.map(|trend| view! { <TrendChart trend question=nps_question()/> }))}
            </Loaded>
        </section>
        <ReadingSwitch reading/>
        <div class="reading" lang=move || reading.get() dir=move || direction(&reading.get())>
            {move || {
                let language = reading.get();
                provide_context(page_words(&language));
                shown().and_then(|body| body.shown.numbers().cloned()).map(|results| {
                    results.questions.into_iter().map(|q| {
                        let id = q.question.to_string();
                        view! { <QuestionChart question=q prompt=prompt(&id, &language) labels=labels(&id, &language)/> }
                    }).collect_view()
                })
            }}
        </div>
        <section aria-labelledby="breakdown-heading">
            <h2 id="breakdown-heading">{t!(i18n, dashboard.by_segment)}</h2>
            <p class="field">
                <label>{t!(i18n, dashboard.break_down_by)}
                    <select on:change=move |ev| by.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, dashboard.choose)}</option>
                        <option value="verified">{t!(i18n, dashboard.verified_or_not)}</option>
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
    let i18n = use_i18n();
    let Some(question) = question else {
        return view! { <p class="muted">{t!(i18n, dashboard.the_trend_follows_the_survey)}</p> }.into_any();
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
    let label = fill(t_string!(i18n, dashboard.trend_label), &[("shown", &shown), ("periods", &series.len())]);
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
                <thead><tr><th scope="col">{t!(i18n, dashboard.from)}</th><th scope="col">{t!(i18n, dashboard.responses_2)}</th><th scope="col">{t!(i18n, dashboard.nps)}</th><th scope="col">{t!(i18n, dashboard.n_95_interval)}</th></tr></thead>
                <tbody>
                    {series.into_iter().map(|(start, responses, p)| view! {
                        <tr>
                            <th scope="row">{start}</th>
                            <td>{responses.map(|n| n.to_string()).unwrap_or_else(|| t_string!(i18n, dashboard.too_few_to_show).into())}</td>
                            <td>{p.score.map(charts::signed).unwrap_or_default()}</td>
                            <td>{p.interval.map(|[l, h]| fill(t_string!(i18n, dashboard.interval), &[("low", &(charts::signed(l))), ("high", &(charts::signed(h)))])).unwrap_or_default()}</td>
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
    let i18n = use_i18n();
    view! {
        <table class="data">
            <thead><tr><th scope="col">{t!(i18n, dashboard.group)}</th><th scope="col">{t!(i18n, dashboard.responses_2)}</th><th scope="col">{t!(i18n, dashboard.nps)}</th></tr></thead>
            <tbody>
                {breakdown.groups.into_iter().map(|g| {
                    let name = g.value.unwrap_or_else(|| t_string!(i18n, dashboard.not_set).into());
                    match g.results {
                        Shown::Hidden(hidden) => view! { <tr><th scope="row">{name}</th><td colspan="2" class="muted">{t!(i18n, dashboard.group_hidden, n = hidden.fewer_than)}</td></tr> }.into_any(),
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
