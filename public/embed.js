/* Hearback embed: <script src="https://HEARBACK/embed.js" data-survey="ID" async></script>
   The survey runs in an iframe on the Hearback origin; the page and the widget talk by
   postMessage, checked against exact origins. Modes, triggers, frequency, events and customer
   details: README.md ("Embedding a survey"). */
(function () {
  var s = document.currentScript, o = s && s.dataset;
  if (!o || !o.survey) return;
  var d = document, w = window, origin = new URL(s.src).origin, mode = o.mode || "popover";
  var frame, box, button, customer, eligible = false, shown = false, done = false, timer, handlers = {};
  var sampled = Math.random() * 100 < (o.sample ? +o.sample : 100);
  var attrs = {};
  for (var k in o) if (/^customer[A-Z]/.test(k) && k != "customerToken" && k != "customerId")
    attrs[k.slice(8).toLowerCase()] = o[k];
  customer = o.customerToken ? { token: o.customerToken } : o.customerId ? { id: o.customerId, attributes: attrs } : null;
  function css(el, text) { el.style.cssText = text; return el; }
  function make(tag) { return d.createElement(tag); }
  function emit(name) {
    (handlers[name] || []).forEach(function (fn) { fn(); });
    s.dispatchEvent(new CustomEvent("hearback:" + name, { bubbles: true }));
  }
  function load() {
    frame.src = origin + "/w/" + encodeURIComponent(o.survey) + "?host=" + encodeURIComponent(location.origin) +
      (o.lang ? "&lang=" + encodeURIComponent(o.lang) : "") + (o.days ? "&days=" + +o.days : "") +
      (customer ? "&customer=" + encodeURIComponent(JSON.stringify(customer)) : "");
  }
  frame = css(make("iframe"), "border:0;width:100%;height:0;display:block;color-scheme:normal");
  frame.title = "Survey";
  var target = mode == "inline" && d.querySelector(o.target);
  if (target) target.appendChild(frame);
  else {
    var left = o.position == "bottom-left", modal = mode == "modal";
    box = css(make("div"), modal
      ? "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center"
      : "position:fixed;" + (left ? "left" : "right") + ":16px;bottom:72px;z-index:2147483647;width:min(380px,calc(100vw - 32px))");
    var panel = css(make("div"), "position:relative;background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);" +
      "overflow:auto;max-height:calc(100vh - 96px);" + (modal ? "width:min(520px,calc(100vw - 32px))" : ""));
    box.id = "hearback-panel";
    box.hidden = true;
    if (modal) { panel.setAttribute("role", "dialog"); panel.setAttribute("aria-modal", "true"); panel.setAttribute("aria-label", "Survey"); }
    var close = css(make("button"), "position:absolute;top:6px;" + (d.dir == "rtl" ? "left" : "right") +
      ":6px;border:0;background:none;font:20px/1 sans-serif;padding:6px;cursor:pointer;color:#333");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "Close survey");
    close.onclick = function () { toggle(false); };
    // Keeps Tab within the dialog: a stop at each end sends focus round to the other end.
    function stop(to) { var t = make("span"); t.tabIndex = 0; t.onfocus = function () { to().focus(); }; return t; }
    panel.append(stop(function () { return frame; }), close, frame, stop(function () { return close; }));
    box.appendChild(panel);
    box.onclick = function (e) { if (modal && e.target == box) toggle(false); };
    d.body.appendChild(box);
    if (!modal) {
      button = css(make("button"), "position:fixed;" + (left ? "left" : "right") + ":16px;bottom:16px;z-index:2147483647;" +
        "padding:10px 18px;border:0;border-radius:24px;background:#23395d;color:#fff;font:600 15px system-ui,sans-serif;cursor:pointer");
      button.type = "button";
      button.textContent = o.label || "Feedback";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", box.id);
      button.onclick = function () { toggle(box.hidden); };
      d.body.appendChild(button);
    }
    d.addEventListener("keydown", function (e) { if (e.key == "Escape" && !box.hidden) toggle(false); });
  }
  load();
  function toggle(open) {
    if (!box || open == !box.hidden) return;
    box.hidden = !open;
    if (button) button.setAttribute("aria-expanded", String(open));
    if (open) { shown = true; frame.focus(); emit("open"); }
    else {
      if (!done) frame.contentWindow.postMessage({ hearback: "dismissed" }, origin);
      if (button) button.focus();
      emit("close");
    }
  }
  function rule() {
    var r = (o.url || "").match(/^(exact|prefix|regex):(.*)$/), p = location.pathname;
    return !r || (r[1] == "exact" ? p == r[2] : r[1] == "prefix" ? p.indexOf(r[2]) == 0 : new RegExp(r[2]).test(p));
  }
  function auto() { if (eligible && sampled && !shown && rule()) toggle(true); }
  function arm() {
    clearTimeout(timer);
    var t = o.trigger || (mode == "modal" ? "load" : "manual");
    if (!box || !rule()) return;
    if (t == "load") auto();
    if (t == "delay") timer = setTimeout(auto, (+o.delay || 0) * 1e3);
  }
  w.addEventListener("scroll", function () {
    var e = d.documentElement;
    if (o.trigger == "scroll" && (w.scrollY + w.innerHeight) * 100 >= e.scrollHeight * (+o.scroll || 50)) auto();
  });
  d.addEventListener("mouseout", function (e) { if (o.trigger == "exit" && !e.relatedTarget && e.clientY <= 0) auto(); });
  ["pushState", "replaceState"].forEach(function (m) {
    var f = history[m];
    history[m] = function () { var r = f.apply(this, arguments); arm(); return r; };
  });
  w.addEventListener("popstate", arm);
  w.Hearback = {
    open: function (id) { if (id && id != o.survey) { o.survey = id; load(); } toggle(true); },
    close: function () { toggle(false); },
    on: function (name, fn) { (handlers[name] = handlers[name] || []).push(fn); },
    identify: function (c) { customer = c; load(); }
  };
  w.addEventListener("message", function (e) {
    var m = e.data;
    if (e.origin != origin || e.source != frame.contentWindow || !m) return;
    if (m.hearback == "resize") frame.style.height = (+m.height || 0) + "px";
    if (m.hearback == "ready" && !eligible) { eligible = !!m.eligible; arm(); }
    if (m.hearback == "escape") toggle(false);
    if (m.hearback == "completed") { done = true; emit("complete"); }
  });
})();
