// The pages of a survey the server steps through (it asks a ranking or a date, or says back an
// earlier answer): no wasm comes to them, so this script does what the wasm would there.
// A ranking's places (a list to choose from for each, which works without any script) become
// items to choose in order: each is a button, the first chosen is place 1, choosing one again
// takes it back, the arrow keys move a ranked item up or down, and items can be dragged. What
// is posted is the same either way: the item ids, first place first. An information step's link,
// once opened, is recorded with the page.
// On the thank-you page it keeps the receipt, as the widget does after an answer, links the
// results with it, starts the company's survey fatigue, and fits the host page's frame.
(function () {
  var lists = document.querySelectorAll('.hb-ranks');
  for (var l = 0; l < lists.length; l++) rank(lists[l]);

  function rank(list) {
    var selects = list.querySelectorAll('select');
    var name = selects[0].name;
    var items = [], labels = {};
    for (var o = 1; o < selects[0].options.length; o++) {
      var option = selects[0].options[o];
      items.push(option.value);
      labels[option.value] = option.text;
    }
    var order = [];
    for (var s = 0; s < selects.length; s++) {
      var v = selects[s].value;
      if (v && order.indexOf(v) < 0) order.push(v);
    }
    var box = document.createElement('ul');
    box.className = 'hb-rank-items';
    box.setAttribute('aria-labelledby', list.getAttribute('aria-labelledby'));
    var fields = document.createElement('div');
    var said = document.createElement('p');
    said.className = 'hb-sr hb-rank-said';
    said.setAttribute('aria-live', 'polite');
    list.parentNode.replaceChild(box, list);
    box.parentNode.insertBefore(said, box.nextSibling);
    box.parentNode.insertBefore(fields, said);
    var dragged;

    var tell = function (id) {
      var at = order.indexOf(id) + 1;
      said.textContent = (at ? list.getAttribute('data-placed') : list.getAttribute('data-unplaced'))
        .replace('{item}', labels[id]).replace('{n}', at).replace('{m}', items.length);
    };
    var draw = function (focus) {
      box.textContent = '';
      fields.textContent = '';
      var shown = order.concat(items.filter(function (id) { return order.indexOf(id) < 0; }));
      shown.forEach(function (id) {
        var at = order.indexOf(id) + 1;
        var item = document.createElement('li');
        item.draggable = true;
        item.className = at ? 'hb-ranked' : '';
        var button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('aria-pressed', at ? 'true' : 'false');
        var place = document.createElement('span');
        place.className = 'hb-rank';
        place.textContent = at || '';
        button.appendChild(place);
        button.appendChild(document.createTextNode(labels[id]));
        button.onclick = function () {
          if (at) order.splice(at - 1, 1); else order.push(id);
          draw(id);
          tell(id);
        };
        button.onkeydown = function (e) {
          var by = e.key == 'ArrowUp' ? -1 : e.key == 'ArrowDown' ? 1 : 0;
          if (!by || !at || !order[at - 1 + by]) return;
          e.preventDefault();
          order.splice(at - 1, 1);
          order.splice(at - 1 + by, 0, id);
          draw(id);
          tell(id);
        };
        item.ondragstart = function (e) { dragged = id; e.dataTransfer.setData('text/plain', id); };
        item.ondragover = function (e) { e.preventDefault(); };
        item.ondrop = function (e) {
          e.preventDefault();
          if (!dragged || dragged == id) return;
          // A drop puts every item in the order shown: the list is then ranked.
          order = shown.filter(function (x) { return x != dragged; });
          order.splice(order.indexOf(id), 0, dragged);
          draw(dragged);
          tell(dragged);
        };
        item.appendChild(button);
        box.appendChild(item);
        if (focus == id) button.focus();
      });
      order.forEach(function (id) {
        var input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = id;
        fields.appendChild(input);
      });
    };
    draw();
  }

  // An information step's link, opened: the one answer such a step records.
  var links = document.querySelectorAll('a[data-records]');
  for (var k = 0; k < links.length; k++) {
    links[k].addEventListener('click', function () {
      var name = this.getAttribute('data-records'), form = this.closest('form');
      if (!form || form.querySelector('input[name="' + name + '"]')) return;
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = 'clicked';
      form.appendChild(input);
    });
  }

  // The thank-you of a stepped survey: the receipt comes in the fragment, which no server sees.
  var done = /hb-done=([\w-]+)/.exec(location.hash);
  var root = document.getElementById('survey-root');
  var survey = root && root.getAttribute('data-survey');
  if (done && survey) {
    history.replaceState(null, '', location.pathname + location.search);
    try {
      localStorage.setItem('hb:' + survey, JSON.stringify({ done: Date.now() }));
      localStorage.setItem('hb:' + survey + ':r', done[1]);
      // The company's survey fatigue, as the page script keeps it after the widget's answer.
      var company = root.getAttribute('data-company');
      if (company) localStorage.setItem('hb:c:' + company, Date.now());
    } catch (e) { /* storage refused: the link below still carries the receipt */ }
    var open = document.querySelectorAll('.hb-open');
    for (var i = 0; i < open.length; i++) open[i].hash = 'receipt=' + encodeURIComponent(done[1]);
  }
  var host = root && root.getAttribute('data-host');
  if (survey && host && window.parent !== window) {
    var page = document.documentElement;
    page.classList.add('hb-embedded');
    var fit = function () { window.parent.postMessage({ hearback: 'resize', height: page.scrollHeight }, host); };
    fit();
    if (window.ResizeObserver) new ResizeObserver(fit).observe(page);
  }
})();
