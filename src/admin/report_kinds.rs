//! The charts of the kinds the server renders alone: a ranking's mean places and the places
//! each item was put at, and dates by month.

use super::charts::{self, WIDTH};
use super::page_words::{fill, PageWords};
use super::report::{bars_view, matrix_table};
use leptos::prelude::*;

/// A ranking: a bar per item, longer the nearer first it was put on average (to four fifths of
/// the width, leaving room for the words after it), with its mean
/// place; then how many put each item at each place.
pub(super) fn ranking_chart(
    places: &[(hearback_core::Slug, Vec<u64>)],
    means: &[Option<f64>],
    w: &PageWords,
) -> impl IntoView {
    let items = places.len() as f64;
    let best = means.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let first: Vec<String> = places
        .iter()
        .zip(means)
        .filter(|(_, mean)| mean.is_some_and(|m| m == best))
        .map(|(item, _)| item.0.to_string())
        .collect();
    let headline =
        if first.is_empty() { w.no_answers.to_owned() } else { fill(w.ranked_first, &[("list", &first.join(", "))]) };
    let bars = places
        .iter()
        .zip(means)
        .map(|((item, _), mean)| {
            let (shown, width) = match mean {
                Some(m) => (fill(w.mean_place, &[("m", &w.number(*m, 1))]), (items + 1.0 - m) / items * WIDTH * 0.8),
                None => ("–".to_owned(), 0.0),
            };
            (item.to_string(), shown, width)
        })
        .collect();
    let table = places
        .iter()
        .map(|(item, counts)| {
            let counts = counts.iter().zip(1..).map(|(n, place): (&u64, u32)| (format!("{place}."), *n)).collect();
            (item.to_string(), counts)
        })
        .collect();
    view! { {bars_view(headline, bars)}{matrix_table(table)} }
}

/// Dates: a bar per month, the span of months as the headline.
pub(super) fn dates_chart(months: &[(String, u64)], w: &PageWords) -> impl IntoView {
    let headline = match (months.first(), months.last()) {
        (Some((first, _)), Some((last, _))) => fill(w.dates_span, &[("first", first), ("last", last)]),
        _ => w.no_answers.to_owned(),
    };
    let counts: Vec<u64> = months.iter().map(|(_, n)| *n).collect();
    let widths = charts::bar_widths(&counts);
    let bars = months.iter().zip(widths).map(|((month, n), width)| (month.clone(), n.to_string(), width));
    bars_view(headline, bars.collect())
}
