/* The participant form in the browser: plain JavaScript, no framework, no build step.

   The page works without it. With it, the form definition embedded in the page (forms/
   browser.py) drives the page: relevance hides and shows questions, calculations and
   choice filters run, constraints and required answers are checked as they are typed,
   all through expr.js on the syntax trees the server parsed. The language switches
   without a round trip. A submitted form goes into an IndexedDB queue under its client
   UUID and leaves it only when the server acknowledges that UUID (201 or 200), so forms
   filled with no network are sent when it returns and never twice. Answers being typed
   are kept as a draft in localStorage, so a reload or a closed tab loses nothing. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('collect-form').textContent),
    F = data.form, UI = data.ui, E = window.CollectExpr,
    form = document.querySelector('form[method=post]'),
    queueNote = document.getElementById('queue'), summary = document.querySelector('.summary'),
    done = document.getElementById('done'), submitButton = form.querySelector('.submit'),
    lang = form.elements._language.value, draftKey = 'collect-draft:' + data.slug + ':' + (data.code || ''),
    byName = {}, attempted = false, pages = null, page = 0, flushing = null, lastTrigger = {},
    waitingFor = null;  // the UUID of the form the thank-you says is waiting to be sent

  /* A question is found by its key (its name, or group/name where the name is used twice). */
  function keyOf(q) { return q.k || q.n; }
  (function index(qs) {
    qs.forEach(function (q) { byName[q.n] = byName[q.n] || q; byName[keyOf(q)] = q; index(q.ch || []); });
  })(F.questions);

  function all(list) { return Array.prototype.slice.call(list); }
  function t(text) {
    if (!text) return '';
    return text[lang] || text[F.default] || text.en || text.lo || text[Object.keys(text)[0]];
  }
  function ui(key, n, item) {
    return (UI[key][lang] || UI[key].en).replace('{n}', n).replace('{item}', item)
      .replace('{mb}', data.uploadBytes / 1048576);
  }
  function make(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls || '';
    if (text) e.textContent = text;
    return e;
  }
  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    b.forEach(function (x) { h.push((x + 256).toString(16).slice(1)); });
    h = h.join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }
  function stamp() { return new Date().toISOString().slice(0, 19); }

  /* ---- the form's fields, read the way collect/schemas.py reads a form post ---- */
  function controls() {
    var m = {};
    all(form.elements).forEach(function (e) {
      if (e.name && !e.disabled && e.type !== 'submit' && e.type !== 'button') (m[e.name] = m[e.name] || []).push(e);
    });
    return m;
  }
  function value(q, els) {
    var multi = q.t === 'select_multiple' || q.t === 'rank', vals = [];
    if (!els) return null;
    els.forEach(function (e) {
      if (e.type === 'checkbox' || e.type === 'radio') { if (e.checked) vals.push(e.value); }
      else if (e.type === 'file') { if (e.files.length) vals.push(e.files[0]); }
      else if (e.multiple) all(e.selectedOptions).forEach(function (o) { vals.push(o.value); });
      else vals.push(e.value);
    });
    if (multi) return vals.filter(function (v) { return v !== ''; });
    return vals.length ? vals[0] : null;
  }
  function instances(key) {
    var fs = document.getElementById('g-' + key);
    return fs ? all(fs.children).filter(function (e) { return e.classList.contains('instance'); }) : [];
  }
  function walk(qs, prefix, rep, fn) {
    qs.forEach(function (q) {
      var key = prefix + keyOf(q);
      if (fn(q, key, rep, prefix) === false) return;
      if (q.t === 'group') walk(q.ch || [], prefix, rep, fn);
      if (q.t === 'repeat') instances(key).forEach(function (inst, i) {
        walk(q.ch || [], key + '[' + (i + 1) + ']/', rep.concat([[keyOf(q), i + 1]]), fn);
      });
    });
  }
  function answers() {
    var els = controls(), root = {}, scopes = {'': root};
    walk(F.questions, '', [], function (q, key, rep, prefix) {
      var scope = scopes[prefix], v;
      if (!scope) return false;
      if (q.t === 'repeat') {
        scope[keyOf(q)] = instances(key).map(function (inst, i) { return (scopes[key + '[' + (i + 1) + ']/'] = {}); });
      } else if (q.t !== 'group' && q.t !== 'note') {
        v = value(q, els[key]);
        if (v !== null && !(Array.isArray(v) && !v.length) && !(v instanceof File)) scope[keyOf(q)] = v;
      }
    });
    return root;
  }

  /* ---- relevance, calculations, choice filters, repeat counts ---- */
  function evaluate(tree, ctx) {
    try { return E.evaluate(tree, ctx); } catch (problem) { return null; }  // the server decides
  }
  /* A rule that cannot be evaluated here holds: better a question shown than one lost. */
  function holds(tree, ctx) {
    var v = evaluate(tree, ctx);
    return v === null || E.toBoolean(v);
  }
  function element(q, key) {
    if (q.t === 'group' || q.t === 'repeat') return document.getElementById('g-' + key);
    return document.getElementById('q-' + key) || form.querySelector('input[type=hidden][name="' + CSS.escape(key) + '"]');
  }
  function setRelevant(el, ok) {
    if (!el || el.hidden === !ok) return false;
    el.hidden = !ok;
    (el.matches('input') ? [el] : all(el.querySelectorAll('input,select,textarea,button'))).forEach(function (c) {
      c.disabled = !ok || c.hasAttribute('data-ro');
    });
    return true;
  }
  function filterChoices(q, key, ctx) {
    var changed = false;
    (F.choices[q.list] || []).forEach(function (c) {
      var row = Object.assign({name: c.n}, c.x || {}), show = holds(q.cf, Object.assign({choice: row}, ctx));
      all(document.getElementById('q-' + key).querySelectorAll('[value="' + CSS.escape(c.n) + '"]')).forEach(function (o) {
        var holder = o.closest('.choice') || o;
        if (holder.hidden !== !show) { holder.hidden = !show; changed = true; }
        if (!show && (o.checked || o.selected)) { o.checked = o.selected = false; changed = true; }
      });
    });
    return changed;
  }
  function fitRepeat(q, key, ctx) {
    var want = Math.max(0, Math.min(100, Math.floor(E.toNumber(evaluate(q.rc, ctx))) || 0)), have = instances(key);
    if (have.length === want) return false;
    while (have.length < want) have.push(addInstance(document.getElementById('g-' + key)));
    have.slice(want).forEach(function (inst) { removeInstance(inst); });
    return true;
  }
  function refresh() {
    for (var pass = 0, changed = true; changed && pass < 5; pass++) {
      var a = answers(), els = controls();
      changed = false;
      walk(F.questions, '', [], function (q, key, rep) {
        var ctx = contextOf(a, q, rep), ok = !q.rel || holds(q.rel, ctx), v;
        changed = setRelevant(element(q, key), ok) || changed;
        if (!ok) return false;
        if (q.calc && els[key] && triggered(q, key, ctx)) {
          v = evaluate(q.calc, ctx);
          v = v === null ? '' : E.toString(v);
          if (els[key][0].value !== v) { els[key][0].value = v; changed = true; }
        }
        if (q.cf) changed = filterChoices(q, key, ctx) || changed;
        if (q.rc) changed = fitRepeat(q, key, ctx) || changed;
      });
    }
    showOutputs(answers());
    if (attempted) check(null);
  }
  /* A calculation with a trigger is worked out when its trigger question's answer
     changes, not each time the page changes (XLSForm's trigger column). */
  function triggered(q, key, ctx) {
    if (!q.tr) return true;
    var now = shown(evaluate({type: 'ref', name: q.tr}, ctx)), before = lastTrigger[key];
    lastTrigger[key] = now;
    return before !== undefined && before !== now;
  }
  /* ---- ${name} in labels, hints and notes shows the answer, as it changes ---- */
  function shown(v) {
    if (v === null || v === undefined) return '';
    v = E.toString(v);
    return v === 'NaN' ? '' : v;
  }
  function placeOf(e) {  // the repeat instances an element of the page sits in
    var owner = e.closest('[id^="q-"],[id^="g-"]'), key = owner ? owner.id.slice(2) : '', rep = [], m,
      step = /([^\[\]\/]+)\[(\d+)\]\//g;
    while ((m = step.exec(key))) rep.push([m[1], +m[2]]);
    return rep;
  }
  function showOutputs(a) {
    all(document.querySelectorAll('[data-o]')).forEach(function (e) {
      var p = e.getAttribute('data-t').split(' '), q = byName[p[1]], rep = placeOf(e);
      if (!q) return;
      e.textContent = (t(q[p[2]]) || '').replace(/\$\{\s*([^}\s]+)\s*\}/g, function (whole, name) {
        return shown(evaluate({type: 'ref', name: name}, contextOf(a, q, rep)));
      });
    });
  }
  /* ---- dynamic defaults: worked out once, where a question is still unanswered ---- */
  function defaults(root) {
    var a = answers(), els = controls();
    walk(F.questions, '', [], function (q, key, rep) {
      var el = els[key], v;
      if (!q.dd || !el || !root.contains(el[0]) || el[0].value !== '' || el[0].type === 'radio' || el[0].type === 'checkbox') return;
      v = evaluate(q.dd, contextOf(a, q, rep));
      if (v !== null) el[0].value = shown(v);
    });
  }
  /* The secondary instances expressions read: the form's choice lists, labels in the page's
     language (as forms/validation.py gives them to the server), and its attached files. */
  var lists = {};
  function secondary() {
    if (!lists[lang]) {
      lists[lang] = Object.assign({}, F.instances || {});
      Object.keys(F.choices).forEach(function (name) {
        if (!(F.instances || {})[name]) lists[lang][name] = F.choices[name].map(function (c) {
          return Object.assign({}, c.x || {}, {name: c.n, label: t(c.l)});
        });
      });
    }
    return lists[lang];
  }
  /* What an expression of question ``q`` sees, in the repeat instances ``rep``. */
  function contextOf(a, q, rep) {
    return {answers: a, current: keyOf(q), repeat: rep, choiceLabel: choiceLabel, instances: secondary()};
  }
  function choiceLabel(name, choice) {
    var found = (F.choices[(byName[name] || {}).list] || []).filter(function (c) { return c.n === choice; })[0];
    return found ? t(found.l) : '';
  }

  /* ---- checking answers, with messages in the page's language ---- */
  function message(code) { return t(F.messages[code]); }
  function blank(v) { return v === null || v === undefined || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length); }
  function required(q, ctx) {
    return q.req === true || (!!q.req && E.toBoolean(evaluate(q.req, ctx)));  // an error: not required
  }
  function problem(q, v, ctx) {
    var n, p, geo;
    if (blank(v)) return required(q, ctx) ? t(q.rm) || message('required') : '';
    if (v instanceof File) return v.size > data.uploadBytes && !/^image\//.test(v.type) ? ui('file_too_large') : '';
    if (q.t === 'integer' && !/^\s*[-+]?\d{1,15}\s*$/.test(v)) return message('not_integer');
    if ((q.t === 'decimal' || q.t === 'range') && !/^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(v)) return message('not_decimal');
    if (q.t === 'range') {
      p = q.p || {}; n = +v;
      if (n < Math.min(+(p.start || 1), +(p.end || 10)) || n > Math.max(+(p.start || 1), +(p.end || 10))) {
        return message('out_of_range').replace('{start}', p.start || 1).replace('{end}', p.end || 10);
      }
    }
    if (q.t === 'geopoint' && !point(v)) return message('not_geopoint');
    if (q.t === 'geotrace' || q.t === 'geoshape') {
      geo = v.split(/[;\n]/).filter(function (x) { return x.trim(); });
      if (!geo.every(point) || geo.length < (q.t === 'geotrace' ? 2 : 3)) return message('not_' + q.t);
    }
    if (q.t === 'rank' && v.length < (F.choices[q.list] || []).length) return message('rank_incomplete');
    if (q.con && !holds(q.con, ctx)) return t(q.cm) || message('constraint');
    return '';
  }
  function point(text) {  // latitude longitude [altitude [accuracy]]
    var geo = text.trim().split(/\s+/).map(Number);
    return geo.length >= 2 && geo.length <= 4 && !geo.some(isNaN) && Math.abs(geo[0]) <= 90 && Math.abs(geo[1]) <= 180;
  }
  /* Show (or clear) a question's error, and say so to assistive technology: the controls
     are marked invalid (a radio group as a whole), and with ``announce`` the message is
     read out (a question checked as it is left). */
  function show(key, text, announce) {
    var box = document.getElementById('q-' + key), err = document.getElementById('e-' + key), before, target,
      group = box && box.querySelector('fieldset[role=radiogroup]');
    if (!box) return;
    box.classList.toggle('invalid', !!text);
    (group ? [group] : all(box.querySelectorAll('input,select,textarea'))).forEach(function (c) {
      if (text) c.setAttribute('aria-invalid', 'true'); else c.removeAttribute('aria-invalid');
    });
    if (announce && text && (!err || err.textContent !== text)) {
      document.getElementById('announce').textContent = labelOf(box) + ': ' + text;
    }
    if (!text) { if (err) err.remove(); return; }
    if (!err) {
      err = make('p', 'error');
      err.id = 'e-' + key;
      before = box.querySelector('.choices,.rank,input,select,textarea');
      before.parentNode.insertBefore(err, before);
      target = box.querySelector('fieldset') || before;
      target.setAttribute('aria-describedby', ((target.getAttribute('aria-describedby') || '') + ' ' + err.id).trim());
    }
    err.textContent = text;
  }
  function labelOf(box) {
    var label = box.querySelector('.label [data-t], [data-t^="q "]');
    return label ? label.textContent : '';
  }
  /* Check every visible question (or those inside `within`); the first invalid field, or
     null. The summary lists every problem found, each a link to its question. */
  function check(within, announce) {
    var a = answers(), els = controls(), first = null, list = summary.querySelector('.problems'), n = 0;
    list.textContent = '';
    walk(F.questions, '', [], function (q, key, rep) {
      var el = element(q, key), text, item, link;
      if (!el || el.hidden) return false;
      if (q.t === 'group' || q.t === 'repeat' || q.t === 'note' || !document.getElementById('q-' + key)) return;
      if (within && !within.some(function (w) { return w.contains(el); })) return;
      text = problem(q, value(q, els[key]), contextOf(a, q, rep));
      show(key, text, announce);
      if (!text) return;
      if (!first) first = el;
      n++;
      item = make('li');
      link = make('a', '', labelOf(el) + ': ' + text);
      link.href = '#q-' + key;
      link.onclick = function (ev) { ev.preventDefault(); focusOn(el); };
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.hidden = !first;
    document.title = (first ? ui('title_errors', n) + ' — ' : '') + t(F.title);
    return first;
  }
  function focusOn(box) {
    if (pages) pages.forEach(function (els, i) { if (els.some(function (e) { return e.contains(box); })) showPage(i); });
    box.scrollIntoView({block: 'center'});
    (box.querySelector('input,select,textarea') || box).focus({preventScroll: true});
  }

  /* ---- repeats: add and remove instances without a round trip ---- */
  function renumber(node, key, from, to) {
    var re = new RegExp('(^|[-/ ])' + key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\[' + from + '\\]', 'g'),
      fix = function (root) {
        all(root.querySelectorAll('*')).concat(root.nodeType === 1 ? [root] : []).forEach(function (e) {
          ['name', 'id', 'for', 'aria-describedby', 'data-key'].concat(e.tagName === 'BUTTON' ? ['value'] : []).forEach(function (attr) {
            var v = e.getAttribute(attr);
            if (v) e.setAttribute(attr, v.replace(re, '$1' + key + '[' + to + ']'));
          });
          if (e.tagName === 'TEMPLATE') fix(e.content);
        });
      };
    fix(node);
  }
  /* Repeated buttons say which entry they act on: "Remove this one: Participants 2". */
  function nameRepeat(fs) {
    var legend = fs.querySelector('legend'), name = legend ? legend.textContent : '', key = fs.getAttribute('data-key');
    fs.querySelector('.add').setAttribute('aria-label', ui('add') + ': ' + name);
    instances(key).forEach(function (inst, i) {
      var b = inst.querySelector(':scope > .remove');
      if (b) b.setAttribute('aria-label', ui('remove') + ': ' + name + ' ' + (i + 1));
    });
  }
  function addInstance(fs) {
    var key = fs.getAttribute('data-key'), node = fs.querySelector('template').content.firstElementChild.cloneNode(true);
    renumber(node, key, 0, instances(key).length + 1);
    fs.insertBefore(node, fs.querySelector('.add'));
    enhance(node);
    defaults(node);
    nameRepeat(fs);
    return node;
  }
  function removeInstance(inst) {
    var fs = inst.parentNode, key = fs.getAttribute('data-key'), list = instances(key), at = list.indexOf(inst);
    inst.remove();
    list.slice(at + 1).forEach(function (later, i) { renumber(later, key, at + i + 2, at + i + 1); });
    nameRepeat(fs);
  }

  /* ---- small enhancements of native controls ---- */
  function enhance(root) {
    all(root.querySelectorAll('ol.rank')).forEach(ranker);
    if (!navigator.geolocation) return;
    all(root.querySelectorAll('input.geopoint')).forEach(function (input) {
      locateButton(input, 'locate', function (point) { input.value = point; });
    });
    all(root.querySelectorAll('textarea.geotrace,textarea.geoshape')).forEach(function (area) {
      locateButton(area, 'add_point', function (point) {
        area.value = area.value.replace(/\s*$/, '') + (area.value.trim() ? ';\n' : '') + point;
      });
    });
  }
  /* A button after ``field`` that asks the phone where it is and gives ``use`` the point
     as ODK writes it: latitude longitude altitude accuracy. */
  function locateButton(field, key, use) {
    var b = make('button', 'link locate', ui(key));
    b.type = 'button';
    b.setAttribute('data-t', 'u ' + key);
    b.onclick = function () {
      b.textContent = ui('locating');
      navigator.geolocation.getCurrentPosition(function (p) {
        var c = p.coords;
        use([c.latitude.toFixed(6), c.longitude.toFixed(6), Math.round(c.altitude || 0), Math.round(c.accuracy)].join(' '));
        b.textContent = ui(key);
        changed(field);
      }, function () { b.textContent = ui('no_location'); }, {enableHighAccuracy: true, timeout: 20000});
    };
    field.parentNode.insertBefore(b, field.nextSibling);
  }

  /* ---- rank: tap each choice in your own order; nothing is ranked until you do ----
     The position selects stay the form's fields (and what a page without JavaScript
     shows); this draws the order they hold, with each item's moves named after it. */
  function ranker(list) {
    var selects = all(list.querySelectorAll('select')), box = list.closest('fieldset'),
      widget = make('div', 'ranker'), live = make('p', 'live');
    live.setAttribute('aria-live', 'polite');
    list.hidden = true;
    list.parentNode.insertBefore(widget, list.nextSibling);
    widget.parentNode.insertBefore(live, widget.nextSibling);
    function order() { return selects.map(function (s) { return s.value; }).filter(function (v) { return v; }); }
    function name(v) {
      var o = all(selects[0].options).filter(function (x) { return x.value === v; })[0];
      return o ? o.textContent : v;
    }
    function put(ordered, said, focusValue, focusRole) {
      selects.forEach(function (s, i) { s.value = ordered[i] || ''; });
      live.textContent = said;
      changed(selects[0]);
      draw(focusValue, focusRole);
    }
    function button(cls, text, label, value, role, act) {
      var b = make('button', cls, text);
      b.type = 'button';
      b.setAttribute('aria-label', label);
      b.setAttribute('data-value', value);
      b.setAttribute('data-role', role);
      b.onclick = act;
      return b;
    }
    function draw(focusValue, focusRole) {
      var ranked = order(), done = make('ol', 'ranked'), rest = make('ul', 'unranked'), target;
      widget.textContent = '';
      widget.appendChild(make('p', 'hint', ui('rank_hint')));
      ranked.forEach(function (v, i) {
        var li = make('li', 'item');
        li.appendChild(make('span', 'position', String(i + 1)));
        li.appendChild(make('span', 'name', name(v)));
        [['up', '↑', -1], ['down', '↓', 1], ['out', '×', 0]].forEach(function (d) {
          var b = button('move', d[1], ui('rank_' + d[0], '', name(v)), v, d[0], function () {
            var now = order(), at = now.indexOf(v);
            now.splice(at, 1);
            if (d[2]) now.splice(at + d[2], 0, v);
            put(now, d[2] ? ui('rank_now', now.indexOf(v) + 1, name(v)) : ui('rank_taken_out', '', name(v)), v, d[0]);
          });
          b.disabled = (d[2] < 0 && i === 0) || (d[2] > 0 && i === ranked.length - 1);
          li.appendChild(b);
        });
        done.appendChild(li);
      });
      all(selects[0].options).forEach(function (o) {
        if (!o.value || ranked.indexOf(o.value) >= 0) return;
        var li = make('li');
        li.appendChild(button('pick', o.textContent, ui('rank_put', ranked.length + 1, o.textContent), o.value, 'pick', function () {
          var now = order().concat([o.value]);
          put(now, ui('rank_now', now.length, o.textContent), o.value, 'pick');
        }));
        rest.appendChild(li);
      });
      if (ranked.length) widget.appendChild(done);
      if (rest.children.length) widget.appendChild(rest);
      if (!focusValue) return;
      // Focus stays where the participant's attention is: the next choice to place, or
      // the item just moved (its other move when this one is now at an end).
      target = focusRole === 'pick' || focusRole === 'out' ? rest.querySelector('button') :
        widget.querySelector('[data-value="' + CSS.escape(focusValue) + '"][data-role="' + focusRole + '"]');
      if (!target || target.disabled) target = widget.querySelector('[data-value="' + CSS.escape(focusValue) + '"]:not([disabled])');
      (target || widget.querySelector('button') || box).focus();
    }
    list.redraw = draw;
    draw();
  }
  function redrawRanks() {
    all(form.querySelectorAll('ol.rank')).forEach(function (list) { if (list.redraw) list.redraw(); });
  }

  /* ---- field-list groups as pages ---- */
  function paginate() {
    // The server's steps (for pages without JavaScript) are all shown here.
    var tops = all(form.children).reduce(function (list, e) {
      return list.concat(e.classList.contains('step') ? all(e.children) : [e]);
    }, []).filter(function (e) { return e.matches('.question,.note,fieldset'); }), current = null, nav;
    // The settings' style "pages" makes each top-level question or group a page, as Enketo does.
    var paged = (F.style || '').split(/\s+/).indexOf('pages') >= 0;
    if (!paged && !tops.some(function (e) { return e.classList.contains('field-list'); })) return;
    pages = [];
    tops.forEach(function (e) {
      if (paged || e.classList.contains('field-list')) { pages.push([e]); current = null; } else {
        if (!current) pages.push(current = []);
        current.push(e);
      }
    });
    nav = make('div', 'pager');
    [['back', -1], ['next', 1]].forEach(function (d) {
      var b = make('button', d[0] === 'next' ? 'button' : 'link', ui(d[0]));
      b.type = 'button';
      b.setAttribute('data-t', 'u ' + d[0]);
      b.onclick = function () {
        var bad = d[1] > 0 && check(pages[page]), to = page + d[1];
        if (bad) return focusOn(bad);
        // A page whose questions are all irrelevant now is passed over.
        while (to > 0 && to < pages.length - 1 && pages[to].every(function (e) { return e.hidden; })) to += d[1];
        showPage(to);
        // Where the new page begins, not behind on the button that turned it.
        (pages[to].map(function (e) { return e.hidden ? null : firstControl(e); }).filter(function (c) {
          return c && c.matches('input,select,textarea');
        })[0] || nav.children[1]).focus();
      };
      nav.appendChild(b);
    });
    form.insertBefore(nav, submitButton);
    showPage(0);
  }
  function showPage(i) {
    var nav = form.querySelector('.pager');
    page = i;
    pages.forEach(function (els, j) { els.forEach(function (e) { e.classList.toggle('off', j !== i); }); });
    nav.children[0].hidden = i === 0;
    nav.children[1].hidden = i === pages.length - 1;
    submitButton.hidden = i !== pages.length - 1;
    summary.hidden = true;
    window.scrollTo(0, 0);
  }

  /* ---- the language switch ---- */
  function setLanguage(code) {
    var url = new URL(location.href);
    lang = code;
    form.elements._language.value = code;
    document.documentElement.lang = code;
    document.title = t(F.title);
    all(document.querySelectorAll('[data-t]')).forEach(function (e) {
      var p = e.getAttribute('data-t').split(' '), q, c;
      if (p[0] === 'title') e.textContent = t(F.title);
      else if (p[0] === 'event') e.textContent = t(data.event);
      else if (p[0] === 'u') e.textContent = ui(p[1]);
      else if (p[0] === 'q' && (q = byName[p[1]])) e.textContent = t(q[p[2]]) || (p[2] === 'l' ? q.n : '');
      else if (p[0] === 'c') {
        c = (F.choices[p[1]] || []).filter(function (x) { return x.n === p[2]; })[0];
        if (c) e.textContent = t(c.l) || c.n;
      }
    });
    all(document.querySelectorAll('[data-lang]')).forEach(function (a) {
      if (a.getAttribute('data-lang') === code) a.setAttribute('aria-current', 'true'); else a.removeAttribute('aria-current');
    });
    redrawRanks();
    all(form.querySelectorAll('fieldset.repeat')).forEach(nameRepeat);
    showOutputs(answers());
    url.searchParams.set('lang', code);
    history.replaceState(null, '', url);
    if (attempted) check(null);
    showQueue();
  }

  /* ---- drafts: every change is kept until the form is queued ---- */
  function saveDraft() {
    var fields = {}, repeats = {};
    all(form.elements).forEach(function (e) {
      if (!e.name || e.name[0] === '_' || e.type === 'submit' || e.type === 'button' || e.type === 'file') return;
      var list = fields[e.name] = fields[e.name] || [];
      if (e.type === 'checkbox' || e.type === 'radio') { if (e.checked) list.push(e.value); }
      else if (e.multiple) all(e.selectedOptions).forEach(function (o) { list.push(o.value); });
      else list.push(e.value);
    });
    all(form.querySelectorAll('fieldset.repeat')).forEach(function (fs) { repeats[fs.getAttribute('data-key')] = instances(fs.getAttribute('data-key')).length; });
    try {
      localStorage.setItem(draftKey, JSON.stringify({uuid: form.elements._uuid.value, started: form.dataset.started,
        version: F.version, lang: lang, fields: fields, repeats: repeats}));
    } catch (full) { /* storage full or refused: the form still works */ }
  }
  function readDraft() {
    var d;
    try { d = JSON.parse(localStorage.getItem(draftKey) || 'null'); } catch (broken) { d = null; }
    if (!d || d.version !== F.version) return null;
    // A draft of nothing typed is no draft.
    return Object.keys(d.fields).some(function (k) { return d.fields[k].some(function (v) { return v !== ''; }); }) ? d : null;
  }
  /* A draft found on arrival is offered, never shown unasked: the phone may be another
     participant's by now. Returns whether there was one. */
  function offerDraft() {
    var d = readDraft(), bar = document.getElementById('draft');
    if (!d) return false;
    bar.hidden = false;
    function answer(keep) {
      bar.hidden = true;
      if (keep) restoreDraft(d); else localStorage.removeItem(draftKey);
      refresh();
      (form.querySelector('input:not([type=hidden]),select,textarea,button') || form).focus();
    }
    document.getElementById('draft-continue').onclick = function () { answer(true); };
    document.getElementById('draft-restart').onclick = function () { answer(false); };
    // Answering the form instead is starting over: the earlier answers stay unshown.
    form.addEventListener('input', function () { bar.hidden = true; }, {once: true});
    document.getElementById('draft-continue').focus();
    return true;
  }
  function restoreDraft(d) {
    Object.keys(d.repeats).sort(function (a, b) { return a.length - b.length; }).forEach(function (key) {
      var fs = document.getElementById('g-' + key);
      while (fs && instances(key).length < d.repeats[key]) addInstance(fs);
      while (fs && instances(key).length > d.repeats[key]) removeInstance(instances(key).pop());
    });
    var seen = {};
    all(form.elements).forEach(function (e) {
      var vals = d.fields[e.name], i;
      if (!vals || e.type === 'file') return;
      if (e.type === 'checkbox' || e.type === 'radio') e.checked = vals.indexOf(e.value) >= 0;
      else if (e.multiple) all(e.options).forEach(function (o) { o.selected = vals.indexOf(o.value) >= 0; });
      else { i = seen[e.name] = (seen[e.name] || 0); seen[e.name]++; if (i < vals.length) e.value = vals[i]; }
    });
    redrawRanks();
    form.elements._uuid.value = d.uuid;
    form.dataset.started = d.started || '';
    if (d.lang && d.lang !== lang && F.languages.indexOf(d.lang) >= 0) setLanguage(d.lang);
  }

  /* ---- the offline queue: IndexedDB, keyed by the response's UUID ---- */
  var database = null;
  function store(mode, work) {
    database = database || new Promise(function (ok, fail) {
      var open = indexedDB.open('collect', 1);
      open.onupgradeneeded = function () { open.result.createObjectStore('queue', {keyPath: 'uuid'}); };
      open.onsuccess = function () { ok(open.result); };
      open.onerror = function () { fail(open.error); };
    });
    return database.then(function (db) {
      return new Promise(function (ok, fail) {
        var tx = db.transaction('queue', mode), request = work(tx.objectStore('queue'));
        tx.oncomplete = function () { ok(request.result); };
        tx.onerror = tx.onabort = function () { fail(tx.error); };
      });
    });
  }
  function queued() { return store('readonly', function (s) { return s.getAll(); }); }
  /* The phone gives up on a queued form only when the server refuses it by a name it
     knows to be final (data.final: the link closed, a code used, answers to correct, a
     conflict). A 5xx, a 408 or 429, no network, or any answer it does not understand
     (a captive portal's page, a proxy's error) leaves it queued, to be tried again. */
  var retryIn = 2000, waitAtLeast = 0;
  function send(item) {
    return fetch(item.url, {method: 'POST', credentials: 'same-origin', body: JSON.stringify(item.body),
      headers: {'Content-Type': 'application/json', 'Accept': 'application/json'}}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        var code = body.error && body.error.code;
        if ((r.status === 200 || r.status === 201) && body.uuid === item.uuid && body.status) {
          return store('readwrite', function (s) { return s.delete(item.uuid); });
        }
        if (r.status >= 400 && r.status < 500 && data.final.indexOf(code) >= 0) {
          // The server will never take it as it is: keep it, say why, stop retrying it.
          item.refused = body.error.message || String(r.status);
          item.errors = body.error.details && body.error.details.errors;
          return store('readwrite', function (s) { return s.put(item); });
        }
        waitAtLeast = (parseInt(r.headers.get('Retry-After'), 10) || 0) * 1000;
        throw new Error('not taken yet: ' + r.status);
      });
    });
  }
  function flush() {
    flushing = flushing || queued().then(function (items) {
      return items.filter(function (i) { return !i.refused; }).reduce(function (chain, item) {
        return chain.then(function () { return send(item); });
      }, Promise.resolve());
    }).then(function () { retryIn = 2000; }, function () {
      // Unsent: everything stays queued. A network that has just come back often fails
      // the first tries, so while the phone says it is online, try again soon, then less
      // often (never sooner than the server's Retry-After).
      if (navigator.onLine) setTimeout(flush, Math.max(retryIn, waitAtLeast));
      retryIn = Math.min(retryIn * 2, 30000);
    }).then(function () {
      flushing = null;
      return showQueue();
    }).then(function (items) {
      document.documentElement.setAttribute('data-queue', 'idle');  // a send round is over (tests wait on it)
      return items;
    });
    return flushing;
  }
  function showQueue() {
    return queued().then(function (items) {
      var waiting = items.filter(function (i) { return !i.refused; }).length,
        refused = items.filter(function (i) { return i.refused; }), lines = [];
      if (waiting) lines.push(waiting === 1 ? ui('waiting_one') : ui('waiting', waiting));
      if (refused.length) lines.push(ui('refused', refused.length).replace('{reason}', refused[0].refused));
      if (waitingFor && !items.some(function (i) { return i.uuid === waitingFor; })) {
        document.getElementById('done-text').textContent = ui('sent');  // it has arrived since
        document.title = ui('sent') + ' — ' + t(F.title);
        waitingFor = null;
      }
      queueNote.textContent = lines.join(' · ');
      queueNote.hidden = !lines.length;
      fixable = refused.filter(function (i) { return i.errors && i.slug === data.slug && i.body.version === F.version; })[0];
      if (fixable) queueNote.appendChild(reopenButton);
      lost = refused.filter(function (i) { return i !== fixable; });
      if (lost.length) queueNote.appendChild(discardButton);
      return items;
    }, function () { return []; });
  }

  /* ---- forms refused for good (the link closed, the code was used) can be removed, once confirmed ---- */
  var lost = [], discardButton = make('button', 'link', ui('discard'));
  discardButton.type = 'button';
  discardButton.setAttribute('data-t', 'u discard');
  discardButton.onclick = function () {
    if (!window.confirm(ui('discard_confirm', lost.length))) return;
    store('readwrite', function (s) {
      return lost.map(function (i) { return s.delete(i.uuid); }).pop();
    }).then(showQueue);
  };

  /* ---- a queued form the server refused (its checks differ from ours) comes back to be fixed ---- */
  var fixable = null, reopenButton = make('button', 'link', ui('fix'));
  reopenButton.type = 'button';
  reopenButton.setAttribute('data-t', 'u fix');
  reopenButton.onclick = function () { reopen(fixable); };
  function reopen(item) {
    return store('readwrite', function (s) { return s.delete(item.uuid); }).then(function () {
      again();
      fill(item.body.answers);
      redrawRanks();
      form.elements._uuid.value = item.uuid;
      form.dataset.started = item.body.started_at || '';
      attempted = true;
      refresh();
      Object.keys(item.errors).forEach(function (key) { show(key, item.errors[key]); });
      summary.hidden = false;
      saveDraft();
      showQueue();
      focusOn(document.querySelector('.invalid') || summary);
    });
  }
  function fill(given) {
    var scopes = {'': given};
    walk(F.questions, '', [], function (q, key, rep, prefix) {
      var scope = scopes[prefix] || {}, v = scope[keyOf(q)], fs, list;
      if (q.t === 'repeat') {
        list = Array.isArray(v) ? v : [];
        fs = document.getElementById('g-' + key);
        while (fs && instances(key).length < list.length) addInstance(fs);
        list.forEach(function (inst, i) { scopes[key + '[' + (i + 1) + ']/'] = inst; });
        return;
      }
      if (v === undefined || q.t === 'group') return;
      v = Array.isArray(v) ? v.map(String) : [String(v)];
      all(form.querySelectorAll('[name="' + CSS.escape(key) + '"]')).forEach(function (e, i) {
        if (e.type === 'checkbox' || e.type === 'radio') e.checked = v.indexOf(e.value) >= 0;
        else if (e.multiple) all(e.options).forEach(function (o) { o.selected = v.indexOf(o.value) >= 0; });
        else if (e.type !== 'file' && i < v.length) e.value = v[i];
      });
    });
  }

  /* ---- submitting ---- */
  function shrink(file) {  // a phone camera's photo: at most 1600 px, JPEG, far under the cap
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (img) {
      var scale = Math.min(1, 1600 / Math.max(img.width, img.height)), c = document.createElement('canvas');
      if (scale === 1 && file.size < 1048576) return file;
      c.width = Math.round(img.width * scale);
      c.height = Math.round(img.height * scale);
      c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
      return new Promise(function (ok) { c.toBlob(function (b) { ok(b || file); }, 'image/jpeg', 0.8); });
    }, function () { return file; });
  }
  function encode(file) {
    return shrink(file).then(function (blob) {
      return new Promise(function (ok, fail) {
        var reader = new FileReader();
        reader.onload = function () {
          ok({name: file.name, type: blob.type || file.type, data: reader.result.slice(reader.result.indexOf(',') + 1)});
        };
        reader.onerror = function () { fail(reader.error); };
        reader.readAsDataURL(blob);
      });
    });
  }
  function files() {  // path -> {name, type, data (base64)} for every chosen photo or file
    var found = {}, inputs = all(form.querySelectorAll('input[type=file]')).filter(function (e) { return !e.disabled && e.files.length; });
    return Promise.all(inputs.map(function (e) {
      return encode(e.files[0]).then(function (f) { found[e.name] = f; });
    })).then(function () { return found; });
  }
  function submit() {
    var uuid = form.elements._uuid.value, code = form.elements._code,
      body = {uuid: uuid, version: form.elements._version.value, language: lang,
        started_at: form.dataset.started || null, submitted_at: stamp(), answers: answers()};
    if (code) body.code = code.value;
    return files().then(function (found) {
      body.files = found;
      return store('readwrite', function (s) {
        return s.put({uuid: uuid, url: data.submitUrl, slug: data.slug, body: body});
      });
    }).then(function () {
      localStorage.removeItem(draftKey);
      // A send already under way did not see this form: send again once it is over.
      return (flushing || Promise.resolve()).then(flush);
    }).then(function (items) {
      var mine = items.filter(function (i) { return i.uuid === uuid; })[0];
      if (mine && mine.errors) return reopen(mine);
      waitingFor = mine && !mine.refused ? uuid : null;
      document.getElementById('done-text').textContent = !mine ? ui('sent') : mine.refused || ui('queued');
      document.title = document.getElementById('done-text').textContent + ' — ' + t(F.title);
      clearForm();  // on the phone only in the queue now, until the server has it
      // A code that has answered, or a link that refuses for good, takes no second form.
      document.getElementById('again').hidden = data.access === 'code_once' || !!(mine && mine.refused);
      form.hidden = true;
      summary.hidden = true;
      done.hidden = false;
      done.focus();
    });
  }
  function clearForm() {
    form.reset();
    all(form.querySelectorAll('fieldset.repeat')).forEach(function (fs) {
      instances(fs.getAttribute('data-key')).slice(1).forEach(removeInstance);
    });
    form.elements._uuid.value = newUuid();
    form.dataset.started = '';
    attempted = false;
    all(form.querySelectorAll('.error')).forEach(function (e) { show(e.id.slice(2), ''); });
    redrawRanks();
    refresh();
  }
  function again() {
    clearForm();
    waitingFor = null;
    if (pages) showPage(0);
    done.hidden = true;
    form.hidden = false;
    document.title = t(F.title);
    window.scrollTo(0, 0);
    firstControl(form).focus();
  }
  function firstControl(root) {
    return root.querySelector('input:not([type=hidden]):not([disabled]),select:not([disabled]),textarea:not([disabled])') || root;
  }
  function changed(target) {
    var box = document.getElementById('q-' + target.name);
    if (!form.dataset.started) form.dataset.started = stamp();
    refresh();
    saveDraft();
    if (!attempted && box && !box.hidden) check([box], true);  // the question just answered
  }

  form.addEventListener('change', function (ev) { changed(ev.target); });
  form.addEventListener('input', function () { saveDraft(); });
  form.addEventListener('click', function (ev) {
    var b = ev.target.closest('button');
    if (!b || b.type !== 'submit' || (b.name !== '_add' && b.name !== '_remove')) return;
    ev.preventDefault();
    var fs = b.closest('fieldset.repeat'), inst = b.closest('.instance'), list, at;
    if (b.name === '_add') {
      inst = addInstance(fs);
      refresh();
      firstControl(inst).focus();  // where the new entry begins
    } else {
      list = instances(fs.getAttribute('data-key'));
      at = list.indexOf(inst);
      removeInstance(inst);
      refresh();
      list = instances(fs.getAttribute('data-key'));
      (list.length ? firstControl(list[Math.max(0, at - 1)]) : fs.querySelector('.add')).focus();
    }
    saveDraft();
  });
  form.addEventListener('submit', function (ev) {
    var bad;
    if (!window.indexedDB || !window.fetch) return;  // the plain form post still works
    ev.preventDefault();
    attempted = true;
    refresh();
    bad = check(null);
    if (bad) { summary.hidden = false; summary.focus(); summary.scrollIntoView({block: 'start'}); return; }
    submit().catch(function () { form.submit(); });
  });
  document.getElementById('again').addEventListener('click', again);
  all(document.querySelectorAll('[data-lang]')).forEach(function (a) {
    a.addEventListener('click', function (ev) { ev.preventDefault(); setLanguage(a.getAttribute('data-lang')); saveDraft(); });
  });
  window.addEventListener('online', flush);
  setInterval(flush, 30000);

  enhance(form);
  // The language the address asks for, though a cached page in another one answered it.
  (function (asked) { if (asked && asked !== lang && F.languages.indexOf(asked) >= 0) setLanguage(asked); })(
    new URL(location.href).searchParams.get('lang'));
  if (summary.hidden) {
    form.elements._uuid.value = newUuid();
    offerDraft();
  } else {
    attempted = true;
  }
  paginate();
  refresh();
  flush();
  if ('serviceWorker' in navigator && window.caches) {
    navigator.serviceWorker.register(form.getAttribute('action').replace(/[^/]*$/, 'sw.js')).then(function () {
      // A page the worker served has been cached by the worker as it loaded; only a first
      // visit, which the worker did not see, is cached here — once every download of the
      // page is over, from what the browser holds (its HTTP cache): no byte comes twice.
      if (navigator.serviceWorker.controller) return;
      return (document.readyState === 'complete' ? Promise.resolve() : new Promise(function (done) {
        window.addEventListener('load', done, {once: true});
      })).then(cacheWhatCameDown);
    }).catch(function () { /* no offline copy: the page still works online */ }).then(function () {
      document.documentElement.setAttribute('data-offline', 'settled');  // tests wait on it
    });
  }
  function cacheWhatCameDown() {
    var urls = [location.href].concat(all(document.querySelectorAll('script[src],link[rel=stylesheet],link[rel=icon]')).map(function (e) { return e.src || e.href; }));
    return caches.open('collect-v1').then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return fetch(url, {cache: 'force-cache', credentials: 'same-origin'}).then(function (r) {
          if (r.ok) return cache.put(url, r);
        });
      }));
    });
  }
})();
