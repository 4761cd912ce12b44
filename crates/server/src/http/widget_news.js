// The "You said, we did" card of the widget page, loaded by its script (widget_page.js) only for
// a respondent who holds a receipt: when results are out or changed since it was last shown, a
// plan moved, the person following up wrote, or a follow-up question waits, the card shows it
// (and asks the host page to open the survey's panel).
(function () {
  var page = window.hbNews, data = [page.id], key = 'hb:' + page.id, held = page.receipt;
  var card = document.querySelector('.hb-news');
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
      page.withReceipt();
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
      page.open();
    })
    .catch(function () { /* no news is fine */ });
})();
