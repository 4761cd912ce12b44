// Runs in the widget page before the wasm, and without it: puts back the answers saved on an
// earlier visit to this site, tells the host page whether it may show the survey by itself
// ("don't ask again for N days" after an answer or a dismissal, and the survey's sampling: on
// what percent of visits it opens by itself), and remembers a dismissal. Storage is the
// widget origin's, which browsers keep apart per host site.
(function () {
  var script = document.currentScript;
  var data = JSON.parse(document.getElementById('survey').textContent);
  var key = 'hb:' + data[0]; // the survey id comes first (core's compact form)
  var days = +script.getAttribute('data-quiet-days') || 0;
  var sample = +script.getAttribute('data-sample');
  var host = document.getElementById('survey-root').getAttribute('data-host');
  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function store(state) {
    try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage refused */ }
  }
  var state = load();
  (state.fields || []).forEach(function (field) {
    var controls = document.getElementsByName(field[0]);
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i];
      if (control.type === 'radio' || control.type === 'checkbox') {
        if (control.value === field[1]) control.checked = true;
      } else {
        control.value = field[1];
      }
    }
  });
  var last = Math.max(state.done || 0, state.dismissed || 0);
  var eligible = !(days && last && Date.now() < last + days * 864e5) && Math.random() * 100 < sample;
  if (host && window.parent !== window) {
    window.parent.postMessage({ hearback: 'ready', eligible: eligible }, host);
    // Keys pressed inside the iframe never reach the host page: Escape, like the close button
    // of a popover or dialog, asks the host page to close the survey.
    var close = function () { window.parent.postMessage({ hearback: 'close' }, host); };
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') close();
    });
    var button = document.querySelector('.hb-close');
    if (button) button.addEventListener('click', close);
    window.addEventListener('message', function (e) {
      if (e.origin === host && e.source === window.parent && e.data && e.data.hearback === 'dismissed') {
        var now = load();
        now.dismissed = Date.now();
        store(now);
      }
    });
  }
})();
