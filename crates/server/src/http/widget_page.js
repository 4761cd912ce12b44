// Runs in the widget page before the wasm, and without it: puts back the answers saved on an
// earlier visit to this site, tells the host page whether it may show the survey by itself
// ("don't ask again for N days" after an answer or a dismissal, and the survey's sampling: on
// what percent of visits it opens by itself), and remembers a dismissal. Storage is the
// widget origin's, which browsers keep apart per host site.
// It also closes the loop: after an answer, the thank-you tells when results are promised and
// links to them; on a later visit, once results are out or a plan moved, the "You said, we did"
// card does (widget_news.js). Both links carry the receipt (the finished response's key, which
// the widget keeps) in their fragment, which no server sees. And it runs the tag's rules: a
// site tag's next candidate, and the events from the page that open a survey.
(function () {
  var script = document.currentScript;
  var data = JSON.parse(document.getElementById('survey').textContent);
  var key = 'hb:' + data[0]; // the survey id comes first (core's compact form)
  var days = +script.getAttribute('data-quiet-days') || 0;
  var sample = +script.getAttribute('data-sample');
  var host = document.getElementById('survey-root').getAttribute('data-host');
  var embedded = host && window.parent !== window;
  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function store(state) {
    try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage refused */ }
  }
  // An e-mail invitation's click, saved already: the survey's page goes on with that response
  // (its key and first answer come in the address's fragment, which no server sees).
  var resume = /hb-resume=([\w-]+)(?:&([\w-]+)=(\d+))?/.exec(location.hash);
  if (resume) {
    store({ key: resume[1], seq: 1, fields: resume[2] ? [[resume[2], resume[3]]] : [] });
    history.replaceState(null, '', location.pathname + location.search);
  }
  var state = load();
  var receipt = function () {
    try { return localStorage.getItem(key + ':r'); } catch (e) { return null; }
  };
  var links = document.querySelectorAll('.hb-open');
  var withReceipt = function () {
    var r = receipt();
    for (var i = 0; i < links.length; i++) links[i].hash = r ? 'receipt=' + encodeURIComponent(r) : '';
  };
  var times = document.querySelectorAll('time[datetime]');
  for (var t = 0; t < times.length; t++) {
    try {
      times[t].textContent = new Date(times[t].dateTime + 'T12:00:00Z').toLocaleDateString(
        document.documentElement.lang, { dateStyle: 'long', timeZone: 'UTC' });
    } catch (e) { /* the date stays as written */ }
  }
  // Survey fatigue: when the visitor last answered or dismissed any of the company's surveys
  // on this site.
  var company = 'hb:c:' + script.getAttribute('data-company');
  var fatigue = +script.getAttribute('data-fatigue') || 0;
  var asked = function () {
    try { if (fatigue) localStorage.setItem(company, Date.now()); } catch (e) { /* storage refused */ }
  };
  var widget = document.querySelector('.hb-widget'), loop = document.querySelector('.hb-loop');
  if (widget && window.MutationObserver) {
    new MutationObserver(function () {
      if (widget.getAttribute('data-state') !== 'done') return;
      asked();
      if (loop && loop.hidden) { withReceipt(); loop.hidden = false; }
    }).observe(widget, { attributes: true });
  }
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
  // The "You said, we did" card, for a respondent who holds a receipt: its script
  // (widget_news.js) comes only then.
  var card = document.querySelector('.hb-news');
  if (card && receipt() && window.fetch) {
    window.hbNews = {
      id: data[0], receipt: receipt(), withReceipt: withReceipt,
      open: function () { if (embedded) window.parent.postMessage({ hearback: 'open', open: true }, host); }
    };
    var news = document.createElement('script');
    news.src = script.getAttribute('data-news');
    document.head.appendChild(news);
  }
  var last = Math.max(state.done || 0, state.dismissed || 0);
  // The audience: the server's word on who the visitor is, and new or returning (first seen on
  // this site more than half an hour ago: another visit, not another page of this one).
  var visitors = script.getAttribute('data-visitors');
  if (!state.seen) { state.seen = Date.now(); store(state); }
  var returning = Date.now() - state.seen > 18e5;
  var eligible = !(days && last && Date.now() < last + days * 864e5) && Math.random() * 100 < sample &&
    script.getAttribute('data-audience') != '0' && (!visitors || (visitors == 'returning') == returning);
  var tired;
  try {
    tired = fatigue && Date.now() < +localStorage.getItem(company) + fatigue * 864e5;
  } catch (e) { /* storage refused: no fatigue to remember */ }
  eligible = eligible && !tired;
  // A site tag: when this survey may not ask here and another may, the page goes on to it.
  var next = script.getAttribute('data-next');
  if (next && !eligible && !tired) return location.replace(next);
  // The events from the page that open a survey ([survey, name, property rules]): this one
  // opens, another one (a site tag's, until this one was answered in) is shown instead.
  var events = JSON.parse(script.getAttribute('data-events') || '[]'), show = script.getAttribute('data-show'), touched;
  document.addEventListener('input', function () { touched = 1; });
  var holds = function (rules, props) {
    return rules.every(function (r) {
      var v = props[r.attribute];
      return v != null && (r.is ? r.is.indexOf(String(v)) >= 0 : v !== '' && !isNaN(v) && !(v < r.at_least) && !(v > r.at_most));
    });
  };
  var track = function (name, props) {
    var keys = Object.keys(props || {});
    if (typeof name != 'string' || !name || name.length > 64 || typeof (props || {}) != 'object' || keys.length > 20 ||
        keys.some(function (k) { var v = props[k]; return typeof v == 'string' ? v.length > 256 : typeof v != 'boolean' && !isFinite(v); })) {
      return console.warn('Hearback.track: refused: a name of 1 to 64 characters, and at most 20 properties, each a number, true or false, or a text of at most 256 characters');
    }
    events.some(function (e) {
      if (e[1] != name || !holds(e[2], props || {})) return;
      if (e[0] != data[0]) { if (show && !touched) location.replace(show + encodeURIComponent(e[0])); }
      else if (eligible) window.parent.postMessage({ hearback: 'open', open: true }, host);
      return 1;
    });
  };
  if (embedded) {
    // The iframe fits the page from its first paint, before and without the wasm: the host page
    // sizes it to every height reported (a question marked, the thank-you, the card). The page
    // never scrolls itself: a scroll bar would only narrow the form and change its height.
    var page = document.documentElement;
    page.classList.add('hb-embedded');
    var fit = function () { window.parent.postMessage({ hearback: 'resize', height: page.scrollHeight }, host); };
    // Told before "ready", so a panel that opens on it opens at its full height.
    fit();
    if (window.ResizeObserver) new ResizeObserver(fit).observe(page);
    window.parent.postMessage({ hearback: 'ready', eligible: eligible, set: JSON.parse(script.getAttribute('data-set') || '{}') }, host);
    if (eligible && script.hasAttribute('data-open')) window.parent.postMessage({ hearback: 'open', open: true }, host);
    // Keys pressed inside the iframe never reach the host page: Escape, like the close button
    // of a popover or dialog, asks the host page to close the survey.
    var close = function () { window.parent.postMessage({ hearback: 'open', open: false }, host); };
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') close();
    });
    var button = document.querySelector('.hb-close');
    if (button) button.addEventListener('click', close);
    window.addEventListener('message', function (e) {
      var m = e.data || {};
      if (e.origin !== host || e.source !== window.parent) return;
      if (m.hearback === 'track') track(m.name, m.props);
      if (m.hearback === 'dismissed') {
        var now = load();
        now.dismissed = Date.now();
        store(now);
        asked();
      }
    });
  }
})();
