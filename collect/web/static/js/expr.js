/* The browser's twin of forms/expressions (evaluator.py, functions.py, values.py):
   evaluates the syntax trees the server parsed (it never parses), held to the same results
   by forms/expression_vectors.json. The rarer functions (numeric.py's arithmetic, digests,
   places) come from expr-more.js, through extend(), on pages whose form calls one.
   window.CollectExpr in a page, module.exports in Node. ctx = {answers, current,
   repeat: [[name, position]], now: ISO text (default: now), choiceLabel(question, choice),
   choice: {column: value}, instances: {name: [{column: text}]}, random() (default
   Math.random)}. Answers should list every question, "" when unanswered. */
(function (root) {
  'use strict';
  const DAY = 864e5, NUM = /^-?(\d+(\.\d*)?|\.\d+)$/, SPACE = /[ \t\r\n]+/,
    DATE = /^(\d{4})-(\d\d?)-(\d\d?)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:?\d\d)?)?$/,
    TIME = /^(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(?:Z|[+-]\d\d:?\d\d)?$/,
    MON = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' '),
    WEEK = 'Sun Mon Tue Wed Thu Fri Sat'.split(' '),
    LETTERS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
    CURRENT = ['string', 'string-length', 'normalize-space', 'number'],
    MODULUS = 2147483647;

  function Nodes(n) { this.n = n; }                               // several answers at once
  function D(ms, t, z) { this.ms = ms; this.t = t; this.z = z; }  // wall-clock ms, has time, offset
  const fail = (m) => Object.assign(new Error(m), { name: 'ExpressionError' }),
    has = (o, k) => Object.prototype.hasOwnProperty.call(o, k),
    isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    trim = (s) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''),
    p2 = (n) => (n < 10 ? '0' : '') + n;

  /* ---- values and XPath's conversions ---- */
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
  const inRange = (n) => isFinite(n) && Math.floor(n) >= -719162 && Math.floor(n) <= 2932896;
  // A date (or, keeping the time, a date-time) or '': a number counts days, a boolean is none.
  function moment(v, keep) {
    v = scalar(v);
    let d = null;
    if (typeof v === 'number') d = !inRange(v) ? null : keep ? new D(Math.trunc(v * DAY), true, null) : new D(Math.floor(v) * DAY, false, null);
    else if (v instanceof D) d = v;
    else if (typeof v === 'string') d = parseDate(trim(v));
    if (!d) return '';
    if (keep && !d.t) return new D(d.ms, true, null);
    return !keep && d.t ? new D(Math.floor(d.ms / DAY) * DAY, false, null) : d;
  }
  function now(c) {
    if (c.now) return parseDate(c.now);
    const t = new Date(), o = -t.getTimezoneOffset(), a = Math.abs(o);
    return new D(t.getTime() + o * 6e4, true, (o < 0 ? '-' : '+') + p2(a / 60 | 0) + ':' + p2(a % 60));
  }
  const offset = (z) => (!z ? 0 : (z[0] === '-' ? -1 : 1) * (z.slice(1, 3) * 60 + +z.slice(-2)) * 6e4);

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
  const current = (c) => (c.current ? lookup(c, c.current) : '');

  function ev(n, c) {
    const t = n.type;
    let a = n.args;
    if (t === 'number' || t === 'string') return n.value;
    if (t === 'ref') return lookup(c, n.name);
    if (t === 'current') return current(c);
    if (t === 'field') return fromAnswer(c.choice && has(c.choice, n.name) ? c.choice[n.name] : '');
    if (t === 'op') return op(n.op, a, c);
    if (t === 'instance') return instance(n, c);
    if (has(SPECIAL, n.name)) return SPECIAL[n.name](a, c);
    if (CURRENT.includes(n.name) && !a.length) a = [{ type: 'current' }];
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
  function instance(n, c) {
    const all = c.instances || {}, outer = c.choice;
    if (!has(all, n.id)) throw fail('there is no list or file named ' + n.id);
    let items = all[n.id];
    try {
      n.args.forEach((keep) => {
        items = items.filter((item, i) => { c.choice = item; const v = ev(keep, c); return typeof v === 'number' ? v === i + 1 : bool(v); });
      });
    } finally { c.choice = outer; }
    return new Nodes(n.column === null ? items : items.filter((it) => has(it, n.column)).map((it) => fromAnswer(it[n.column])));
  }

  const tokens = (v) => str(v).split(SPACE).filter(Boolean),
    chars = (v) => Array.from(str(v)),
    flat = (args) => [].concat(...args.map((v) => (v instanceof Nodes ? v.n : [v]))),
    whole = (n) => (n !== n ? 0 : Math.trunc(Math.max(Math.min(n, 2147483647), -2147483648))),
    xround = (n) => (isFinite(n) ? Math.floor(n + 0.5) : n),
    shift = (x, d) => { const p = String(x).split('e'); return +(p[0] + 'e' + (+(p[1] || 0) + d)); },
    rounding = (f) => (v) => { v = num(v); return isFinite(v) ? f(v) : v; },
    extreme = (f) => (...args) => { const n = flat(args).map(num); return n.length && !n.some(isNaN) ? f(...n) : NaN; },
    within = (total, lo, hi) => (lo < 0 || total >= lo) && (hi < 0 || total <= hi),
    empty = (v) => str(v) === '',
    rand = (c) => (c.random || Math.random)();
  function round(v, p) {  // halves away from zero, on the decimal digits
    const x = num(v), d = Math.min(Math.max(whole(p === undefined ? 0 : num(p)), -400), 400);
    if (!isFinite(x)) return x;
    const s = shift(Math.abs(x), d);
    if (!isFinite(s)) return x;
    const w = shift(s - Math.floor(s) >= 0.5 ? Math.floor(s) + 1 : Math.floor(s), -d);
    return x < 0 ? -w : w;
  }

  const F = {
    string: str,
    concat: (...args) => flat(args).map(str).join(''),
    join: (sep, ...args) => flat(args).map(str).join(str(sep)),
    substr: (s, a, b) => {  // 0-based, up to end; a negative index counts from the end
      const c = chars(s), n = c.length;
      let i = whole(num(a)), j = b === undefined ? n : whole(num(b));
      i = Math.min(Math.max(i < 0 ? i + n : i, 0), n); j = Math.min(Math.max(j < 0 ? j + n : j, 0), n);
      return i <= j ? c.slice(i, j).join('') : '';
    },
    substring: (s, a, b) => {  // XPath 1.0: 1-based, rounded
      const c = chars(s), i = xround(num(a)), j = b === undefined ? Infinity : i + xround(num(b));
      if (i !== i || j !== j) return '';
      const lo = Math.max(i, 1), hi = Math.min(j, c.length + 1);
      return lo < hi ? c.slice(lo - 1, hi - 1).join('') : '';
    },
    'substring-before': (s, p) => { s = str(s); const i = s.indexOf(str(p)); return i >= 0 ? s.slice(0, i) : ''; },
    'substring-after': (s, p) => { s = str(s); p = str(p); const i = s.indexOf(p); return i >= 0 ? s.slice(i + p.length) : ''; },
    translate: (s, from, to) => {
      const f = chars(from), t = chars(to), map = new Map();
      f.forEach((ch, i) => { if (!map.has(ch)) map.set(ch, i < t.length ? t[i] : ''); });
      return chars(s).map((ch) => (map.has(ch) ? map.get(ch) : ch)).join('');
    },
    'string-length': (v) => chars(v).length,
    'normalize-space': (v) => tokens(v).join(' '),
    contains: (s, p) => str(s).includes(str(p)),
    'starts-with': (s, p) => str(s).startsWith(str(p)),
    'ends-with': (s, p) => str(s).endsWith(str(p)),
    regex: (s, p) => {
      p = str(p);
      try { return new RegExp(p).test(str(s)); } catch (e) { throw fail('regex() pattern is not valid: ' + e.message); }
    },
    'base64-decode': (s) => {
      let bytes;
      try { bytes = Uint8Array.from(atob(str(s)), (ch) => ch.charCodeAt(0)); } catch (e) { throw fail('base64-decode() was given text that is not base64'); }
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    },
    coalesce: (a, b) => scalar(empty(a) ? b : a),
    true: () => true,
    false: () => false,
    boolean: bool,
    'boolean-from-string': (v) => { v = str(v); return v === '1' || (v.length === 4 && v.toLowerCase() === 'true'); },
    not: (v) => !bool(v),
    checklist: (lo, hi, ...args) => within(flat(args).filter(bool).length, whole(num(lo)), whole(num(hi))),
    'weighted-checklist': (lo, hi, ...args) => {
      let v = args.filter((x, i) => i % 2 === 0), w = args.filter((x, i) => i % 2);
      if (args.length === 2 && args.every((x) => x instanceof Nodes)) {
        v = args[0].n; w = args[1].n;
        if (v.length !== w.length) throw fail('weighted-checklist() needs as many weights as values');
      }
      let total = 0;
      v.forEach((x, i) => { if (bool(x)) total += num(w[i]); });
      return within(total, num(lo), num(hi));
    },
    number: num,
    int: rounding(Math.trunc),
    round,
    floor: rounding(Math.floor),
    ceiling: rounding(Math.ceil),
    abs: (v) => Math.abs(num(v)),
    sqrt: (v) => Math.sqrt(num(v)),
    pi: () => Math.PI,
    min: extreme(Math.min),
    max: extreme(Math.max),
    count: (v) => (v instanceof Nodes ? v.n.length : empty(v) ? 0 : 1),
    'count-non-empty': (v) => (v instanceof Nodes ? v.n : [v]).filter((x) => typeof x !== 'string' || x !== '').length,
    sum: (v) => (v instanceof Nodes ? v.n.reduce((t, x) => t + num(x), 0) : empty(v) ? 0 : num(v)),
    date: (v) => moment(v, false),
    'date-time': (v) => moment(v, true),
    'decimal-date-time': (v) => {
      v = scalar(v);
      if (typeof v === 'number') return v;
      const d = moment(v, true);
      return d === '' ? NaN : (d.ms - offset(d.z)) / DAY;
    },
    'decimal-time': (v) => {  // the time of day on its own clock
      v = scalar(v);
      if (typeof v === 'number') return isFinite(v) ? v - Math.floor(v) : NaN;
      const m = typeof v === 'string' && TIME.exec(trim(v));
      if (m && m[1] < 24 && m[2] < 60 && (m[3] || 0) < 60) {
        return (((m[1] * 60 + +m[2]) * 60 + +(m[3] || 0)) * 1000 + +((m[4] || '') + '000').slice(0, 3)) / DAY;
      }
      const d = moment(v, true);
      return d === '' ? NaN : (((d.ms % DAY) + DAY) % DAY) / DAY;
    },
    'format-date': (v, f) => {
      const d = moment(v, true);
      if (d === '') return '';
      const s = new Date(d.ms).toISOString(), k = {
        Y: s.slice(0, 4), y: s.slice(2, 4), m: s.slice(5, 7), n: +s.slice(5, 7), b: MON[s.slice(5, 7) - 1],
        d: s.slice(8, 10), e: +s.slice(8, 10), H: s.slice(11, 13), h: +s.slice(11, 13), M: s.slice(14, 16),
        S: s.slice(17, 19), 3: s.slice(20, 23), a: WEEK[new Date(d.ms).getUTCDay()] };
      return str(f).replace(/%([\s\S])/g, (m, x) => (has(k, x) ? String(k[x]) : m));
    },
    selected: (v, c) => tokens(v).includes(trim(str(c))),
    'count-selected': (v) => tokens(v).length,
    'selected-at': (v, i) => { const t = tokens(v), n = whole(num(i)); return n >= 0 && n < t.length ? t[n] : ''; }
  };
  F['format-date-time'] = F['format-date'];

  // Functions that need the context or must not evaluate every argument.
  const SPECIAL = {
    if: (a, c) => scalar(ev(a[bool(ev(a[0], c)) ? 1 : 2], c)),
    once: (a, c) => { const v = current(c); return str(v) !== '' ? scalar(v) : ev(a[0], c); },
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
    pulldata: (a, c) => {
      const [source, col, keyCol, key] = a.map((x) => ev(x, c)), items = instance({ id: str(source), args: [], column: null }, c).n;
      const found = items.find((it) => has(it, str(keyCol)) && compare('=', fromAnswer(it[str(keyCol)]), scalar(key)));
      return found ? fromAnswer(has(found, str(col)) ? found[str(col)] : '') : '';
    },
    randomize: (a, c) => {  // inside-out Fisher-Yates; seeded with Park-Miller's generator
      const v = ev(a[0], c), out = [];
      let draw = () => rand(c);
      if (a.length > 1) {
        const seed = num(ev(a[1], c));
        if (!isFinite(seed)) throw fail('randomize() needs a number as its seed');
        let s = Math.trunc(seed) % MODULUS;
        if (s <= 0) s += MODULUS - 1;
        draw = () => { s = (s * 16807) % MODULUS; return (s - 1) / (MODULUS - 1); };
      }
      (v instanceof Nodes ? v.n : [v]).forEach((item, i) => {
        const j = Math.floor(draw() * (i + 1));
        out.push(item);
        if (j !== i) { out[i] = out[j]; out[j] = item; }
      });
      return new Nodes(out);
    },
    uuid: (a, c) => {
      if (!a.length) {
        return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
          const r = Math.floor(rand(c) * 16);
          return (ch === 'x' ? r : (r & 3) | 8).toString(16);
        });
      }
      const n = Math.min(Math.max(whole(num(ev(a[0], c))), 0), 10000);
      return Array.from({ length: n }, () => LETTERS[Math.floor(rand(c) * LETTERS.length)]).join('');
    },
    random: (a, c) => rand(c),
    today: (a, c) => new D(Math.floor(now(c).ms / DAY) * DAY, false, null),
    now: (a, c) => now(c)
  };

  // expr-more.js adds the functions most forms never call (the page includes it when the
  // form calls one): given these helpers, it returns them by name.
  const extend = (more) => Object.assign(F, more({ num, str, bool, flat, round, fail }));
  const api = { evaluate: (tree, ctx) => ev(tree, ctx || {}), toString: str, toNumber: num, toBoolean: bool, Nodes, extend };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.CollectExpr = api;
})(this);
