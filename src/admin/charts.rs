//! The dashboard's charts as numbers and SVG paths, so their geometry is tested without a
//! browser: a stacked NPS bar, bars for distributions and choices, and a trend line with its
//! confidence band. The components in `dashboard.rs` draw these; each chart there also has a
//! table that screen readers (and printers) read.

use super::page_words::{fill, PageWords};
use hearback_api::results::Shown;
use hearback_core::kind::Kind;
use hearback_core::{QuestionResult, QuestionTally};

/// Width of the drawing area, in SVG user units; charts scale with the page.
pub const WIDTH: f64 = 600.0;

/// One part of a stacked bar: where it starts and how wide it is, in `WIDTH` units.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub label: &'static str,
    pub count: u64,
    /// Of the total, in %.
    pub share: f64,
    pub x: f64,
    pub width: f64,
}

/// The detractors, passives and promoters of an NPS question, left to right.
pub fn nps_parts(detractors: u64, passives: u64, promoters: u64) -> Vec<Part> {
    let total = (detractors + passives + promoters) as f64;
    let mut x = 0.0;
    [("Detractors", detractors), ("Passives", passives), ("Promoters", promoters)]
        .into_iter()
        .map(|(label, count)| {
            let share = if total > 0.0 { count as f64 * 100.0 / total } else { 0.0 };
            let width = share / 100.0 * WIDTH;
            let part = Part { label, count, share, x, width };
            x += width;
            part
        })
        .collect()
}

/// Bar lengths for counts, the largest filling `WIDTH`.
pub fn bar_widths(counts: &[u64]) -> Vec<f64> {
    let max = counts.iter().copied().max().unwrap_or(0);
    counts.iter().map(|&n| if max == 0 { 0.0 } else { n as f64 / max as f64 * WIDTH }).collect()
}

/// One point of a trend: a score and its interval, or nothing (a hidden or empty bucket).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub score: Option<f64>,
    pub interval: Option<[f64; 2]>,
}

/// A trend drawn `height` high, scores from −100 (bottom) to 100 (top).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendDrawing {
    /// The line, broken where a bucket shows nothing.
    pub line: String,
    /// The 95% band around each run of points.
    pub band: String,
    /// Each shown point, so that a lone one is seen too.
    pub dots: Vec<(f64, f64)>,
}

pub fn trend(points: &[TrendPoint], height: f64) -> TrendDrawing {
    let step = if points.len() > 1 { WIDTH / (points.len() - 1) as f64 } else { 0.0 };
    let x = |i: usize| if points.len() > 1 { i as f64 * step } else { WIDTH / 2.0 };
    let y = |score: f64| (100.0 - score.clamp(-100.0, 100.0)) / 200.0 * height;
    let mut line = String::new();
    let mut band = String::new();
    let mut run: Vec<(usize, [f64; 2])> = Vec::new();
    let close_band = |run: &mut Vec<(usize, [f64; 2])>, band: &mut String| {
        if run.is_empty() {
            return;
        }
        let upper = run.iter().map(|(i, [_, high])| format!("{:.1},{:.1}", x(*i), y(*high)));
        let lower = run.iter().rev().map(|(i, [low, _])| format!("{:.1},{:.1}", x(*i), y(*low)));
        band.push_str(&format!("M{}Z", upper.chain(lower).collect::<Vec<_>>().join("L")));
        run.clear();
    };
    let mut pen_down = false;
    let mut dots = Vec::new();
    for (i, point) in points.iter().enumerate() {
        match point.score {
            Some(score) => {
                dots.push((x(i), y(score)));
                line.push_str(&format!("{}{:.1},{:.1}", if pen_down { "L" } else { "M" }, x(i), y(score)));
                pen_down = true;
                run.push((i, point.interval.unwrap_or([score, score])));
            }
            None => {
                pen_down = false;
                close_band(&mut run, &mut band);
            }
        }
    }
    close_band(&mut run, &mut band);
    TrendDrawing { line, band, dots }
}

/// A score with its sign, as NPS is written: +40, −12, 0.
pub fn signed(score: f64) -> String {
    let rounded = score.round();
    if rounded > 0.0 {
        format!("+{rounded:.0}")
    } else if rounded < 0.0 {
        format!("−{:.0}", -rounded)
    } else {
        "0".into()
    }
}

/// A share in %, without decimals unless it is under 10.
pub fn percent(share: f64) -> String {
    if share > 0.0 && share < 10.0 {
        format!("{share:.1}%")
    } else {
        format!("{share:.0}%")
    }
}

/// Up to two initials of a name, for the owner's badge.
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).take(2).flat_map(char::to_uppercase).collect()
}

/// A time in milliseconds since 1970 as its UTC date.
pub fn date(millis: i64) -> String {
    hearback_core::trend::label(millis.div_euclid(86_400_000))
}

/// The headline number of a question in the results, when they are shown.
pub fn headline(results: &Shown, question: &str, w: &PageWords) -> Option<String> {
    let q = results.numbers()?.questions.iter().find(|q| q.question.as_str() == question)?;
    Some(tally_headline(q, w)).filter(|h| !h.is_empty())
}

/// The headline number of one question's results (empty before its first answer).
/// In the words of the page's language.
pub fn tally_headline(q: &QuestionTally, w: &PageWords) -> String {
    let headline = match (&q.result, q.kind) {
        (QuestionResult::Nps(nps), _) => nps.score.map(|s| format!("NPS {}", signed(s))),
        (QuestionResult::Scale(scale), Kind::Csat) => {
            scale.satisfied.map(|s| fill(w.satisfied, &[("p", &w.percent(s))]))
        }
        (QuestionResult::Scale(scale), _) => scale.mean.map(|m| fill(w.mean, &[("m", &w.number(m, 1))])),
        (QuestionResult::Text { comments, .. }, _) => Some(fill(w.comments, &[("n", comments)])),
        _ => Some(fill(w.answered, &[("n", &q.answered)])),
    };
    headline.unwrap_or_default()
}

/// The comment themes the results show (the most frequent words and phrases of each text
/// question, when there are enough comments): (question, term, comments using it).
pub fn themes(results: &Shown) -> Vec<(String, String, u64)> {
    let mut found = Vec::new();
    for q in results.numbers().into_iter().flat_map(|r| &r.questions) {
        if let QuestionResult::Text { words, phrases, .. } = &q.result {
            for (term, count) in phrases.iter().chain(words) {
                found.push((q.question.to_string(), term.clone(), *count));
            }
        }
    }
    found
}

/// How many comments to a question use a theme, when the results show it.
pub fn theme_count(results: &Shown, question: &str, term: &str) -> Option<u64> {
    themes(results).into_iter().find(|(q, t, _)| q == question && t == term).map(|(_, _, count)| count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Results of these questions as the server sends them, read back as the app reads them.
    fn shown(questions: serde_json::Value) -> Shown {
        let body = serde_json::json!({"survey": "s", "responses": 30, "completed": 30, "questions": questions,
                                      "completion_rate": 100.0, "hidden": false});
        serde_json::from_value(body).expect("results read back")
    }

    fn hidden() -> Shown {
        let body = serde_json::json!({"survey": "s", "hidden": true, "fewer_than": 5, "message": "fewer than 5"});
        serde_json::from_value(body).expect("hidden results read back")
    }

    #[test]
    fn an_nps_bar_is_split_in_proportion_from_the_left() {
        let parts = nps_parts(20, 30, 50);
        let xs: Vec<(f64, f64)> = parts.iter().map(|p| (p.x, p.width)).collect();
        assert_eq!(xs, [(0.0, 120.0), (120.0, 180.0), (300.0, 300.0)]);
        assert_eq!(parts[2].share, 50.0);
        assert!(nps_parts(0, 0, 0).iter().all(|p| p.width == 0.0 && p.share == 0.0), "nobody: no division by zero");
    }

    #[test]
    fn the_longest_bar_fills_the_width() {
        assert_eq!(bar_widths(&[1, 4, 2]), [150.0, 600.0, 300.0]);
        assert_eq!(bar_widths(&[0, 0]), [0.0, 0.0]);
        assert!(bar_widths(&[]).is_empty());
    }

    #[test]
    fn a_trend_breaks_where_a_bucket_is_hidden_and_its_band_follows_each_run() {
        let point = |score: f64, low: f64, high: f64| TrendPoint { score: Some(score), interval: Some([low, high]) };
        let gap = TrendPoint { score: None, interval: None };
        let drawn =
            trend(&[point(0.0, -50.0, 50.0), point(100.0, 80.0, 100.0), gap, point(-100.0, -100.0, -60.0)], 200.0);
        assert_eq!(drawn.line, "M0.0,100.0L200.0,0.0M600.0,200.0");
        assert_eq!(drawn.band, "M0.0,50.0L200.0,0.0L200.0,20.0L0.0,150.0ZM600.0,160.0L600.0,200.0Z");
        assert_eq!(drawn.dots, [(0.0, 100.0), (200.0, 0.0), (600.0, 200.0)]);
        assert_eq!(trend(&[gap, gap], 200.0), TrendDrawing { line: String::new(), band: String::new(), dots: vec![] });
        let lone = trend(&[point(50.0, 40.0, 60.0)], 200.0);
        assert_eq!((lone.line.as_str(), lone.dots[0]), ("M300.0,50.0", (300.0, 50.0)), "one point sits in the middle");
    }

    #[test]
    fn initials_and_headlines_read_as_people_expect() {
        assert_eq!(initials("Sam Exec"), "SE");
        assert_eq!(initials("ümit  özdemir kaya"), "ÜÖ");
        assert_eq!(initials(""), "");
        let results = shown(serde_json::json!([
            {"question": "recommend", "kind": "nps", "answered": 9, "dropped_off": 0,
             "promoters": 5, "passives": 1, "detractors": 3, "score": 31.4},
            {"question": "why", "kind": "long_text", "answered": 26, "dropped_off": 0,
             "comments": 26, "words": [], "phrases": []}]));
        let english = &PageWords::ENGLISH;
        assert_eq!(headline(&results, "recommend", english).as_deref(), Some("NPS +31"));
        assert_eq!(headline(&results, "why", english).as_deref(), Some("26 comments"));
        assert_eq!(headline(&hidden(), "recommend", english), None, "nothing under k");
        assert_eq!(date(86_400_000 * 20_783 + 5), "2026-11-26");
    }

    #[test]
    fn comment_themes_are_read_from_the_words_and_phrases_shown() {
        let results = shown(serde_json::json!([
            {"question": "recommend", "kind": "nps", "answered": 1, "dropped_off": 0,
             "promoters": 1, "passives": 0, "detractors": 0, "score": 100.0},
            {"question": "why", "kind": "long_text", "answered": 30, "dropped_off": 0, "comments": 30,
             "words": [["slow", 12], ["exports", 9]], "phrases": [["slow exports", 7]]}]));
        assert_eq!(
            themes(&results),
            [
                ("why".into(), "slow exports".into(), 7),
                ("why".into(), "slow".into(), 12),
                ("why".into(), "exports".into(), 9)
            ]
        );
        assert_eq!(theme_count(&results, "why", "slow"), Some(12));
        assert_eq!(theme_count(&results, "why", "fast"), None);
        assert!(themes(&hidden()).is_empty(), "nothing under k");
    }

    #[test]
    fn numbers_are_written_as_people_read_them() {
        assert_eq!((signed(40.2), signed(-12.6), signed(0.3)), ("+40".into(), "−13".into(), "0".into()));
        assert_eq!((percent(60.0), percent(4.25), percent(0.0)), ("60%".into(), "4.2%".into(), "0%".into()));
    }
}
