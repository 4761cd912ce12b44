//! The app's language: words the pages share (roles, statuses) and the switch in the header.
//! The words themselves live in `locales/{en,de}.json`, one file per language, English the
//! reference; `load_locales!` checks every key used here at compile time, and a test beside the
//! glossary's (`crates/server/src/reader_words/glossary_tests.rs`) checks that both files hold the
//! same keys with the same placeholders.

use super::draft::DraftError;
use super::i18n::*;
use super::page_words::fill;
use super::page_words::language_name;
pub use crate::widget::strings::{direction, LANGUAGES};
use hearback_api::case::CaseStatus;
use hearback_api::schedule::ScheduleProblem;
use hearback_api::survey::SurveyStatus;
use hearback_api::webhook::{DeliveryStatus, WebhookFormat};
use hearback_api::Role;
use hearback_core::kind::Kind;
use hearback_core::plan::PlanStatus;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

type I18n = I18nContext<Locale>;

/// Where the member's choice of language is kept in their browser (the app sets no cookie).
const KEPT_AS: &str = "hearback-admin-language";

pub fn role_name(i18n: I18n, role: Role) -> &'static str {
    match role {
        Role::Owner => t_string!(i18n, words.owner),
        Role::Editor => t_string!(i18n, words.editor),
        Role::Viewer => t_string!(i18n, words.viewer),
    }
}

pub fn plan_status(i18n: I18n, status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Planned => t_string!(i18n, words.planned),
        PlanStatus::InProgress => t_string!(i18n, words.in_progress),
        PlanStatus::Done => t_string!(i18n, words.done),
        PlanStatus::WontDo => t_string!(i18n, words.wont_do),
    }
}

/// The statuses an update can move a plan to, in their order.
pub const PLAN_STATUSES: [PlanStatus; 4] =
    [PlanStatus::Planned, PlanStatus::InProgress, PlanStatus::Done, PlanStatus::WontDo];

pub fn case_status(i18n: I18n, status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Open => t_string!(i18n, words.open),
        CaseStatus::Contacted => t_string!(i18n, words.contacted),
        CaseStatus::Resolved => t_string!(i18n, words.resolved),
        CaseStatus::Unreachable => t_string!(i18n, words.unreachable),
        CaseStatus::Withdrawn => t_string!(i18n, words.withdrawn),
    }
}

pub fn survey_status(i18n: I18n, status: SurveyStatus) -> &'static str {
    match status {
        SurveyStatus::Draft => t_string!(i18n, words.draft),
        SurveyStatus::Live => t_string!(i18n, words.live),
        SurveyStatus::Closed => t_string!(i18n, words.closed),
    }
}

pub fn delivery_status(i18n: I18n, status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => t_string!(i18n, words.pending),
        DeliveryStatus::Delivered => t_string!(i18n, words.delivered),
        DeliveryStatus::Failed => t_string!(i18n, words.failed),
    }
}

/// A question kind's name in the builder.
pub fn kind_name(i18n: I18n, kind: Kind) -> &'static str {
    match kind {
        Kind::Nps => t_string!(i18n, kinds.nps),
        Kind::Csat => t_string!(i18n, kinds.csat),
        Kind::Ces => t_string!(i18n, kinds.ces),
        Kind::Rating => t_string!(i18n, kinds.rating),
        Kind::SingleChoice => t_string!(i18n, kinds.single_choice),
        Kind::MultipleChoice => t_string!(i18n, kinds.multiple_choice),
        Kind::YesNo => t_string!(i18n, kinds.yes_no),
        Kind::ShortText => t_string!(i18n, kinds.short_text),
        Kind::LongText => t_string!(i18n, kinds.long_text),
        Kind::Matrix => t_string!(i18n, kinds.matrix),
        Kind::Consent => t_string!(i18n, kinds.consent),
        Kind::Contact => t_string!(i18n, kinds.contact),
        Kind::Ranking => t_string!(i18n, kinds.ranking),
        Kind::Date => t_string!(i18n, kinds.date),
        Kind::PictureChoice => t_string!(i18n, kinds.picture_choice),
        Kind::Info => t_string!(i18n, kinds.info),
        Kind::ContactDetails => t_string!(i18n, kinds.contact_details),
    }
}

/// The builder's words for a schedule that cannot be.
pub fn schedule_problem(i18n: I18n, problem: ScheduleProblem) -> String {
    match problem {
        ScheduleProblem::ClosesBeforeItOpens => t_string!(i18n, schedule.closes_before_it_opens),
        ScheduleProblem::TimeOutOfRange => t_string!(i18n, schedule.time_out_of_range),
        ScheduleProblem::CountOutOfRange => t_string!(i18n, schedule.whole_number),
    }
    .into()
}

/// Why the builder cannot save a draft yet, in the app's language.
pub fn draft_problem(i18n: I18n, problem: &DraftError) -> String {
    match problem {
        DraftError::QuestionFields { question } => {
            fill(t_string!(i18n, draft.question_fields), &[("question", question)])
        }
        DraftError::SurveyFields => t_string!(i18n, draft.survey_fields).to_owned(),
        DraftError::RuleNumber { question, rule, test } => fill(
            t_string!(i18n, draft.rule_number),
            &[("question", question), ("rule", &rule_name(i18n, rule)), ("test", &test_name(i18n, test))],
        ),
        DraftError::RuleAnswered { question, rule } => {
            fill(t_string!(i18n, draft.rule_answered), &[("question", question), ("rule", &rule_name(i18n, rule))])
        }
        DraftError::Setting { name } => {
            let setting = match *name {
                "radius" => t_string!(i18n, builder.corner_radius_pixels_0),
                "sampling" => t_string!(i18n, builder.sampling_of_visits_it),
                _ => t_string!(i18n, builder.do_not_ask_again),
            };
            fill(t_string!(i18n, draft.setting), &[("setting", &setting)])
        }
    }
}

fn rule_name(i18n: I18n, rule: &str) -> &'static str {
    if rule == "end_if" {
        t_string!(i18n, question_editor.end_after_it_if)
    } else {
        t_string!(i18n, question_editor.ask_only_if)
    }
}

/// A logic rule's test in the builder, by its wire name.
pub fn test_name(i18n: I18n, test: &str) -> &'static str {
    match test {
        "equals" => t_string!(i18n, tests.equals),
        "not_equals" => t_string!(i18n, tests.not_equals),
        "at_most" => t_string!(i18n, tests.at_most),
        "at_least" => t_string!(i18n, tests.at_least),
        "includes" => t_string!(i18n, tests.includes),
        _ => t_string!(i18n, tests.answered),
    }
}

/// The app's language where no context is at hand (a call's failure, worded after an `await`):
/// the one the provider last set on the page's `<html lang>`.
pub fn current() -> Locale {
    let lang = document().document_element().and_then(|html| html.get_attribute("lang")).unwrap_or_default();
    Locale::get_all().iter().find(|l| l.as_str() == lang).copied().unwrap_or_default()
}

/// The language the member chose before, kept in this browser; else the browser's own (the
/// provider's choice). Set in an effect: the provider sets its own choice in one, made before.
pub fn restore(i18n: I18n) {
    Effect::new(move |_| {
        let kept = window().local_storage().ok().flatten().and_then(|s| s.get_item(KEPT_AS).ok().flatten());
        if let Some(locale) = kept.and_then(|tag| Locale::get_all().iter().find(|l| l.as_str() == tag).copied()) {
            i18n.set_locale(locale);
        }
    });
}

/// The language a member reads a survey's results and plans in: any of the widget's six, as
/// respondents may; it starts as the app's language. The page's words in it are given to the
/// charts and the preview as a context (see `page_words`).
#[component]
pub fn ReadingSwitch(reading: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field reading">
            <label>{t!(i18n, words.read_in)}" "
                <select on:change=move |ev| reading.set(event_target_value(&ev))>
                    {LANGUAGES.map(|language| view! {
                        <option value=language lang=language selected=move || reading.get() == language>{language_name(language)}</option>
                    })}
                </select>
            </label>
        </p>
    }
}

/// The header's language switch: each language named in itself.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |ev| {
        let tag = event_target_value(&ev);
        if let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == tag) {
            i18n.set_locale(*locale);
            if let Some(storage) = window().local_storage().ok().flatten() {
                _ = storage.set_item(KEPT_AS, &tag);
            }
        }
    };
    view! {
        <label class="language">
            <span class="sr-only">{t!(i18n, words.language)}</span>
            <select on:change=choose>
                {Locale::get_all().iter().map(|locale| {
                    let locale = *locale;
                    view! {
                        <option value=locale.as_str() selected=move || i18n.get_locale() == locale>
                            {td_string!(locale, words.this_language)}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}

/// What a webhook is sent, in the app's language.
pub fn webhook_format(i18n: I18n, format: WebhookFormat) -> String {
    match format {
        WebhookFormat::Hearback => t_string!(i18n, webhooks.format_hearback),
        WebhookFormat::Slack => t_string!(i18n, webhooks.format_slack),
        WebhookFormat::Teams => t_string!(i18n, webhooks.format_teams),
    }
    .into()
}
