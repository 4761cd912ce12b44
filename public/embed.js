/* Hearback embed: <script src="https://HEARBACK/embed.js" data-survey="ID" async></script>
   Puts the survey in an iframe on the Hearback origin, so the host page and the widget cannot
   touch each other; they talk by postMessage, checked against exact origins.
   data-mode="inline" data-target="#css-selector" shows it in that element; otherwise a
   floating "Feedback" button opens it. Hearback.open() / Hearback.close() control the popover. */
(function () {
  var script = document.currentScript;
  if (!script || !script.dataset.survey) return;
  var origin = new URL(script.src).origin;
  var d = document;
  var frame = d.createElement("iframe");
  frame.src = origin + "/w/" + encodeURIComponent(script.dataset.survey) +
    "?host=" + encodeURIComponent(location.origin);
  frame.title = "Survey";
  frame.style.cssText = "border:0;width:100%;height:0;display:block;color-scheme:normal";
  var target = script.dataset.mode == "inline" && d.querySelector(script.dataset.target);
  var panel, button;
  if (target) {
    target.appendChild(frame);
  } else {
    panel = d.createElement("div");
    panel.id = "hearback-panel";
    panel.hidden = true;
    panel.style.cssText = "position:fixed;right:16px;bottom:72px;z-index:2147483647;width:min(380px,calc(100vw - 32px));" +
      "max-height:calc(100vh - 96px);overflow:auto;background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25)";
    panel.appendChild(frame);
    button = d.createElement("button");
    button.type = "button";
    button.textContent = "Feedback";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", panel.id);
    button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483647;padding:10px 18px;border:0;" +
      "border-radius:24px;background:#23395d;color:#fff;font:600 15px system-ui,sans-serif;cursor:pointer";
    button.onclick = function () { toggle(panel.hidden); };
    d.body.appendChild(panel);
    d.body.appendChild(button);
  }
  function toggle(open) {
    if (!panel) return;
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) frame.focus();
  }
  window.Hearback = { open: function () { toggle(true); }, close: function () { toggle(false); } };
  addEventListener("message", function (e) {
    if (e.origin !== origin || e.source !== frame.contentWindow || !e.data) return;
    if (e.data.hearback == "resize") frame.style.height = (+e.data.height || 0) + "px";
    if (e.data.hearback == "completed")
      script.dispatchEvent(new CustomEvent("hearback:completed", { bubbles: true }));
  });
})();
