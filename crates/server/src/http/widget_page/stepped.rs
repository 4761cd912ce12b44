//! What the pages of a survey the server steps through carry instead of the wasm (see
//! [`hearback_core::Survey::server_stepped`]): Trunk's page without its bundle, the steps script
//! (`widget_steps.js`: rankings chosen in order or dragged, the receipt on the thank-you) and the
//! few styles of the kinds only these pages show.

/// Served minified when the front-end build left `steps.min.js` beside the widget page.
const STEPS_SCRIPT: &str = include_str!("../widget_steps.js");

/// The ranking's items and the date field, in the page (the widget's stylesheet, which every
/// survey loads, stays without them).
pub(super) const STYLE: &str = ".hb-ranks{padding-inline-start:1.5em;margin:0}.hb-place label{display:flex;gap:.5em;align-items:center;margin:.25em 0}.hb-rank-items{list-style:none;padding:0;margin:0}.hb-rank-items li{margin:.25em 0}.hb-rank-items button{display:flex;gap:.6em;align-items:center;width:100%;text-align:start;padding:.5em .6em;border:1px solid var(--hb-border,#8a8a8a);border-radius:6px;background:var(--hb-bg,#fff);color:inherit;font:inherit;cursor:grab}.hb-rank-items button[aria-pressed=true]{border-color:var(--hb-accent,#2563eb);border-width:2px}.hb-rank{display:inline-grid;place-items:center;min-width:1.6em;height:1.6em;border-radius:50%;border:1px solid currentColor;font-weight:600}.hb-date input,.hb-place select{font:inherit;padding:.4em}";

/// The steps script: the minified copy beside the widget page, else the source.
pub(super) fn script(widget_page: Option<&std::path::Path>) -> String {
    let minified = widget_page.and_then(|p| std::fs::read_to_string(p.with_file_name("steps.min.js")).ok());
    minified.map_or_else(|| STEPS_SCRIPT.to_owned(), |m| m.trim_end().to_owned())
}

/// Trunk's head without the bundle: its module script and the preloads of the script and wasm.
pub(super) fn without_bundle(head: &str) -> String {
    let mut kept = String::with_capacity(head.len());
    let mut rest = head;
    loop {
        let script = rest.find(r#"<script type="module""#);
        let link =
            rest.find(r#"<link rel="modulepreload""#).into_iter().chain(rest.find(r#"<link rel="preload""#)).min();
        let (start, end) = match (script, link) {
            (Some(s), l) if l.is_none_or(|l| s < l) => {
                (s, rest[s..].find("</script>").map(|e| s + e + "</script>".len()))
            }
            (_, Some(l)) => (l, rest[l..].find('>').map(|e| l + e + 1)),
            _ => break,
        };
        let Some(end) = end else { break };
        kept.push_str(&rest[..start]);
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_is_taken_out_of_trunks_head_and_nothing_else() {
        let head = r#"<link rel="stylesheet" href="/a.css"/><script type="module" nonce="N">import init from '/w.js';
await init();</script><link rel="modulepreload" nonce="N" href="/w.js" crossorigin="anonymous"><link rel="preload" nonce="N" href="/w.wasm" as="fetch" type="application/wasm"><meta name="x">"#;
        assert_eq!(without_bundle(head), r#"<link rel="stylesheet" href="/a.css"/><meta name="x">"#);
        assert_eq!(without_bundle("<title>x</title>"), "<title>x</title>");
    }
}
