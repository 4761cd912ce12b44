//! The published results page `/r/{survey}`: the server renders the whole page (the
//! publication, its charts, its plans) as HTML, with the page's data in it; this bundle makes
//! its few interactive parts work and nothing else: following by e-mail, and, for a reader who
//! answered the survey, their replies to each plan and a form to reply. So the page loads no
//! admin app and fetches nothing the server already wrote into it.
//!
//! A respondent arrives from the widget's thank-you or its "You said, we did" card with their
//! receipt in the address's fragment (`#receipt=…`, never sent to servers or logs). The page keeps
//! it in this origin's storage, takes it out of the address bar, and shows it with its requests.
//! A publication for respondents only, or one not out yet, is not in the server's page (the
//! server cannot know the receipt): the bundle asks for the page's content with the receipt.

mod own;
pub mod words;
pub use own::YourAnswers;

use crate::fetch;
use leptos::prelude::*;
use words::{FormWords, Word};

/// The header a request shows a receipt in.
const RECEIPT_HEADER: &str = "hearback-receipt";

/// The respondent's receipt for a survey: from the link they came by, or kept from an earlier
/// visit.
pub fn receipt(survey: &str) -> Option<String> {
    let window = web_sys::window()?;
    let storage = window.local_storage().ok().flatten();
    let key = format!("hb:receipt:{survey}");
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    if let Some(raw) = hash.strip_prefix("#receipt=").filter(|r| !r.is_empty()) {
        let receipt = js_sys::decode_uri_component(raw).ok()?.as_string()?;
        if let Some(storage) = &storage {
            _ = storage.set_item(&key, &receipt);
        }
        // Out of the address bar and the history: a shared link or a screenshot does not carry it
        // (the rest of the address stays).
        let path = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
        if let Ok(history) = window.history() {
            _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        return Some(receipt);
    }
    storage?.get_item(&key).ok().flatten()
}

/// A call of the public API, with the receipt when there is one: the answer's text, or the
/// words to show the reader.
async fn call(
    method: &str,
    url: &str,
    receipt: Option<&str>,
    body: Option<&str>,
    unreachable: &str,
) -> Result<String, String> {
    let headers: &[(&str, &str)] = match receipt {
        Some(receipt) => &[(RECEIPT_HEADER, receipt)],
        None => &[],
    };
    let answer = fetch::send(method, url, headers, body).await.map_err(|()| unreachable.to_owned())?;
    if answer.ok() {
        return Ok(answer.text);
    }
    Err(answer.error_message().unwrap_or_else(|| format!("The server answered {}.", answer.status)))
}

/// A JSON string of `text` (for a request body), by the browser's own `JSON.stringify`.
fn json_string(text: &str) -> String {
    js_sys::JSON::stringify(&text.into()).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// The page's content for a reader with a receipt, as the server renders it: the publication,
/// or (not out yet) what the receipt tells of it. `None` when there is nothing to show them.
pub async fn content_for(survey: &str, receipt: &str) -> Option<String> {
    call("GET", &format!("/r/{survey}/content"), Some(receipt), None, "").await.ok()
}

/// Follow by e-mail: the address goes to the server, which sends a link to confirm (in the
/// page's language, as every e-mail that follows). With a receipt, answers to the respondent's
/// own replies come by e-mail too. `typed` is what the reader typed into the server's copy of the
/// form before this one took its place.
#[component]
pub fn Follow(survey: String, words: FormWords, language: String, #[prop(optional)] typed: String) -> impl IntoView {
    let email = RwSignal::new(typed);
    let said = RwSignal::new(String::new());
    let url = format!("/api/v1/results/{survey}/follow");
    // Without the bundle (not loaded yet, or no JavaScript) the form posts as it is.
    let action = format!("/r/{survey}/follow");
    let unreachable = words.get(Word::Unreachable);
    let wanted = language.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (url, survey) = (url.clone(), survey.clone());
        let body =
            format!(r#"{{"email":{},"language":{}}}"#, json_string(&email.get_untracked()), json_string(&wanted));
        leptos::task::spawn_local(async move {
            let receipt = receipt(&survey);
            said.set(match call("POST", &url, receipt.as_deref(), Some(&body), unreachable).await {
                Ok(text) => field(&text, "message").unwrap_or_default(),
                Err(message) => message,
            });
        });
    };
    view! {
        <section class="follow" aria-labelledby="follow-heading">
            <h2 id="follow-heading">{words.get(Word::FollowHeading)}</h2>
            <form class="row" method="post" action=action on:submit=submit>
                <input type="hidden" name="language" value=language/>
                <p class="field"><label>{words.get(Word::EmailLabel)}" "<input type="email" name="email" autocomplete="email" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/></label></p>
                <button type="submit">{words.get(Word::FollowButton)}</button>
            </form>
            <p role="status">{move || said.get()}</p>
            <p class="muted">{words.get(Word::FollowNote)}</p>
        </section>
    }
}

/// A string field of a JSON object given as text.
fn field(json: &str, name: &str) -> Option<String> {
    let object = js_sys::JSON::parse(json).ok()?;
    js_sys::Reflect::get(&object, &name.into()).ok()?.as_string()
}

/// A reply of the respondent's to a plan, with the owner's answer once there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub plan: String,
    pub body: String,
    /// (who answered, what, when in milliseconds since 1970)
    pub answer: Option<(String, String, i64)>,
}

/// The replies in the API's `{"replies": [...]}`.
fn replies_of(json: &str) -> Vec<Reply> {
    let get = |value: &wasm_bindgen::JsValue, name: &str| js_sys::Reflect::get(value, &name.into()).ok();
    let text =
        |value: &wasm_bindgen::JsValue, name: &str| get(value, name).and_then(|v| v.as_string()).unwrap_or_default();
    let Some(list) = js_sys::JSON::parse(json).ok().and_then(|body| get(&body, "replies")) else { return Vec::new() };
    js_sys::Array::from(&list)
        .iter()
        .map(|reply| {
            let answer = get(&reply, "answer").filter(|a| a.is_object()).map(|a| {
                (text(&a, "by"), text(&a, "body"), get(&a, "at").and_then(|at| at.as_f64()).unwrap_or(0.0) as i64)
            });
            Reply { plan: text(&reply, "plan_id"), body: text(&reply, "body"), answer }
        })
        .collect()
}

/// What a reader who answered the survey has on the page: their receipt and their replies.
#[derive(Clone, Copy)]
pub struct Respondent {
    pub survey: StoredValue<String>,
    pub receipt: StoredValue<String>,
    pub replies: RwSignal<Vec<Reply>>,
    pub words: FormWords,
}

impl Respondent {
    pub fn new(survey: String, receipt: String, words: FormWords) -> Respondent {
        Respondent {
            survey: StoredValue::new(survey),
            receipt: StoredValue::new(receipt),
            replies: RwSignal::new(Vec::new()),
            words,
        }
    }

    /// Reads the respondent's replies (and their answers) again.
    pub fn reload(self) {
        let url = format!("/api/v1/results/{}/replies", self.survey.get_value());
        let receipt = self.receipt.get_value();
        // Not Leptos's `spawn_local`, whose executor starts with the first component mounted.
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(text) = call("GET", &url, Some(&receipt), None, "").await {
                self.replies.set(replies_of(&text));
            }
        });
    }
}

/// A respondent's replies to one plan, the answers to them, and a form to reply.
#[component]
pub fn Replies(respondent: Respondent, plan: String, owner: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let plan_for_list = plan.clone();
    let mine = move || {
        respondent.replies.with(|all| all.iter().filter(|r| r.plan == plan_for_list).cloned().collect::<Vec<_>>())
    };
    let w = respondent.words;
    let (sent, unreachable) = (w.get(Word::Sent), w.get(Word::Unreachable));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let url = format!("/api/v1/results/{}/plans/{plan}/replies", respondent.survey.get_value());
        let body = format!(r#"{{"body":{}}}"#, json_string(&text.get_untracked()));
        leptos::task::spawn_local(async move {
            let receipt = respondent.receipt.get_value();
            match call("POST", &url, Some(&receipt), Some(&body), unreachable).await {
                Ok(_) => {
                    text.set(String::new());
                    said.set(sent.to_owned());
                    respondent.reload();
                }
                Err(message) => said.set(message),
            }
        });
    };
    // "Reply to {owner}": around its one placeholder (char patterns: the bundle carries no
    // substring search).
    let (before, rest) = w.get(Word::ReplyTo).split_once('{').unwrap_or((w.get(Word::ReplyTo), ""));
    let label = format!("{before}{owner}{}", rest.split_once('}').map_or("", |(_, after)| after));
    let (you, not_answered) = (w.get(Word::You), w.get(Word::NotAnswered));
    view! {
        <div class="replies">
            <ul class="reply-list" aria-label=w.get(Word::YourReplies)>
                {move || mine().into_iter().map(|reply| view! {
                    <li>
                        <p><strong>{you}" "</strong>{reply.body}</p>
                        {match reply.answer {
                            None => view! { <p class="muted">{not_answered}</p> }.into_any(),
                            Some((by, body, at)) => view! {
                                <p class="answer"><strong>{by}": "</strong>{body}" "<time class="muted">{crate::admin::charts::date(at)}</time></p>
                            }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
            <form class="reply" on:submit=submit>
                <p class="field"><label>{label}<textarea rows="2" maxlength="2000" required prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea></label></p>
                <button type="submit">{w.get(Word::SendReply)}</button>
                <p role="status">{move || said.get()}</p>
            </form>
        </div>
    }
}
