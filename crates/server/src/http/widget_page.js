// Runs in the widget page before the wasm, and without it: puts back the answers saved on an
// earlier visit to this site, tells the host page whether it may show the survey by itself
// ("don't ask again for N days" after an answer or a dismissal, and the survey's sampling: on
// what percent of visits it opens by itself), and remembers a dismissal. Storage is the
// widget origin's, which browsers keep apart per host site.
// It also closes the loop: after an answer, the thank-you tells when results are promised and
// links to them; on a later visit, once results are out or a plan moved, the "You said, we did"
// card does (and asks the host page to open the survey's panel). Both links carry the receipt
// (the finished response's key, which the widget keeps) in their fragment, which no server sees.
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
  // "Did this fix it?": a done plan's question asked again, answered with one press.
  function followUp(f, held) {
    var box = document.createElement('div'), set = document.createElement('fieldset');
    var legend = document.createElement('legend'), did = document.createElement('p'), scale = document.createElement('div');
    box.className = 'hb-follow-up';
    did.textContent = f.will_do;
    legend.textContent = f.prompt;
    scale.className = 'hb-follow-scale';
    for (var v = f.min; v <= f.max; v++) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = v;
      button.onclick = function (value) {
        return function () {
          fetch('/api/v1/results/' + encodeURIComponent(data[0]) + '/plans/' + encodeURIComponent(f.plan) + '/follow-up', {
            method: 'POST', headers: { 'content-type': 'application/json', 'hearback-receipt': held },
            body: JSON.stringify({ value: value })
          }).then(function (r) {
            if (r.ok || r.status === 409) { box.textContent = card.getAttribute('data-thanks'); box.setAttribute('role', 'status'); }
          }).catch(function () { /* the question stays, to try again */ });
        };
      }(v);
      scale.appendChild(button);
    }
    set.appendChild(legend);
    set.appendChild(scale);
    box.appendChild(did);
    box.appendChild(set);
    return box;
  }
  // The "You said, we did" card, when results are out or changed since it was last shown, or a
  // follow-up waits for this respondent.
  var card = document.querySelector('.hb-news'), held = receipt();
  if (card && held && window.fetch) {
    fetch('/api/v1/results/' + encodeURIComponent(data[0]) + '/receipt?lang=' + document.documentElement.lang, { headers: { 'hearback-receipt': held } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (news) {
        var seen = +localStorage.getItem(key + ':seen') || 0;
        var asked = (news && news.follow_ups) || [];
        var talk = news && news.conversation;
        if (!news || !(news.published || talk) || !(news.changed_at > seen || asked.length)) return;
        var done = function () {
          card.hidden = true;
          try { localStorage.setItem(key + ':seen', news.changed_at); } catch (e) { /* storage refused */ }
        };
        withReceipt();
        // The plan that answers what this respondent said, in a line under the title.
        if (news.plan) {
          var line = document.createElement('p'), said = document.createElement('q');
          var names = (card.getAttribute('data-statuses') || '').split('|');
          var at = ['planned', 'in_progress', 'done', 'wont_do'].indexOf(news.plan.status);
          line.className = 'hb-for-you';
          said.textContent = news.plan.heard;
          line.appendChild(said);
          line.appendChild(document.createTextNode(' ' + news.plan.will_do + ' — ' + news.plan.owner + ' · ' + (names[at] || news.plan.status)));
          card.insertBefore(line, card.children[1]);
        }
        // A message from the person following up comes first: their name, their words, and the
        // way to answer them (or to say whether it is resolved).
        if (talk) {
          var from = document.createElement('p'), who = document.createElement('strong');
          var words = document.createElement('q'), reply = document.createElement('a');
          from.className = 'hb-from';
          who.textContent = talk.owner + ': ';
          words.textContent = talk.message;
          reply.href = talk.url;
          reply.target = '_blank';
          reply.textContent = talk.ask_resolved ? card.getAttribute('data-resolved') : card.getAttribute('data-answer').replace('{owner}', talk.owner);
          from.appendChild(who);
          from.appendChild(words);
          from.appendChild(document.createTextNode(' '));
          from.appendChild(reply);
          if (!news.published) card.children[1].hidden = true;
          card.insertBefore(from, card.children[1]);
        }
        asked.forEach(function (f) { card.insertBefore(followUp(f, held), card.lastChild); });
        card.hidden = false;
        card.querySelector('.hb-dismiss').addEventListener('click', done);
        card.querySelector('.hb-open').addEventListener('click', done);
        if (embedded) window.parent.postMessage({ hearback: 'open', open: true }, host);
      })
      .catch(function () { /* no news is fine */ });
  }
  var last = Math.max(state.done || 0, state.dismissed || 0);
  // The audience: the server's word on who the visitor is, and new or returning (first seen on
  // this site more than half an hour ago: another visit, not another page of this one).
  var visitors = script.getAttribute('data-visitors');
  if (!state.seen) { state.seen = Date.now(); store(state); }
  var returning = Date.now() - state.seen > 18e5;
  var eligible = !(days && last && Date.now() < last + days * 864e5) && Math.random() * 100 < sample &&
    script.getAttribute('data-audience') != '0' && (!visitors || (visitors == 'returning') == returning);
  try {
    eligible = eligible && !(fatigue && Date.now() < +localStorage.getItem(company) + fatigue * 864e5);
  } catch (e) { /* storage refused: no fatigue to remember */ }
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
    window.parent.postMessage({ hearback: 'ready', eligible: eligible }, host);
    // Keys pressed inside the iframe never reach the host page: Escape, like the close button
    // of a popover or dialog, asks the host page to close the survey.
    var close = function () { window.parent.postMessage({ hearback: 'open', open: false }, host); };
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
        asked();
      }
    });
  }
})();
