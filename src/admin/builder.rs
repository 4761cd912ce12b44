//! The survey builder: questions of every kind, added, edited, reordered and deleted; a live
//! preview that is the real widget; status and schedule; the embed snippet; the responses so far.

use super::api;
use super::app::Session;
use super::audience::AudienceForm;
use super::details::ContactDetails;
use super::draft::{snippet, Draft, QuestionDraft};
use super::gathered::Responses;
use super::i18n::*;
use super::invitations::Invitations;
use super::pages::{body, write, Problem};
use super::question_editor::QuestionEditor;
use super::retention::RetentionForm;
use super::schedule::ScheduleForm;
use super::webhooks::{questions_of, Webhooks};
use super::words::{draft_problem, survey_status};
use gloo_net::http::Method;
use hearback_api::survey::{IdentitySecret, StatusChange, SurveyStatus, SurveyView};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn Builder() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let is_new = move || id() == "new";
    let draft = RwSignal::new(Draft::new());
    // Bumped after each load, so the form's inputs are made afresh from the loaded draft.
    let generation = RwSignal::new(0u32);
    let status = RwSignal::new(None::<SurveyStatus>);
    let problem = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);

    Effect::new(move |_| {
        let id = id();
        if id == "new" {
            draft.set(Draft::new());
            status.set(None);
            generation.update(|g| *g += 1);
        }
    });
    let stored =
        api::resource::<SurveyView>(move || (!is_new()).then(|| format!("/admin/api/surveys/{}", id())), version);
    Effect::new(move |_| match stored.get() {
        Some(Ok(survey)) if !is_new() => {
            let definition = serde_json::to_value(&survey.definition).unwrap_or_default();
            draft.set(Draft::from_definition(&definition, &survey.allowed_origins));
            status.set(Some(survey.status));
            generation.update(|g| *g += 1);
        }
        Some(Err(failure)) => problem.set(failure.text()),
        _ => {}
    });

    let navigate = use_navigate();
    let save = move |_| {
        let body = match draft.with_untracked(Draft::to_body) {
            Ok(body) => body,
            Err(wrong) => return problem.set(draft_problem(i18n, &wrong)),
        };
        let new = is_new();
        let (method, url) = if new {
            (Method::POST, "/admin/api/surveys".to_owned())
        } else {
            (Method::PUT, format!("/admin/api/surveys/{}", id()))
        };
        let csrf = session.csrf();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::send::<SurveyView>(method, &url, &csrf, Some(&body)).await {
                Ok(survey) => {
                    problem.set(String::new());
                    saved.set(t_string!(i18n, builder.saved).into());
                    let id = survey.id;
                    if new {
                        navigate(&format!("/admin/surveys/{id}"), Default::default());
                    } else {
                        version.update(|v| *v += 1);
                    }
                }
                Err(failure) => {
                    saved.set(String::new());
                    problem.set(failure.text())
                }
            }
        });
    };
    let set_status = move |to: SurveyStatus| {
        let url = format!("/admin/api/surveys/{}/status", id());
        write(Method::POST, url, Some(body(&StatusChange { status: to })), problem, version, |_| ());
    };
    let secret = RwSignal::new(String::new());
    let rotate = move |_| {
        let url = format!("/admin/api/surveys/{}/secret", id());
        write(Method::POST, url, None, problem, version, move |reply| {
            if let Ok(made) = serde_json::from_value::<IdentitySecret>(reply) {
                secret.set(made.identity_secret);
            }
        });
    };
    let add = move |_| {
        draft.update(|d| {
            let key = d.next_key();
            d.questions.push(QuestionDraft {
                key,
                id: format!("question-{key}"),
                kind: "short_text".into(),
                extra: "{}".into(),
                ..QuestionDraft::default()
            });
        })
    };
    let mode = RwSignal::new("inline".to_owned());
    let origin = StoredValue::new(window().location().origin().unwrap_or_default());
    let code = move || origin.with_value(|origin| snippet(origin, &id(), &mode.get()));
    let editable = move || session.can_edit();
    let saved_languages = Signal::derive(move || {
        stored.get().and_then(Result::ok).map(|s| s.definition.languages.clone()).unwrap_or_default()
    });
    // The questions as saved, for the webhooks' rules.
    let saved_questions = Signal::derive(move || {
        stored.get().and_then(Result::ok).map(|s| questions_of(&s.definition)).unwrap_or_default()
    });

    view! {
        <h1>{move || if is_new() { t_string!(i18n, builder.new_survey).to_owned() } else { draft.with(|d| d.title.clone()) }}</h1>
        <p class="status">{move || status.get().map(|s| t!(i18n, builder.status_is, status = move || survey_status(i18n, s)))}</p>
        <Show when=move || !is_new()>
            <p class="actions">
                <a class="button" href=move || format!("/admin/surveys/{}/results", id())>{t!(i18n, builder.results)}</a>
                <a class="button" href=move || format!("/admin/surveys/{}/plans", id())>{t!(i18n, builder.action_plans)}</a>
            </p>
        </Show>
        <div class="builder">
            <section aria-labelledby="define">
                <h2 id="define">{t!(i18n, builder.questions)}</h2>
                {move || {
                    generation.track();
                    view! { <SurveyFields draft is_new=is_new()/> }
                }}
                <For each=move || draft.with(|d| d.questions.iter().map(|q| (generation.get(), q.key)).collect::<Vec<_>>())
                    key=|k| *k let:k>
                    <QuestionEditor draft key=k.1/>
                </For>
                <Translations draft generation/>
                <p class="actions">
                    <button type="button" on:click=add disabled=move || !editable()>{t!(i18n, builder.add_a_question)}</button>
                    <button type="button" class="primary" on:click=save disabled=move || !editable()>{t!(i18n, builder.save)}</button>
                    <span role="status">{move || saved.get()}</span>
                </p>
                <Problem message=problem/>
                <Show when=move || !is_new() && editable()>
                    <p class="actions">
                        <Show when=move || status.get() == Some(SurveyStatus::Draft)>
                            <button type="button" on:click=move |_| set_status(SurveyStatus::Live)>{t!(i18n, builder.go_live)}</button>
                        </Show>
                        <Show when=move || status.get() == Some(SurveyStatus::Live)>
                            <button type="button" on:click=move |_| set_status(SurveyStatus::Closed)>{t!(i18n, builder.close_the_survey)}</button>
                        </Show>
                        <button type="button" on:click=rotate>{t!(i18n, builder.new_signing_secret)}</button>
                    </p>
                    <Show when=move || !secret.get().is_empty()>
                        <p>
                            {t!(i18n, builder.sign_customer_details_with_this)}
                            <code class="secret">{move || secret.get()}</code>
                        </p>
                    </Show>
                </Show>
                <Show when=move || !is_new()>
                    <ScheduleForm id=Signal::derive(id) status version editable=Signal::derive(editable)/>
                    <AudienceForm id=Signal::derive(id) languages=saved_languages editable=Signal::derive(editable)/>
                    <RetentionForm id=Signal::derive(id)/>
                </Show>
            </section>
            <section aria-labelledby="preview">
                <h2 id="preview">{t!(i18n, builder.preview)}</h2>
                <DraftPreview draft/>
                <Show when=move || !is_new()>
                    <h2>{t!(i18n, builder.embed_it)}</h2>
                    <p class="field">
                        <label for="embed-mode">{t!(i18n, builder.mode)}</label>
                        <select id="embed-mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                            <option value="inline">{t!(i18n, builder.inline_in_an_element_with)}</option>
                            <option value="popover">{t!(i18n, builder.popover_a_feedback_button)}</option>
                            <option value="modal">{t!(i18n, builder.modal_after_5_seconds)}</option>
                        </select>
                    </p>
                    <p class="field">
                        <label for="embed-code">{t!(i18n, builder.paste_this_into_your_site)}</label>
                        <textarea id="embed-code" readonly rows="4" prop:value=code></textarea>
                    </p>
                    <Invitations id=Signal::derive(id) live=Signal::derive(move || status.get() == Some(SurveyStatus::Live))
                        editable=Signal::derive(editable)/>
                    <h2>{t!(i18n, builder.responses)}</h2>
                    <Responses id=Signal::derive(id) version/>
                    <Show when=editable>
                        <h2>{t!(i18n, builder.contact_details)}</h2>
                        <ContactDetails id=Signal::derive(id)/>
                    </Show>
                    <h2>{t!(i18n, builder.webhooks)}</h2>
                    <Webhooks id=Signal::derive(id) questions=saved_questions/>
                </Show>
            </section>
        </div>
    }
}

/// The real widget page showing the draft as it is now, saved or not, in any of its languages:
/// the page is reloaded (in place, without adding to the history) a moment after each edit.
/// Answers given in it go nowhere.
#[component]
fn DraftPreview(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let frame = NodeRef::<leptos::html::Iframe>::new();
    let language = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let edits = StoredValue::new(0u32);
    Effect::new(move |_| {
        draft.track();
        language.track();
        edits.update_value(|e| *e += 1);
        let edit = edits.get_value();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(400).await;
            if edits.get_value() != edit {
                return; // a later edit will show itself
            }
            let definition = match draft.with_untracked(Draft::definition) {
                Ok(definition) => definition,
                Err(wrong) => return problem.set(draft_problem(i18n, &wrong)),
            };
            problem.set(String::new());
            let query = js_sys::encode_uri_component(&definition.to_string());
            let lang = js_sys::encode_uri_component(&language.get_untracked());
            let url = format!("/admin/preview?definition={query}&lang={lang}");
            if let Some(window) = frame.get_untracked().and_then(|f| f.content_window()) {
                let _ = window.location().replace(&url);
            }
        });
    });
    let languages = move || draft.with(|d| d.settings.language_list());
    view! {
        <Show when=move || { languages().len() > 1 }>
            <p class="field">
                <label>{t!(i18n, builder.preview_in)}
                    <select on:change=move |ev| language.set(event_target_value(&ev))>
                        {move || languages().into_iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </p>
        </Show>
        <p class="hint">{t!(i18n, builder.the_preview_follows_your_edits)}</p>
        <Problem message=problem/>
        <iframe class="preview" title=move || t_string!(i18n, builder.preview_of_the_survey) name="preview" node_ref=frame src="about:blank"></iframe>
    }
}

/// A text box bound to one field of the draft, made from the draft as it is now.
fn bound_input(
    draft: RwSignal<Draft>,
    label: &'static str,
    hint: &'static str,
    field: fn(&mut Draft) -> &mut String,
) -> impl IntoView {
    let initial = draft.with_untracked(|d| field(&mut d.clone()).clone());
    view! {
        <p class="field">
            <label>{label}
                <input placeholder=hint prop:value=initial on:input=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| *field(d) = value);
                }/>
            </label>
        </p>
    }
}

/// A choice bound to one field of the draft.
fn bound_select(
    draft: RwSignal<Draft>,
    label: &'static str,
    options: Vec<(&'static str, &'static str)>,
    field: fn(&mut Draft) -> &mut String,
) -> impl IntoView {
    let initial = draft.with_untracked(|d| field(&mut d.clone()).clone());
    view! {
        <p class="field">
            <label>{label}
                <select on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| *field(d) = value);
                }>
                    {options.into_iter().map(|(value, name)| view! { <option value=value selected=value == initial>{name}</option> }).collect_view()}
                </select>
            </label>
        </p>
    }
}

/// The survey's own fields: id (fixed once saved), title, allowed origins, and its settings:
/// languages, look, who is asked and how often.
#[component]
fn SurveyFields(draft: RwSignal<Draft>, is_new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let initial = draft.get_untracked();
    view! {
        <p class="field">
            <label for="survey-id">{t!(i18n, builder.survey_id_in_the_embed)}</label>
            <input id="survey-id" prop:value=initial.id readonly=!is_new
                on:input=move |ev| draft.update(|d| d.id = event_target_value(&ev))/>
        </p>
        <p class="field">
            <label for="survey-title">{t!(i18n, builder.title)}</label>
            <input id="survey-title" prop:value=initial.title on:input=move |ev| draft.update(|d| d.title = event_target_value(&ev))/>
        </p>
        <p class="field">
            <label for="survey-origins">{t!(i18n, builder.sites_that_may_embed_it)}</label>
            <textarea id="survey-origins" rows="2" prop:value=initial.origins
                on:input=move |ev| draft.update(|d| d.origins = event_target_value(&ev))></textarea>
        </p>
        <details class="settings">
            <summary>{t!(i18n, builder.languages_look_who_is_asked)}</summary>
            {bound_input(draft, t_string!(i18n, builder.languages_the_default_first), "en, de, fr", |d| &mut d.settings.languages)}
            <div class="row">
                {bound_input(draft, t_string!(i18n, builder.brand_colour), "#0b5fff", |d| &mut d.settings.brand)}
                {bound_input(draft, t_string!(i18n, builder.text_colour), "#1a1a1a", |d| &mut d.settings.text)}
                {bound_input(draft, t_string!(i18n, builder.background_colour), "#ffffff", |d| &mut d.settings.background)}
            </div>
            <div class="row">
                {bound_input(draft, t_string!(i18n, builder.corner_radius_pixels_0), "8", |d| &mut d.settings.radius)}
                {bound_input(draft, t_string!(i18n, builder.font), "system-ui, sans-serif", |d| &mut d.settings.font)}
                {bound_select(draft, t_string!(i18n, builder.light_or_dark), vec![("auto", t_string!(i18n, builder.opt_as_the_respondent_s)), ("light", t_string!(i18n, builder.opt_light)), ("dark", t_string!(i18n, builder.opt_dark))], |d| &mut d.settings.mode)}
            </div>
            <div class="row">
                {bound_input(draft, t_string!(i18n, builder.sampling_of_visits_it), "100", |d| &mut d.settings.sampling)}
                {bound_input(draft, t_string!(i18n, builder.do_not_ask_again), "0", |d| &mut d.settings.recontact_days)}
                {bound_input(draft, t_string!(i18n, builder.results_promised_by_yyyy), "2027-01-31", |d| &mut d.settings.publish_by)}
            </div>
            {bound_select(draft, t_string!(i18n, builder.customer_details_the_page), vec![("keep", t_string!(i18n, builder.opt_keep_them_marked_unverified)), ("refuse", t_string!(i18n, builder.opt_refuse_the_response))], |d| &mut d.settings.unsigned_customers)}
            <p class="field">
                <label>{t!(i18n, builder.other_settings_json)}
                    <textarea rows="2" prop:value=initial.settings.rest
                        on:input=move |ev| draft.update(|d| d.settings.rest = event_target_value(&ev))></textarea>
                </label>
            </p>
        </details>
    }
}

/// The texts of the survey in each language but the default, next to the default's.
#[component]
fn Translations(draft: RwSignal<Draft>, generation: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let others = move || draft.with(|d| d.settings.language_list().split_off(1));
    let language = RwSignal::new(String::new());
    Effect::new(move |_| {
        let others = others();
        if !others.contains(&language.get_untracked()) {
            language.set(others.first().cloned().unwrap_or_default());
        }
    });
    let texts = move || draft.with(Draft::texts);
    view! {
        <Show when=move || !others().is_empty()>
            <details class="translations">
                <summary>{t!(i18n, builder.translations)}</summary>
                <p class="field">
                    <label>{t!(i18n, builder.language)}
                        <select on:change=move |ev| language.set(event_target_value(&ev))>
                            {move || others().into_iter().map(|l| view! { <option value=l.clone() selected=l == language.get_untracked()>{l.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                </p>
                {move || {
                    generation.track();
                    let language = language.get();
                    texts().into_iter().map(|(path, text)| {
                        let slot = (language.clone(), path.clone());
                        let initial = draft.with_untracked(|d| d.translations.get(&slot).cloned().unwrap_or_default());
                        view! {
                            <p class="field">
                                <label>{text}
                                    <input lang=language.clone() prop:value=initial on:input=move |ev| {
                                        let value = event_target_value(&ev);
                                        let slot = slot.clone();
                                        draft.update(|d| { d.translations.insert(slot, value); });
                                    }/>
                                </label>
                            </p>
                        }
                    }).collect_view()
                }}
            </details>
        </Show>
    }
}
