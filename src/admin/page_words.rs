//! The published results page's own words (its headings, the lines around plans and numbers),
//! in the widget's six languages: the server renders the public page in the reader's language by
//! giving [`PublicView`](super::report::PublicView) these as a context; the admin app gives the
//! language a member chose to read a survey's results and plans in. Plan statuses are the widget card's words (`loop_strings`), so a
//! status reads the same on the card and on the page.

/// The page's words in one language. `{n}`, `{days}`, `{hours}`, `{term}`, `{before}`, `{after}`,
/// `{b}` and `{a}` are filled in where they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWords {
    pub kicker: &'static str,
    pub last_updated: &'static str,
    pub feed: &'static str,
    pub heard_heading: &'static str,
    /// "… {n} of you in the last {days} days; … {hours} hours."
    pub followed_up: &'static str,
    pub plans_heading: &'static str,
    pub no_plans: &'static str,
    pub quotes_heading: &'static str,
    pub numbers_heading: &'static str,
    /// "Fewer than {n} people answered …"
    pub too_few: &'static str,
    /// "{n} people answered."
    pub answered: &'static str,
    pub we_heard: &'static str,
    pub from_answers: &'static str,
    pub from_comments: &'static str,
    /// "“{term}” ({n} comments)"
    pub theme_comments: &'static str,
    pub why_not: &'static str,
    pub due: &'static str,
    /// Roles, `|`-separated: owner, editor, viewer, former member.
    pub roles: &'static str,
    pub updates: &'static str,
    /// "{n} customers' conversations … led to this plan."
    pub cases_led: &'static str,
    pub did_it_fix: &'static str,
    /// "Before: {before} ({b} answers) · After: {after} ({a} answers)"
    pub before_after: &'static str,
    /// "The answers show once at least {n} people have answered …"
    pub follow_up_wait: &'static str,
    /// The name of the language switch.
    pub languages: &'static str,
    /// Plan statuses, `|`-separated: planned, in progress, done, won't do.
    pub statuses: &'static str,
    /// Under a chart's question: "{n} answered · dropped off here: {d}"
    pub chart_answered: &'static str,
    /// "NPS {s} (95% interval {low} to {high})"
    pub nps_interval: &'static str,
    pub no_answers: &'static str,
    pub nps_caption: &'static str,
    /// `|`-separated: detractors, passives, promoters.
    pub nps_parts: &'static str,
    /// "mean {m}"
    pub mean: &'static str,
    /// "median {m}"
    pub median: &'static str,
    /// "{p} satisfied (4 or 5)"
    pub satisfied: &'static str,
    /// "Most chosen: {list}"
    pub most_chosen: &'static str,
    /// "{n} comments"
    pub comments: &'static str,
    pub frequent_words: &'static str,
    pub frequent_phrases: &'static str,
    pub words_wait: &'static str,
    /// "{n} agreed"
    pub agreed: &'static str,
    /// A ranking's headline: "Ranked first on average: {list}"
    pub ranked_first: &'static str,
    /// "mean place {m}" (1 is first)
    pub mean_place: &'static str,
    /// Dates' headline: "From {first} to {last}"
    pub dates_span: &'static str,
    /// The decimal separator.
    pub decimal: &'static str,
    /// A percentage: "{p}%" or "{p} %".
    pub percent: &'static str,
    /// Under a text the company wrote that is not yet translated into the page's language.
    pub untranslated: &'static str,
}

impl PageWords {
    pub const ENGLISH: PageWords = PageWords {
        kicker: "Results and what we will do",
        last_updated: "Last updated",
        feed: "Follow by feed (Atom)",
        heard_heading: "What we heard",
        followed_up: "Our team followed up personally with {n} of you in the last {days} days; median time to first contact {hours} hours.",
        plans_heading: "What we will do",
        no_plans: "No plans yet.",
        quotes_heading: "In your words",
        numbers_heading: "The numbers",
        too_few: "Fewer than {n} people answered, so no numbers are shown: nobody's answers can be picked out.",
        answered: "{n} people answered.",
        we_heard: "We heard:",
        from_answers: "From your answers to:",
        from_comments: "From your comments about",
        theme_comments: "“{term}” ({n} comments)",
        why_not: "Why not:",
        due: "due",
        roles: "owner|editor|viewer|former member",
        updates: "Updates",
        cases_led: "{n} customers' conversations with our team led to this plan.",
        did_it_fix: "Did this fix it?",
        before_after: "Before: {before} ({b} answers) · After: {after} ({a} answers)",
        follow_up_wait: "The answers show once at least {n} people have answered, before and after.",
        languages: "Languages",
        statuses: "Planned|In progress|Done|Won't do",
        chart_answered: "{n} answered · dropped off here: {d}",
        nps_interval: "NPS {s} (95% interval {low} to {high})",
        no_answers: "No answers yet",
        nps_caption: "Detractors (0–6), passives (7–8) and promoters (9–10)",
        nps_parts: "Detractors|Passives|Promoters",
        mean: "mean {m}",
        median: "median {m}",
        satisfied: "{p} satisfied (4 or 5)",
        most_chosen: "Most chosen: {list}",
        comments: "{n} comments",
        frequent_words: "Most frequent words",
        frequent_phrases: "Most frequent phrases",
        words_wait: "Words from comments appear once there are enough comments, and only words several people used.",
        agreed: "{n} agreed",
        ranked_first: "Ranked first on average: {list}",
        mean_place: "mean place {m}",
        dates_span: "From {first} to {last}",
        decimal: ".",
        percent: "{p}%",
        untranslated: "Not yet translated: shown as written.",
    };

    /// A role's name: `owner`, `editor`, `viewer`, or none for a former member.
    pub fn role(&self, role: Option<&str>) -> &'static str {
        let at = match role {
            Some("owner") => 0,
            Some("editor") => 1,
            Some("viewer") => 2,
            _ => 3,
        };
        self.roles.split('|').nth(at).unwrap_or_default()
    }

    /// A share in %, as the language writes it (one decimal under 10%).
    pub fn percent(&self, share: f64) -> String {
        let number = if share > 0.0 && share < 10.0 { format!("{share:.1}") } else { format!("{share:.0}") };
        self.percent.replace("{p}", &number.replace('.', self.decimal))
    }

    /// A number with `decimals` decimals, as the language writes it.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        format!("{value:.decimals$}").replace('.', self.decimal)
    }

    /// A part of an NPS (0 detractors, 1 passives, 2 promoters).
    pub fn nps_part(&self, at: usize) -> &'static str {
        self.nps_parts.split('|').nth(at).unwrap_or_default()
    }

    /// A plan status's name (`planned`, `in_progress`, `done`, `wont_do`).
    pub fn status(&self, status: &str) -> &'static str {
        let at = ["planned", "in_progress", "done", "wont_do"].iter().position(|s| *s == status).unwrap_or(0);
        self.statuses.split('|').nth(at).unwrap_or_default()
    }
}

/// Fills `{name}` placeholders with values.
pub fn fill(text: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), &value.to_string()))
}

/// A language's own name, for the switch.
pub fn language_name(language: &str) -> &str {
    match language.split('-').next().unwrap_or_default() {
        "en" => "English",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "ja" => "日本語",
        "ar" => "العربية",
        _ => language,
    }
}

#[cfg(any(feature = "ssr", feature = "admin"))]
#[path = "page_words_table.rs"]
mod table;
#[cfg(any(feature = "ssr", feature = "admin"))]
pub use table::page_words;
