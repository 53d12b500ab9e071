/* Evaluates, in the browser, the expression trees that forms/expressions parses on the
   server: the twin of forms/expressions/evaluator.py, held to the same answers by
   forms/expression_vectors.json. It never parses. Browser: window.CollectExpr; Node:
   module.exports. ctx = {answers, current, repeat: [[name, position]], now: ISO text
   (default: this moment), choiceLabel(question, choice), choice: {column: value}}. */
(function (root) {
  'use strict';
  var DAY = 864e5, NUM = /^-?(\d+(\.\d*)?|\.\d+)$/,
    DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:?\d\d)?)?$/,
    MON = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' '),
    WEEK = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');

  function Nodes(n) { this.n = n; }           // several answers at once
  function D(ms, t, z) { this.ms = ms; this.t = t; this.z = z; } // wall-clock ms, has time, offset
  function fail(m) { var e = new Error(m); e.name = 'ExpressionError'; return e; }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function trim(s) { return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''); }
  function p2(n) { return (n < 10 ? '0' : '') + n; }

  function fromAnswer(v) {
    var t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') return v;
    if (!Array.isArray(v)) return '';
    return v.every(isObj) ? new Nodes(v) : v.map(function (x) { return str(fromAnswer(x)); }).join(' ');
  }
  function scalar(v) {
    if (v instanceof Nodes) {
      if (v.n.length > 1) throw fail('this refers to ' + v.n.length + ' repeated answers where one is needed');
      v = v.n.length ? v.n[0] : '';
    }
    return isObj(v) && !(v instanceof D) ? '' : v;
  }
  function str(v) {
    v = scalar(v);
    if (!(v instanceof D)) return String(v);
    var s = new Date(v.ms).toISOString();
    return v.t ? s.slice(0, 23) + (v.z || '') : s.slice(0, 10);
  }
  function num(v) {
    v = scalar(v);
    if (typeof v !== 'string') return v instanceof D ? v.ms / DAY : +v;
    var s = trim(v), d = parseDate(s);
    return NUM.test(s) ? +s : d ? d.ms / DAY : NaN;
  }
  function bool(v) { v = scalar(v); return v instanceof D || !!v; }

  function parseDate(s) {
    var m = DATE.exec(s), d = new Date(0), z, o;
    if (!m) return null;
    d.setUTCFullYear(+m[1], m[2] - 1, +m[3]);
    if (+m[1] < 1 || d.getUTCMonth() !== m[2] - 1 || d.getUTCDate() !== +m[3]) return null;
    if (m[4] === undefined) return new D(d.getTime(), false, null);
    if (m[4] > 23 || m[5] > 59 || (m[6] || 0) > 59) return null;
    z = m[8];
    if (z) {
      o = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (z.slice(1, 3) * 60 + +z.slice(-2));
      if (z !== 'Z' && (z.slice(1, 3) > 23 || z.slice(-2) > 59)) return null;
      z = (o < 0 ? '-' : '+') + (z === 'Z' ? '00:00' : z.slice(1, 3) + ':' + z.slice(-2));
    }
    return new D(d.getTime() + ((m[4] * 60 + +m[5]) * 60 + +(m[6] || 0)) * 1000 +
      +((m[7] || '') + '000').slice(0, 3), true, z || null);
  }
  function fromDays(n) {
    n = Math.floor(n);
    return n >= -719162 && n <= 2932896 ? new D(n * DAY, false, null) : null;
  }
  function toDate(v) {
    v = scalar(v);
    return v instanceof D ? v : (typeof v === 'string' ? parseDate(trim(v)) : fromDays(num(v))) || '';
  }
  function now(c) {
    if (c.now) return parseDate(c.now);
    var t = new Date(), o = -t.getTimezoneOffset(), a = Math.abs(o);
    return new D(t.getTime() + o * 6e4, true, (o < 0 ? '-' : '+') + p2(a / 60 | 0) + ':' + p2(a % 60));
  }

  function lookup(c, name) {
    var scopes = [c.answers || {}], rep = c.repeat || [], i, list, inst, found;
    for (i = 0; i < rep.length; i++) {
      list = scopes[i][rep[i][0]];
      inst = Array.isArray(list) && rep[i][1] > 0 && rep[i][1] <= list.length ? list[rep[i][1] - 1] : null;
      scopes.push(isObj(inst) ? inst : {});
    }
    for (i = scopes.length - 1; i >= 0; i--) {
      if (has(scopes[i], name)) return fromAnswer(scopes[i][name]);
      found = descend(scopes[i], name, i < rep.length ? rep[i][0] : null);
      if (found.length) return new Nodes(found);
    }
    return '';
  }
  function descend(scope, name, skip) {
    var out = [];
    Object.keys(scope).forEach(function (k) {
      if (k === skip || !Array.isArray(scope[k])) return;
      scope[k].forEach(function (inst) {
        if (!isObj(inst)) return;
        var a = has(inst, name) ? fromAnswer(inst[name]) : new Nodes(descend(inst, name, null));
        out = out.concat(a instanceof Nodes ? a.n : [a]);
      });
    });
    return out;
  }

  function ev(n, c) {
    var t = n.type, a = n.args;
    if (t === 'number' || t === 'string') return n.value;
    if (t === 'ref') return lookup(c, n.name);
    if (t === 'current') return c.current ? lookup(c, c.current) : '';
    if (t === 'field') return fromAnswer(c.choice && has(c.choice, n.name) ? c.choice[n.name] : '');
    if (t === 'op') return op(n.op, a, c);
    if (has(SPECIAL, n.name)) return SPECIAL[n.name](a, c);
    return F[n.name].apply(null, a.map(function (x) { return ev(x, c); }));
  }
  function op(o, a, c) {
    if (o === 'and') return bool(ev(a[0], c)) && bool(ev(a[1], c));
    if (o === 'or') return bool(ev(a[0], c)) || bool(ev(a[1], c));
    var x = ev(a[0], c), y;
    if (o === 'neg') return -num(x);
    y = ev(a[1], c);
    if (/[=<>]/.test(o)) return compare(o, scalar(x), scalar(y));
    x = num(x); y = num(y);
    return o === '+' ? x + y : o === '-' ? x - y : o === '*' ? x * y : o === 'div' ? x / y : x % y;
  }
  function compare(o, x, y) {
    var texts = typeof x === 'string' && typeof y === 'string';
    if (o === '=' || o === '!=') {
      if (typeof x === 'boolean' || typeof y === 'boolean') { x = bool(x); y = bool(y); }
      else if (!texts) { x = num(x); y = num(y); }
      return (x === y) === (o === '=');
    }
    if (!texts || (NUM.test(trim(x)) && NUM.test(trim(y))) || (parseDate(x) && parseDate(y))) {
      x = num(x); y = num(y);
    }
    return o === '<' ? x < y : o === '<=' ? x <= y : o === '>' ? x > y : x >= y;
  }

  function tokens(v) { return str(v).split(/[ \t\r\n]+/).filter(Boolean); }
  function chars(v) { return Array.from(str(v)); }
  function flat(args) { return [].concat.apply([], args.map(function (v) { return v instanceof Nodes ? v.n : [v]; })); }
  function whole(n, f) { return isFinite(n) ? Math.trunc(n) : f; }
  function shift(x, d) { var p = String(x).split('e'); return +(p[0] + 'e' + (+(p[1] || 0) + d)); }
  function rounding(f) { return function (v) { v = num(v); return isFinite(v) ? f(v) : v; }; }
  function extreme(f) {
    return function () {
      var n = flat([].slice.call(arguments)).map(num);
      return n.length && !n.some(isNaN) ? f.apply(null, n) : NaN;
    };
  }
  function part(f) { return function (s, p) { s = str(s); return s[f](str(p)); }; }

  var F = {
    selected: function (v, c) { return tokens(v).indexOf(trim(str(c))) >= 0; },
    'count-selected': function (v) { return tokens(v).length; },
    'string-length': function (v) { return chars(v).length; },
    regex: function (s, p) {
      p = str(p);
      try { return new RegExp(p).test(str(s)); } catch (e) { throw fail('regex() pattern is not valid: ' + e.message); }
    },
    coalesce: function (a, b) { return str(a) !== '' ? scalar(a) : scalar(b); },
    concat: function () { return flat([].slice.call(arguments)).map(str).join(''); },
    substr: function (s, a, b) {
      var c = chars(s), n = c.length, i = Math.min(Math.max(whole(num(a), 0), 0), n);
      return c.slice(i, b === undefined ? n : Math.min(Math.max(whole(num(b), n), i), n)).join('');
    },
    number: num,
    'int': rounding(Math.trunc),
    round: function (v, p) {
      var x = num(v), d = Math.min(Math.max(whole(p === undefined ? 0 : num(p), 0), -400), 400), s, w;
      if (!isFinite(x)) return x;
      s = shift(Math.abs(x), d);
      if (!isFinite(s)) return x;
      w = Math.floor(s);
      w = shift(s - w >= 0.5 ? w + 1 : w, -d);
      return x < 0 ? -w : w;
    },
    date: toDate,
    'format-date': function (v, f) {
      var d = toDate(v), s, k;
      if (d === '') return '';
      s = new Date(d.ms).toISOString();
      k = { Y: s.slice(0, 4), y: s.slice(2, 4), m: s.slice(5, 7), n: +s.slice(5, 7), b: MON[s.slice(5, 7) - 1],
        d: s.slice(8, 10), e: +s.slice(8, 10), H: s.slice(11, 13), h: +s.slice(11, 13), M: s.slice(14, 16),
        S: s.slice(17, 19), 3: s.slice(20, 23), a: WEEK[new Date(d.ms).getUTCDay()] };
      return str(f).replace(/%([\s\S])/g, function (m, x) { return has(k, x) ? String(k[x]) : m; });
    },
    count: function (v) { return v instanceof Nodes ? v.n.length : str(v) === '' ? 0 : 1; },
    sum: function (v) {
      return v instanceof Nodes ? v.n.reduce(function (t, x) { return t + num(x); }, 0) : str(v) === '' ? 0 : num(v);
    },
    'true': function () { return true; },
    'false': function () { return false; },
    'boolean': bool,
    not: function (v) { return !bool(v); },
    contains: function (s, p) { return str(s).indexOf(str(p)) >= 0; },
    'starts-with': part('startsWith'),
    'ends-with': part('endsWith'),
    floor: rounding(Math.floor),
    ceiling: rounding(Math.ceil),
    abs: function (v) { return Math.abs(num(v)); },
    min: extreme(Math.min),
    max: extreme(Math.max)
  };

  var SPECIAL = {
    'if': function (a, c) { return scalar(ev(a[bool(ev(a[0], c)) ? 1 : 2], c)); },
    string: function (a, c) { return str(ev(a[0] || { type: 'current' }, c)); },
    position: function (a, c) {
      var r = c.repeat || [];
      if (!r.length) throw fail('position(..) is only meaningful inside a repeat');
      return r[r.length - 1][1];
    },
    'indexed-repeat': function (a, c) {
      var s = c.answers || {}, i, list, p;
      for (i = 1; i < a.length; i += 2) {
        list = has(s, a[i].name) ? s[a[i].name] : null;
        p = num(ev(a[i + 1], c));
        if (!Array.isArray(list) || !(p >= 1 && p <= list.length) || !isObj(list[Math.floor(p) - 1])) return '';
        s = list[Math.floor(p) - 1];
      }
      return fromAnswer(has(s, a[0].name) ? s[a[0].name] : '');
    },
    'jr:choice-name': function (a, c) {
      var v = str(ev(a[0], c)), p = str(ev(a[1], c)), m = /\$\{([^}]*)\}/.exec(p);
      p = m ? m[1] : p.replace(/\/+$/, '').split('/').pop();
      return v === '' || !c.choiceLabel ? '' : c.choiceLabel(p, v) || '';
    },
    today: function (a, c) { return new D(Math.floor(now(c).ms / DAY) * DAY, false, null); },
    now: function (a, c) { return now(c); }
  };

  var api = {
    evaluate: function (tree, ctx) { return ev(tree, ctx || {}); },
    toString: str, toNumber: num, toBoolean: bool, Nodes: Nodes
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.CollectExpr = api;
})(this);
