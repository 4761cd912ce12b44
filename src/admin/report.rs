//! The results as pages are made of them, drawn from the contract's bodies: one question's
//! chart ([`QuestionChart`], also the dashboard's) and a whole publication ([`PublicView`]: the
//! public page `/r/{survey}` and the editors' preview of it). Plain views without network calls,
//! so the server renders these same components for the public page's first paint and the admin
//! app renders them in the browser.

use super::charts::{self, initials, WIDTH};
use super::page_words::{fill, PageWords};
use super::report_kinds::{dates_chart, ranking_chart};
use hearback_api::publication::{FollowUpView, PagePlan, PublishedPage};
use hearback_api::results::Shown;
use hearback_api::translation::{text_key, TextKind};
use hearback_core::plan::Theme;
use hearback_core::{NpsTally, QuestionResult, QuestionTally, ScaleTally};
use leptos::prelude::*;

/// Slug or text pairs as plain strings.
fn named<T: ToString>(pairs: &[(T, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(name, n)| (name.to_string(), *n)).collect()
}

/// A question's choices by id, each with its label (as the survey names it).
pub type Labels = Vec<(String, String)>;

/// Counts by id, each named by its label when the survey gives one.
fn labelled<T: ToString>(pairs: &[(T, u64)], labels: &Labels) -> Vec<(String, u64)> {
    named(pairs)
        .into_iter()
        .map(|(id, n)| (labels.iter().find(|(i, _)| *i == id).map_or(id, |(_, label)| label.clone()), n))
        .collect()
}

/// One question's numbers, drawn the way its kind reads best.
#[component]
pub fn QuestionChart(question: QuestionTally, prompt: String, #[prop(optional)] labels: Labels) -> impl IntoView {
    // The reader's language on the public page; the one a member reads in, in the app.
    let w = use_context::<PageWords>().unwrap_or(PageWords::ENGLISH);
    let answered = question.answered;
    let heading = if prompt.is_empty() { question.question.to_string() } else { prompt };
    let body = match &question.result {
        QuestionResult::Nps(nps) => nps_chart(nps, &w).into_any(),
        QuestionResult::Scale(scale) => scale_chart(scale, &w).into_any(),
        QuestionResult::Choices { counts, other, .. } => choice_chart(labelled(counts, &labels), *other, &w).into_any(),
        QuestionResult::Matrix { rows } => {
            matrix_table(rows.iter().map(|(row, counts)| (row.to_string(), named(counts))).collect()).into_any()
        }
        QuestionResult::Text { comments, words, phrases } => {
            words_list(*comments, named(words), named(phrases), &w).into_any()
        }
        QuestionResult::Consent { given } => view! { <p>{fill(w.agreed, &[("n", given)])}</p> }.into_any(),
        QuestionResult::Ranking { places, mean_places } => ranking_chart(places, mean_places, &w).into_any(),
        QuestionResult::Dates { months } => dates_chart(months, &w).into_any(),
    };
    view! {
        <figure class="chart">
            <figcaption><strong dir="auto">{heading}</strong>" "<span class="muted">{fill(w.chart_answered, &[("n", &answered), ("d", &question.dropped_off)])}</span></figcaption>
            {body}
        </figure>
    }
}

fn nps_chart(q: &NpsTally, w: &PageWords) -> impl IntoView {
    let parts = charts::nps_parts(q.detractors, q.passives, q.promoters);
    let headline = match (q.score, q.interval) {
        (Some(s), Some([low, high])) => fill(
            w.nps_interval,
            &[("s", &charts::signed(s)), ("low", &charts::signed(low)), ("high", &charts::signed(high))],
        ),
        (Some(s), None) => format!("NPS {}", charts::signed(s)),
        _ => w.no_answers.to_owned(),
    };
    let w = *w;
    let rows = parts.clone();
    view! {
        <p class="headline">{headline.clone()}</p>
        <svg class="nps" viewBox=format!("0 0 {WIDTH} 36") role="img" aria-label=headline preserveAspectRatio="none">
            {parts.into_iter().enumerate().map(|(i, p)| view! {
                <rect class=format!("part-{i}") x=format!("{:.1}", p.x) y="0" width=format!("{:.1}", p.width) height="36"></rect>
            }).collect_view()}
        </svg>
        <table class="data">
            <caption class="sr-only">{w.nps_caption}</caption>
            <tbody>
                {rows.into_iter().enumerate().map(|(i, p)| view! {
                    <tr><th scope="row"><span class=format!("key part-{i}")></span>{w.nps_part(i)}</th><td>{p.count}</td><td>{w.percent(p.share)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn scale_chart(q: &ScaleTally, w: &PageWords) -> impl IntoView {
    let min = u64::from(q.min);
    let distribution = &q.distribution;
    let widths = charts::bar_widths(distribution);
    let mut facts = Vec::new();
    if let Some(mean) = q.mean {
        facts.push(fill(w.mean, &[("m", &w.number(mean, 2))]));
    }
    if let Some(median) = q.median {
        facts.push(fill(w.median, &[("m", &median.to_string().replace('.', w.decimal))]));
    }
    if let Some(satisfied) = q.satisfied {
        facts.push(fill(w.satisfied, &[("p", &w.percent(satisfied))]));
    }
    let headline = if facts.is_empty() { w.no_answers.to_owned() } else { facts.join(" · ") };
    let bars: Vec<(String, String, f64)> = distribution
        .iter()
        .zip(&widths)
        .enumerate()
        .map(|(i, (n, w))| ((min + i as u64).to_string(), n.to_string(), *w))
        .collect();
    bars_view(headline, bars)
}

fn choice_chart(counts: Vec<(String, u64)>, other: Option<u64>, w: &PageWords) -> impl IntoView {
    let mut bars: Vec<(String, u64)> = counts;
    if let Some(other) = other {
        bars.push(("other".into(), other));
    }
    let widths = charts::bar_widths(&bars.iter().map(|(_, n)| *n).collect::<Vec<_>>());
    let top = bars.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let most: Vec<&str> = bars.iter().filter(|(_, n)| top > 0 && *n == top).map(|(id, _)| id.as_str()).collect();
    let headline =
        if most.is_empty() { w.no_answers.to_owned() } else { fill(w.most_chosen, &[("list", &most.join(", "))]) };
    bars_view(headline, bars.into_iter().zip(widths).map(|((label, n), w)| (label, n.to_string(), w)).collect())
}

/// Horizontal bars with their labels and what each stands for, and the same as a table.
pub(super) fn bars_view(headline: String, bars: Vec<(String, String, f64)>) -> impl IntoView {
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

pub(super) fn matrix_table(rows: Vec<(String, Vec<(String, u64)>)>) -> impl IntoView {
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

fn words_list(comments: u64, words: Vec<(String, u64)>, phrases: Vec<(String, u64)>, w: &PageWords) -> impl IntoView {
    let shown = !words.is_empty() || !phrases.is_empty();
    let w = *w;
    view! {
        <p class="headline">{fill(w.comments, &[("n", &comments)])}</p>
        {if shown {
            view! {
                <div class="words">
                    <ul aria-label=w.frequent_words>{words.into_iter().map(|(word, n)| view! { <li dir="auto">{word}" "<span class="muted">{n}</span></li> }).collect_view()}</ul>
                    <ul aria-label=w.frequent_phrases>{phrases.into_iter().map(|(phrase, n)| view! { <li dir="auto">{phrase}" "<span class="muted">{n}</span></li> }).collect_view()}</ul>
                </div>
            }.into_any()
        } else {
            view! { <p class="muted">{w.words_wait}</p> }.into_any()
        }}
    }
}

/// A publication as its readers see it. What the company wrote keeps its own direction
/// (`dir="auto"`, `<bdi>`) and dates read left to right, so English plans stay readable on an
/// Arabic page and Arabic ones on an English page.
#[component]
pub fn PublicView(
    page: PublishedPage,
    /// What a plan shows besides what the company wrote, given the plan's id and its owner's
    /// name: in the app, to a reader who answered the survey, their replies and a form to reply.
    #[prop(default = None)]
    plan_extra: Option<Callback<(String, String), AnyView>>,
) -> impl IntoView {
    let PublishedPage { survey, title, questions, summary, results, plans, quotes, last_updated, followed_up, .. } =
        page.clone();
    // The reader's language, when the server gives it; the one a member reads in, in the app.
    let w = use_context::<PageWords>().unwrap_or(PageWords::ENGLISH);
    let texts = {
        let questions = questions.clone();
        move |id: &str| -> (String, Labels) {
            let q = questions.iter().find(|q| q.id == id);
            let labels = q.map(|q| q.choices.iter().map(|c| (c.id.clone(), c.label.clone())).collect());
            (q.map_or(id, |q| q.prompt.as_str()).to_owned(), labels.unwrap_or_default())
        }
    };
    let prompt = move |id: &str| questions.iter().find(|q| q.id == id).map_or(id, |q| q.prompt.as_str()).to_owned();
    // A text the company wrote but did not translate into the page's language is shown as written:
    // marked in its own language (for screen readers) and said under it.
    let written_in = page.languages.first().cloned().unwrap_or_default();
    let untranslated = page.untranslated.clone();
    let as_written = Untranslated(std::sync::Arc::new(move |kind, subject: &str| {
        untranslated.contains(&text_key(kind, subject)).then(|| written_in.clone())
    }));
    let summary_as_written = as_written.of(TextKind::Summary, &survey);
    let updated = charts::date(last_updated);
    let (prompt_for_plans, results_for_plans) = (prompt.clone(), results.clone());
    view! {
        <header class="public-head">
            <p class="muted">{w.kicker}</p>
            <h1 dir="auto">{title}</h1>
            <p class="muted">{w.last_updated}" "<time dir="ltr">{updated}</time>" · "<a href=format!("/r/{survey}/feed.atom?lang={}", page.language)>{w.feed}</a></p>
        </header>
        <section aria-labelledby="summary-heading">
            <h2 id="summary-heading">{w.heard_heading}</h2>
            {summary.split("\n\n").map(|p| view! { <p class="summary-text" dir="auto" lang=summary_as_written.clone()>{p.to_owned()}</p> }).collect_view()}
            {note(&summary_as_written, &w)}
            {followed_up.map(|f| view! { <p class="followed-up">{fill(w.followed_up,
                &[("n", &f.customers), ("days", &f.days), ("hours", &f.median_first_contact_hours)])}</p> })}
        </section>
        <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">{w.plans_heading}</h2>
            {if plans.is_empty() {
                view! { <p class="muted">{w.no_plans}</p> }.into_any()
            } else {
                plans.into_iter().map(|plan| plan_view(plan, &prompt_for_plans, &results_for_plans, plan_extra, &as_written, &w)).collect_view().into_any()
            }}
        </section>
        {(!quotes.is_empty()).then(|| view! {
            <section aria-labelledby="quotes-heading">
                <h2 id="quotes-heading">{w.quotes_heading}</h2>
                {quotes.into_iter().map(|q| view! { <blockquote class="quote" dir="auto">{q}</blockquote> }).collect_view()}
            </section>
        })}
        {members_view(&page, texts.clone())}
        <section aria-labelledby="numbers-heading">
            <h2 id="numbers-heading">{w.numbers_heading}</h2>
            {numbers(&results, &texts, |under| fill(w.too_few, &[("n", &under)]), |n| fill(w.answered, &[("n", &n)]))}
        </section>
    }
}

/// Which of the company's texts the page shows as written, for want of a translation: the
/// language it is written in, by kind and subject.
#[derive(Clone)]
struct Untranslated(std::sync::Arc<dyn Fn(TextKind, &str) -> Option<String> + Send + Sync>);

impl Untranslated {
    fn of(&self, kind: TextKind, subject: &str) -> Option<String> {
        (self.0)(kind, subject)
    }
}

/// "Not yet translated", under a text shown as written.
fn note(written_in: &Option<String>, w: &PageWords) -> Option<impl IntoView> {
    let said = w.untranslated;
    written_in.as_ref().map(|_| view! { <small class="untranslated">" "{said}</small> })
}

/// One plan of a publication: what was heard and from where, what will be done, by whom and
/// when, its timeline and follow-up, and what the page adds under it.
fn plan_view(
    plan: PagePlan,
    prompt: &impl Fn(&str) -> String,
    results: &Shown,
    plan_extra: Option<Callback<(String, String), AnyView>>,
    as_written: &Untranslated,
    w: &PageWords,
) -> impl IntoView {
    let w = *w;
    let (heard_in, will_do_in) = (as_written.of(TextKind::Heard, &plan.id), as_written.of(TextKind::WillDo, &plan.id));
    let follow_up_in = as_written.of(TextKind::FollowUp, &plan.id);
    let status = plan.status.as_str();
    let owner = plan.owner.name.clone();
    let role = w.role(plan.owner.role.map(|r| r.as_str()));
    let linked: Vec<String> = plan.questions.iter().map(|q| prompt(q)).collect();
    let about: Vec<String> = plan
        .themes
        .iter()
        .map(|Theme { question, term }| match charts::theme_count(results, question, term) {
            Some(count) => fill(w.theme_comments, &[("term", term), ("n", &count)]),
            None => format!("“{term}”"),
        })
        .collect();
    let follow_up = plan.follow_up.map(|f| follow_up_view(f, follow_up_in, &w));
    let extra = plan_extra.map(|extra| extra.run((plan.id.clone(), owner.clone())));
    let updates = plan.updates;
    view! {
        <article class="plan">
            <p class=format!("badge status-{status}")>{w.status(status)}</p>
            <h3 dir="auto" lang=will_do_in.clone()>{plan.will_do}</h3>
            {note(&will_do_in, &w)}
            <p><strong>{w.we_heard}" "</strong><bdi lang=heard_in.clone()>{plan.heard}</bdi>{note(&heard_in, &w)}</p>
            {(!linked.is_empty()).then(|| view! { <p class="linked">{w.from_answers}" "{linked.join("; ")}</p> })}
            {(!about.is_empty()).then(|| view! { <p class="linked">{w.from_comments}" "{about.join(", ")}</p> })}
            {plan.reason.map(|r| view! { <p><strong>{w.why_not}" "</strong><bdi>{r}</bdi></p> })}
            <p class="owner">
                <span class="avatar" aria-hidden="true">{initials(&owner)}</span>
                <span><bdi>{owner.clone()}</bdi>", "{role}" · "{w.due}" "<time dir="ltr">{plan.due}</time></span>
            </p>
            {(!updates.is_empty()).then(|| view! {
                <ol class="timeline" aria-label=w.updates>
                    {updates.into_iter().map(|u| {
                        let moved = u.status.map(|s| format!(" → {}", w.status(s.as_str()))).unwrap_or_default();
                        let body_in = as_written.of(TextKind::Update, &u.id);
                        view! { <li><time class="muted" dir="ltr">{charts::date(u.created_at)}</time>" "<strong><bdi>{u.author}</bdi></strong>{moved}": "<bdi lang=body_in.clone()>{u.body}</bdi>{note(&body_in, &w)}</li> }
                    }).collect_view()}
                </ol>
            })}
            {plan.cases.map(|n| view! { <p class="linked">{fill(w.cases_led, &[("n", &n)])}</p> })}
            {follow_up}
            {extra}
        </article>
    }
}

/// "Did this fix it?": the question asked again, and the score before and after once both
/// groups are large enough.
fn follow_up_view(follow_up: FollowUpView, prompt_in: Option<String>, w: &PageWords) -> impl IntoView {
    let compared = match (&follow_up.before, &follow_up.after) {
        (Some(before), Some(after)) => fill(
            w.before_after,
            &[
                ("before", &charts::tally_headline(before, w)),
                ("b", &before.answered),
                ("after", &charts::tally_headline(after, w)),
                ("a", &after.answered),
            ],
        ),
        _ => fill(w.follow_up_wait, &[("n", &follow_up.fewer_than)]),
    };
    view! {
        <div class="follow-up">
            <p><strong>{w.did_it_fix}" "</strong><bdi lang=prompt_in.clone()>{follow_up.prompt}</bdi>{note(&prompt_in, w)}</p>
            <p class="compared">{compared}</p>
        </div>
    }
}

/// Results as charts, one per question, or why there are none: `hidden` says it given the
/// threshold they are under, `counted` introduces them given how many answered.
fn numbers(
    results: &Shown,
    texts: &impl Fn(&str) -> (String, Labels),
    hidden: impl Fn(u64) -> String,
    counted: impl Fn(u64) -> String,
) -> AnyView {
    match results {
        Shown::Hidden(h) => view! { <p>{hidden(h.fewer_than)}</p> }.into_any(),
        Shown::Numbers(numbers) => {
            let results = &numbers.results;
            view! {
                <p class="summary">{counted(results.responses)}</p>
                {results.questions.iter().cloned().map(|q| {
                    let (prompt, labels) = texts(&q.question.to_string());
                    view! { <QuestionChart question=q prompt labels/> }
                }).collect_view()}
            }
            .into_any()
        }
    }
}

/// For the organisation's members (the executives' view): the numbers as they are now, every
/// comment, and the way to the segments.
fn members_view(page: &PublishedPage, texts: impl Fn(&str) -> (String, Labels) + 'static) -> Option<impl IntoView> {
    let live = page.live.clone()?;
    let comments = page.comments.clone().unwrap_or_default();
    let dashboard = page.dashboard.clone().unwrap_or_default();
    Some(view! {
        <section class="members-view" aria-labelledby="members-heading">
            <h2 id="members-heading">"For our organisation: the numbers now"</h2>
            <p class="muted">"Only members see this part. "<a href=dashboard>"Segments, filters and trends: the results dashboard"</a></p>
            {numbers(&live, &texts, |under| format!("Fewer than {under} people answered so far."), |n| format!("{n} people answered so far."))}
            {(!comments.is_empty()).then(|| view! {
                <details class="comments">
                    <summary>{format!("Every comment ({}, newest first)", comments.len())}</summary>
                    <ul>{comments.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    })
}
