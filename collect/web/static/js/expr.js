/* The browser's twin of forms/expressions/evaluator.py: evaluates the syntax trees the
   server parsed (it never parses), held to the same results by forms/expression_vectors.json.
   window.CollectExpr in a page, module.exports in Node. ctx = {answers, current,
   repeat: [[name, position]], now: ISO text (default: now), choiceLabel(question, choice),
   choice: {column: value}}. Answers should list every question, "" when unanswered. */
(function (root) {
  'use strict';
  const DAY = 864e5, NUM = /^-?(\d+(\.\d*)?|\.\d+)$/,
    DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:?\d\d)?)?$/,
    MON = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' '),
    WEEK = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');

  function Nodes(n) { this.n = n; }                               // several answers at once
  function D(ms, t, z) { this.ms = ms; this.t = t; this.z = z; }  // wall-clock ms, has time, offset
  const fail = (m) => Object.assign(new Error(m), { name: 'ExpressionError' }),
    has = (o, k) => Object.prototype.hasOwnProperty.call(o, k),
    isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    trim = (s) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''),
    p2 = (n) => (n < 10 ? '0' : '') + n;

  function fromAnswer(v) {
    if (['string', 'number', 'boolean'].includes(typeof v)) return v;
    if (!Array.isArray(v)) return '';
    return v.every(isObj) ? new Nodes(v) : v.map((x) => str(fromAnswer(x))).join(' ');
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
    const s = new Date(v.ms).toISOString();
    return v.t ? s.slice(0, 23) + (v.z || '') : s.slice(0, 10);
  }
  function num(v) {
    v = scalar(v);
    if (typeof v !== 'string') return v instanceof D ? v.ms / DAY : +v;
    const s = trim(v), d = parseDate(s);
    return NUM.test(s) ? +s : d ? d.ms / DAY : NaN;
  }
  const bool = (v) => { v = scalar(v); return v instanceof D || !!v; };

  function parseDate(s) {
    const m = DATE.exec(s), d = new Date(0);
    if (!m) return null;
    d.setUTCFullYear(+m[1], m[2] - 1, +m[3]);
    if (+m[1] < 1 || d.getUTCMonth() !== m[2] - 1 || d.getUTCDate() !== +m[3]) return null;
    if (m[4] === undefined) return new D(d.getTime(), false, null);
    let z = m[8];
    if (m[4] > 23 || m[5] > 59 || (m[6] || 0) > 59 || (z && z !== 'Z' && (z.slice(1, 3) > 23 || z.slice(-2) > 59))) return null;
    if (z) {  // "-00:00" prints as "+00:00", as Python prints it
      const zero = z === 'Z' || +z.slice(1, 3) + +z.slice(-2) === 0;
      z = zero ? '+00:00' : z.slice(0, 3) + ':' + z.slice(-2);
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
    const t = new Date(), o = -t.getTimezoneOffset(), a = Math.abs(o);
    return new D(t.getTime() + o * 6e4, true, (o < 0 ? '-' : '+') + p2(a / 60 | 0) + ':' + p2(a % 60));
  }

  // ${name}: the nearest enclosing repeat instance's answer, else every answer to it in
  // repeats below (skipping the repeat we came down through), else "".
  function lookup(c, name) {
    const scopes = [c.answers || {}], rep = c.repeat || [];
    rep.forEach(([r, p], i) => {
      const list = scopes[i][r], inst = Array.isArray(list) && p > 0 && p <= list.length ? list[p - 1] : null;
      scopes.push(isObj(inst) ? inst : {});
    });
    for (let i = scopes.length - 1; i >= 0; i--) {
      if (has(scopes[i], name)) return fromAnswer(scopes[i][name]);
      const found = descend(scopes[i], name, i < rep.length ? rep[i][0] : null);
      if (found.length) return new Nodes(found);
    }
    return '';
  }
  function descend(scope, name, skip) {
    let out = [];
    Object.keys(scope).forEach((k) => {
      if (k !== skip && Array.isArray(scope[k])) scope[k].filter(isObj).forEach((inst) => {
        const a = has(inst, name) ? fromAnswer(inst[name]) : new Nodes(descend(inst, name, null));
        out = out.concat(a instanceof Nodes ? a.n : [a]);
      });
    });
    return out;
  }

  function ev(n, c) {
    const t = n.type, a = n.args;
    if (t === 'number' || t === 'string') return n.value;
    if (t === 'ref') return lookup(c, n.name);
    if (t === 'current') return c.current ? lookup(c, c.current) : '';
    if (t === 'field') return fromAnswer(c.choice && has(c.choice, n.name) ? c.choice[n.name] : '');
    if (t === 'op') return op(n.op, a, c);
    if (has(SPECIAL, n.name)) return SPECIAL[n.name](a, c);
    return F[n.name](...a.map((x) => ev(x, c)));
  }
  function op(o, a, c) {
    if (o === 'and') return bool(ev(a[0], c)) && bool(ev(a[1], c));
    if (o === 'or') return bool(ev(a[0], c)) || bool(ev(a[1], c));
    let x = ev(a[0], c);
    if (o === 'neg') return -num(x);
    let y = ev(a[1], c);
    if (/[=<>]/.test(o)) return compare(o, scalar(x), scalar(y));
    x = num(x); y = num(y);
    return o === '+' ? x + y : o === '-' ? x - y : o === '*' ? x * y : o === 'div' ? x / y : x % y;
  }
  // = compares as booleans, else numbers, else dates, else text; < as numbers or dates,
  // and two texts that are neither as text.
  function compare(o, x, y) {
    const texts = typeof x === 'string' && typeof y === 'string';
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

  const tokens = (v) => str(v).split(/[ \t\r\n]+/).filter(Boolean),
    chars = (v) => Array.from(str(v)),
    flat = (args) => [].concat(...args.map((v) => (v instanceof Nodes ? v.n : [v]))),
    whole = (n, f) => (isFinite(n) ? Math.trunc(n) : f),
    shift = (x, d) => { const p = String(x).split('e'); return +(p[0] + 'e' + (+(p[1] || 0) + d)); },
    rounding = (f) => (v) => { v = num(v); return isFinite(v) ? f(v) : v; },
    extreme = (f) => (...args) => { const n = flat(args).map(num); return n.length && !n.some(isNaN) ? f(...n) : NaN; },
    empty = (v) => str(v) === '';

  const F = {
    selected: (v, c) => tokens(v).includes(trim(str(c))),
    'count-selected': (v) => tokens(v).length,
    'string-length': (v) => chars(v).length,
    regex: (s, p) => {
      p = str(p);
      try { return new RegExp(p).test(str(s)); } catch (e) { throw fail('regex() pattern is not valid: ' + e.message); }
    },
    coalesce: (a, b) => scalar(empty(a) ? b : a),
    concat: (...args) => flat(args).map(str).join(''),
    substr: (s, a, b) => {
      const c = chars(s), n = c.length, i = Math.min(Math.max(whole(num(a), 0), 0), n);
      return c.slice(i, b === undefined ? n : Math.min(Math.max(whole(num(b), n), i), n)).join('');
    },
    number: num,
    int: rounding(Math.trunc),
    round: (v, p) => {  // halves away from zero, on the decimal digits
      const x = num(v), d = Math.min(Math.max(whole(p === undefined ? 0 : num(p), 0), -400), 400);
      if (!isFinite(x)) return x;
      const s = shift(Math.abs(x), d);
      if (!isFinite(s)) return x;
      const w = shift(s - Math.floor(s) >= 0.5 ? Math.floor(s) + 1 : Math.floor(s), -d);
      return x < 0 ? -w : w;
    },
    date: toDate,
    'format-date': (v, f) => {
      const d = toDate(v);
      if (d === '') return '';
      const s = new Date(d.ms).toISOString(), k = {
        Y: s.slice(0, 4), y: s.slice(2, 4), m: s.slice(5, 7), n: +s.slice(5, 7), b: MON[s.slice(5, 7) - 1],
        d: s.slice(8, 10), e: +s.slice(8, 10), H: s.slice(11, 13), h: +s.slice(11, 13), M: s.slice(14, 16),
        S: s.slice(17, 19), 3: s.slice(20, 23), a: WEEK[new Date(d.ms).getUTCDay()] };
      return str(f).replace(/%([\s\S])/g, (m, x) => (has(k, x) ? String(k[x]) : m));
    },
    count: (v) => (v instanceof Nodes ? v.n.length : empty(v) ? 0 : 1),
    sum: (v) => (v instanceof Nodes ? v.n.reduce((t, x) => t + num(x), 0) : empty(v) ? 0 : num(v)),
    true: () => true,
    false: () => false,
    boolean: bool,
    not: (v) => !bool(v),
    contains: (s, p) => str(s).includes(str(p)),
    'starts-with': (s, p) => str(s).startsWith(str(p)),
    'ends-with': (s, p) => str(s).endsWith(str(p)),
    floor: rounding(Math.floor),
    ceiling: rounding(Math.ceil),
    abs: (v) => Math.abs(num(v)),
    min: extreme(Math.min),
    max: extreme(Math.max)
  };

  // Functions that need the context or must not evaluate every argument.
  const SPECIAL = {
    if: (a, c) => scalar(ev(a[bool(ev(a[0], c)) ? 1 : 2], c)),
    string: (a, c) => str(ev(a[0] || { type: 'current' }, c)),
    position: (a, c) => {
      const r = c.repeat || [];
      if (!r.length) throw fail('position(..) is only meaningful inside a repeat');
      return r[r.length - 1][1];
    },
    'indexed-repeat': (a, c) => {
      let s = c.answers || {};
      for (let i = 1; i < a.length; i += 2) {
        const list = has(s, a[i].name) ? s[a[i].name] : null, p = num(ev(a[i + 1], c));
        if (!Array.isArray(list) || !(p >= 1 && p <= list.length) || !isObj(list[Math.floor(p) - 1])) return '';
        s = list[Math.floor(p) - 1];
      }
      return fromAnswer(has(s, a[0].name) ? s[a[0].name] : '');
    },
    'jr:choice-name': (a, c) => {
      const v = str(ev(a[0], c)), p = str(ev(a[1], c)), m = /\$\{([^}]*)\}/.exec(p);
      return v === '' || !c.choiceLabel ? '' : c.choiceLabel(m ? m[1] : p.replace(/\/+$/, '').split('/').pop(), v) || '';
    },
    today: (a, c) => new D(Math.floor(now(c).ms / DAY) * DAY, false, null),
    now: (a, c) => now(c)
  };

  const api = { evaluate: (tree, ctx) => ev(tree, ctx || {}), toString: str, toNumber: num, toBoolean: bool, Nodes };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.CollectExpr = api;
})(this);
