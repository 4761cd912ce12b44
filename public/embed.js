/* Hearback embed: <script src="https://HEARBACK/embed.js" data-survey="ID" async></script>, or
   data-site="KEY" for a site tag (the server picks the survey for the page and the visitor).
   The survey runs in an iframe on the Hearback origin; the page and the widget talk by
   postMessage, checked against exact origins. Modes, triggers, frequency, events and customer
   details: README.md ("Embedding a survey"). The server sends this file minified. */
(() => {
  const s = document.currentScript, o = s && s.dataset;
  if (!o || !(o.survey || o.site)) return;
  const d = document, origin = new URL(s.src).origin, modal = o.mode == "modal", handlers = {};
  // The customer's details as the tag gives them (data-customer-token, -id, -NAME), for the
  // server to sort out.
  let box, button, eligible, shown, done, timer, ready, queue = [], customer = {};
  for (const k in o) if (/^customer./.test(k)) customer[k.slice(8).toLowerCase()] = o[k];
  const make = (tag, style) => { const el = d.createElement(tag); el.style.cssText = style; return el; };
  const emit = (name) => (handlers[name] || []).forEach((fn) => fn());
  // To the survey's page, once it is there (events tracked before it loads wait for it).
  const send = (m) => ready ? frame.contentWindow.postMessage(m, origin) : queue.push(m);
  const load = () => {
    // On a site tag, `survey` is one the page asks for (Hearback.open(id)).
    const q = { host: location.origin, path: location.pathname };
    for (const k of ["lang", "days", "sample", "url", "survey"]) if (o[k]) q[k] = o[k];
    if (box) q.panel = 1;
    q.customer = JSON.stringify(customer);
    ready = eligible = 0;
    frame.src = origin + (o.site ? "/site/" + o.site : "/w/" + encodeURIComponent(o.survey)) + "?" + new URLSearchParams(q);
  };
  const frame = make("iframe", "border:0;width:100%;height:0;display:block;color-scheme:normal");
  frame.title = "Survey";
  const target = o.mode == "inline" && d.querySelector(o.target);
  if (target) target.append(frame);
  else {
    const side = o.position == "bottom-left" ? "left" : "right";
    const fixed = "position:fixed;z-index:99999;";
    // Closed, the panel is invisible but laid out (not display:none), so the survey inside knows
    // its height and the panel opens at it: nothing on the page moves as it opens.
    box = make("div", fixed + "visibility:hidden;" + (modal
      ? "inset:0;background:#0008;display:grid;place-items:center"
      : `display:block;${side}:16px;bottom:72px;width:min(380px,100vw - 32px)`));
    const panel = make("div", "border-radius:12px;box-shadow:0 8px 32px #0004;" +
      "overflow:auto;max-height:calc(100vh - 96px);" + (modal ? "width:min(520px,100vw - 32px)" : ""));
    box.id = "hearback-panel";
    if (modal) {
      panel.role = "dialog";
      panel.ariaModal = "true";
      panel.ariaLabel = "Survey";
    }
    // Keeps Tab within the dialog: a stop at each end sends focus back into the survey, whose
    // own close button is one of its stops.
    const stop = () => { const t = make("span"); t.tabIndex = 0; t.onfocus = () => frame.focus(); return t; };
    panel.append(stop(), frame, stop());
    box.append(panel);
    box.onclick = (e) => modal && e.target == box && toggle(false);
    d.body.append(box);
    if (!modal) {
      button = make("button", fixed + `${side}:16px;bottom:16px;padding:10px 18px;border:0;border-radius:24px;` +
        "background:#23395d;color:#fff;font:600 15px system-ui");
      button.textContent = o.label || "Feedback";
      button.ariaExpanded = false;
      button.setAttribute("aria-controls", box.id);
      button.onclick = () => toggle(!!box.style.visibility);
    }
    addEventListener("keydown", (e) => e.key == "Escape" && toggle(false));
  }
  load();
  const toggle = (open) => {
    // Open is visible: no visibility of its own.
    if (!box || open == !box.style.visibility) return;
    box.style.visibility = open ? "" : "hidden";
    if (button) button.ariaExpanded = open;
    if (open) { shown = 1; frame.focus(); emit("open"); }
    else {
      if (!done) send({ hearback: "dismissed" });
      if (button) button.focus();
      emit("close");
    }
  };
  // Whether the survey may ask here (its pages, the tag's data-url) is the server's word, in
  // `eligible`, for the page's path.
  const auto = () => eligible && !shown && toggle(true);
  const arm = () => {
    clearTimeout(timer);
    const t = o.trigger || (modal ? "load" : "manual");
    if (!box) return;
    if (t == "load") auto();
    if (t == "delay") timer = setTimeout(auto, o.delay * 1e3);
  };
  addEventListener("scroll", () => o.trigger == "scroll" &&
    (scrollY + innerHeight) * 100 >= d.documentElement.scrollHeight * (+o.scroll || 50) && auto());
  addEventListener("mouseout", (e) => o.trigger == "exit" && !e.relatedTarget && e.clientY <= 0 && auto());
  // A route change in a single-page app: the survey's page is asked again for the new path (a
  // pending delayed open is cancelled), until a survey was shown.
  const moved = () => box && !shown && load();
  for (const m of ["pushState", "replaceState"]) {
    const f = history[m];
    history[m] = function () { const r = f.apply(this, arguments); moved(); return r; };
  }
  addEventListener("popstate", moved);
  window.Hearback = {
    open: (id) => { if (id && id != o.survey) { o.survey = id; load(); } toggle(true); },
    close: () => toggle(false),
    on: (name, fn) => (handlers[name] = handlers[name] || []).push(fn),
    identify: (c) => { customer = c; load(); },
    track: (name, props) => send({ hearback: "track", name, props }),
  };
  addEventListener("message", (e) => {
    const m = e.data || {}, what = m.hearback;
    if (e.origin != origin || e.source != frame.contentWindow) return;
    if (what == "resize") frame.style.height = m.height + "px";
    if (what == "ready") {
      // The survey's own settings (its pages; on a site tag its trigger) over the tag's.
      Object.assign(o, m.set);
      eligible = m.eligible;
      ready = 1;
      queue.splice(0).map(send);
      // The button shows once there is a survey to open (a site tag may have none).
      if (button) d.body.append(button);
      arm();
    }
    // The widget asks to close (its close button, Escape) or to open (news for a respondent).
    if (what == "open") toggle(m.open);
    if (what == "completed") { done = 1; emit("complete"); }
  });
})();
