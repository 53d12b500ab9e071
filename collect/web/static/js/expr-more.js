/* The functions of the expression language that most forms never call, kept out of expr.js
   so that a phone downloads them only for a form that calls one (forms/browser.py says
   which forms do): the transcendental arithmetic of forms/expressions/numeric.py, operation
   for operation, so that both sides print the same digits; digest() (MD5, SHA-1 and SHA-2,
   on the UTF-8 bytes of the text, the SHA-2 constants computed from roots of primes); and
   area(), distance() and geofence(). In a page it extends window.CollectExpr; in Node,
   require() gives the function to pass to CollectExpr.extend(). */
(function (root) {
  'use strict';
  const SPACE = /[ \t\r\n]+/, RADIUS = 6378100, DIGESTS = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

  const PI = 3.141592653589793, HALF_PI = 1.5707963267948966, SQRT2 = 1.4142135623730951,
    LN10 = 2.302585092994046, LN10_LOW = -2.1707562233822494e-16, LN2_HEAD = 0.6931471803691238,
    LN2_TAIL = 1.9082149292705877e-10, LN2 = 0.6931471805599453, LN2_LOW = 2.3190468138462996e-17,
    PIO2 = [1.5707963267341256, 6.077100506303966e-11, 2.0222662487111665e-21, 8.4784276603689e-32],
    BITS = new DataView(new ArrayBuffer(8));
  function series(count, step) {
    const terms = [];
    for (let i = 1, term = 1; i <= count; i++) terms.push(term = term / step(i));
    return terms;
  }
  const EXPS = series(16, (i) => i), CUBIC = EXPS.slice(2), SINS = series(9, (i) => 2 * i * (2 * i + 1)),
    COSS = series(9, (i) => (2 * i - 1) * (2 * i)), ODD = Array.from({ length: 23 }, (_, i) => 1 / (2 * i + 3)),
    LOGS = ODD.slice(0, 11),
    ATAN_AT = [[0.4375, 0.6875, 0.5, 0.4636476090008061], [0.6875, 1.1875, 1, 0.7853981633974483],
      [1.1875, 2.4375, 1.5, 0.982793723247329]];
  function pow2(e) { BITS.setUint32(0, (e + 1023) * 1048576); BITS.setUint32(4, 0); return BITS.getFloat64(0); }
  const scale = (v, e) => (e > 2046 ? Infinity : e < -1076 ? 0 : e > 1023 ? v * pow2(1023) * pow2(e - 1023) : e < -1022 ? v * pow2(e + 54) * pow2(-54) : v * pow2(e));
  function horner(c, z, signs) {
    let total = 0;
    for (let i = c.length - 1; i >= 0; i--) total = (signs && i % 2 ? -c[i] : c[i]) + z * total;
    return total;
  }
  function split(a) { const c = 134217729 * a, h = c - (c - a); return [h, a - h]; }
  function twoProduct(a, b) {
    const p = a * b, [ah, at] = split(a), [bh, bt] = split(b);
    return [p, ((ah * bh - p) + ah * bt + at * bh) + at * bt];
  }
  function twoSum(a, b) { const s = a + b, back = s - a; return [s, (a - (s - back)) + (b - back)]; }
  function exp(x) {
    if (x !== x) return NaN;
    if (x > 709.782712893384) return Infinity;
    if (x < -745.1332191019412) return 0;
    const k = Math.floor(x / LN2 + 0.5), head = x - k * LN2_HEAD, tail = k * LN2_TAIL, r = head - tail,
      rError = (head - r) - tail, [square, squareError] = twoProduct(r, r), [low, lowError] = twoSum(r, 0.5 * square),
      rest = lowError + (rError + r * rError + 0.5 * squareError + square * r * horner(CUBIC, r)), [high, highError] = twoSum(1, low);
    return scale(high + (highError + rest), k);
  }
  function splitExponent(x) {  // x = m * 2^e, m in [sqrt(1/2), sqrt(2)]
    let e = 0;
    if (x < 2.2250738585072014e-308) { x *= 18014398509481984; e = -54; }
    BITS.setFloat64(0, x);
    const high = BITS.getUint32(0);
    e += ((high >>> 20) & 0x7ff) - 1022;
    BITS.setUint32(0, (high & 0x000fffff) + 1022 * 1048576);
    const m = BITS.getFloat64(0);
    return m < SQRT2 / 2 ? [m * 2, e - 1] : [m, e];
  }
  function logNearOne(m) {
    const f = m - 1, u = 2 + f, ut = f - (u - 2), s = f / u, [p, pe] = twoProduct(s, u),
      st = (((f - p) - pe) - s * ut) / u, z = s * s, ser = 2 * s * z * horner(LOGS, z), head = 2 * s + ser;
    return [head, ((2 * s - head) + ser) + 2 * st];
  }
  function logParts(x) {
    const [m, e] = splitExponent(x), [h, t] = logNearOne(m), [head, error] = twoSum(e * LN2_HEAD, h);
    return [head, error + (e * LN2_TAIL + t)];
  }
  function log(x) {
    if (x !== x || x < 0) return NaN;
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    const [h, t] = logParts(x);
    return h + t;
  }
  function intPow(x, n) {
    let result = 1, base = x;
    for (; n; n = Math.floor(n / 2)) { if (n % 2) result *= base; base *= base; }
    return result;
  }
  function pow(x, y) {
    if (y === 0 || x === 1) return 1;
    if (x !== x || y !== y) return NaN;
    if (y === Infinity || y === -Infinity) { const s = Math.abs(x); return s === 1 ? 1 : (s > 1) === (y > 0) ? Infinity : 0; }
    const whole = y === Math.floor(y);
    if (x < 0) {
      if (!whole) return NaN;
      const s = pow(-x, y);
      return Math.abs(y) < 9007199254740992 && Math.abs(y) % 2 === 1 ? -s : s;
    }
    if (x === 0) return y > 0 ? 0 : Infinity;
    if (x === Infinity) return y > 0 ? Infinity : 0;
    if (y === 0.5) return Math.sqrt(x);
    if (whole && Math.abs(y) <= 64 && x === Math.floor(x)) { const r = intPow(x, Math.abs(y)); return y < 0 ? 1 / r : r; }
    // x^y = 2^(e y) m^y, with e y and y log(m) carried as sums of two doubles
    if (Math.abs(y) > 1099511627776) return exp(y * log(x));  // beyond 2^40: overflow or underflow unless x is near 1
    const [m, e] = splitExponent(x);
    const [prod, rest] = twoProduct(e, y), wholePart = Math.floor(prod), frac = prod - wholePart,
      [lh, lt] = logNearOne(m), [pw, pwt] = twoProduct(y, lh), [part, partt] = twoProduct(frac, LN2),
      [head, error] = twoSum(pw, part), tail = error + pwt + y * lt + partt + frac * LN2_LOW + rest * LN2;
    return scale(exp(head) * (1 + tail), wholePart);
  }
  function log10(x) {  // corrected by the remainder of the division; exact at powers of ten
    let r = log(x) / LN10;
    if (!isFinite(r) || r === 0) return r;
    const [h, t] = logParts(x), [p, pe] = twoProduct(r, LN10);
    r += (((h - p) - pe) + t - r * LN10_LOW) / LN10;
    const n = Math.floor(r + 0.5);
    return Math.abs(n) <= 22 && (n >= 0 ? x === intPow(10, n) : x === 1 / intPow(10, -n)) ? n : r;
  }
  function reduce(x) {  // [quarter, r]: x = k pi/2 + r
    if (Math.abs(x) > 1048576) x = x % (2 * PI);
    const k = Math.floor(x * 0.6366197723675814 + 0.5);
    return [((k % 4) + 4) % 4, (((x - k * PIO2[0]) - k * PIO2[1]) - k * PIO2[2]) - k * PIO2[3]];
  }
  function trig(x, pick) {
    if (!isFinite(x)) return NaN;
    const [q, r] = reduce(x), z = r * r, s = r - r * z * horner(SINS, z, true), c = 1 - z * horner(COSS, z, true);
    return pick(q, s, c);
  }
  const sin = (x) => trig(x, (q, s, c) => [s, c, -s, -c][q]),
    cos = (x) => trig(x, (q, s, c) => [c, -s, -c, s][q]),
    tan = (x) => trig(x, (q, s, c) => (q % 2 ? -c / s : s / c)),
    negative = (v) => v < 0 || Object.is(v, -0),
    withSign = (v, sign) => (negative(sign) ? -v : v);
  function atan(x) {
    if (x !== x) return NaN;
    const size = Math.abs(x);
    let t = size, base = 0;
    if (size > 2.4375) { t = -1 / size; base = HALF_PI; }
    else ATAN_AT.forEach(([lo, hi, p, v]) => { if (lo <= size && size < hi) { t = (size - p) / (1 + size * p); base = v; } });
    const z = t * t, r = base + (t - t * z * horner(ODD, z, true));
    return x < 0 ? -r : r;
  }
  function atan2(y, x) {
    const yInf = y === Infinity || y === -Infinity, xInf = x === Infinity || x === -Infinity;
    if (x !== x || y !== y) return NaN;
    if (y === 0 || (xInf && !yInf)) return withSign(negative(x) ? PI : 0, y);
    if (x === 0 || (yInf && !xInf)) return withSign(HALF_PI, y);
    if (xInf) return withSign(x > 0 ? PI / 4 : 3 * PI / 4, y);
    const a = atan(y / x);
    return x > 0 ? a : y > 0 ? a + PI : a - PI;
  }
  const asin = (x) => (x >= -1 && x <= 1 ? atan2(x, Math.sqrt((1 - x) * (1 + x))) : NaN),
    acos = (x) => (x >= -1 && x <= 1 ? atan2(Math.sqrt((1 - x) * (1 + x)), x) : NaN);

  /* ---- digests ---- */
  function padded(bytes, block, little) {
    const size = Math.ceil((bytes.length + 1 + block / 8) / block) * block, out = new Uint8Array(size);
    out.set(bytes);
    out[bytes.length] = 0x80;
    for (let i = 0, bits = bytes.length * 8; i < 8; i++, bits = Math.floor(bits / 256)) out[little ? size - 8 + i : size - 1 - i] = bits % 256;
    return out;
  }
  const rotl = (x, s) => (x << s) | (x >>> (32 - s)),
    words = (h, little) => [].concat(...h.map((w) => [24, 16, 8, 0].map((s) => (w >>> (little ? 24 - s : s)) & 255)));
  function md5(bytes) {
    const m = padded(bytes, 64, true), h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476],
      K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(sin(i + 1)) * 4294967296) | 0),
      S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
    for (let o = 0; o < m.length; o += 64) {
      const w = Array.from({ length: 16 }, (_, i) => m[o + 4 * i] | m[o + 4 * i + 1] << 8 | m[o + 4 * i + 2] << 16 | m[o + 4 * i + 3] << 24);
      let [a, b, c, d] = h;
      for (let i = 0; i < 64; i++) {
        const r = i >> 4, f = [(b & c) | (~b & d), (d & b) | (~d & c), b ^ c ^ d, c ^ (b | ~d)][r],
          g = [i, 5 * i + 1, 3 * i + 5, 7 * i][r] % 16, t = (f + a + K[i] + w[g]) | 0;
        a = d; d = c; c = b; b = (b + rotl(t, S[r * 4 + i % 4])) | 0;
      }
      [a, b, c, d].forEach((v, i) => { h[i] = (h[i] + v) | 0; });
    }
    return words(h, true);
  }
  function sha1(bytes) {
    const m = padded(bytes, 64, false), h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
    for (let o = 0; o < m.length; o += 64) {
      const w = Array.from({ length: 16 }, (_, i) => m[o + 4 * i] << 24 | m[o + 4 * i + 1] << 16 | m[o + 4 * i + 2] << 8 | m[o + 4 * i + 3]);
      for (let i = 16; i < 80; i++) w.push(rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1));
      let [a, b, c, d, e] = h;
      for (let i = 0; i < 80; i++) {
        const r = Math.floor(i / 20), f = [(b & c) | (~b & d), b ^ c ^ d, (b & c) | (b & d) | (c & d), b ^ c ^ d][r],
          t = (rotl(a, 5) + f + e + [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6][r] + w[i]) | 0;
        e = d; d = c; c = rotl(b, 30); b = a; a = t;
      }
      [a, b, c, d, e].forEach((v, i) => { h[i] = (h[i] + v) | 0; });
    }
    return words(h, false);
  }
  function sha2(bytes, long, count, first) {  // the constants are roots of primes, computed exactly
    const B = BigInt, w = long ? 64 : 32, W = B(w), M = (B(1) << W) - B(1), rounds = long ? 80 : 64, primes = [];
    for (let p = 2; primes.length < rounds; p++) if (primes.every((q) => p % q)) primes.push(p);
    const root = (n, k) => {  // floor(n ** (1 / k)), by Newton's method from above
      let x = B(1) << B(Math.ceil(n.toString(2).length / k) + 1);
      for (;;) { const y = (B(k - 1) * x + n / x ** B(k - 1)) / B(k); if (y >= x) return x; x = y; }
    };
    const K = primes.map((p) => root(B(p) << B(3 * w), 3) & M),
      r = long ? [28, 34, 39, 14, 18, 41, 1, 8, 7, 19, 61, 6] : [2, 13, 22, 6, 11, 25, 7, 18, 3, 17, 19, 10],
      rot = (x, s) => ((x >> B(s)) | (x << (W - B(s)))) & M, m = padded(bytes, w * 2, false);
    let h = primes.slice(first, first + 8).map((p) => root(B(p) << B(2 * w), 2) & M);
    for (let o = 0; o < m.length; o += w * 2) {
      const x = [];
      for (let i = 0; i < 16; i++) x.push(m.slice(o + i * w / 8, o + (i + 1) * w / 8).reduce((v, b) => (v << B(8)) | B(b), B(0)));
      for (let i = 16; i < rounds; i++) {
        const a = x[i - 15], b = x[i - 2];
        x.push((x[i - 16] + (rot(a, r[6]) ^ rot(a, r[7]) ^ (a >> B(r[8]))) + x[i - 7] + (rot(b, r[9]) ^ rot(b, r[10]) ^ (b >> B(r[11])))) & M);
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < rounds; i++) {
        const t1 = (k + (rot(e, r[3]) ^ rot(e, r[4]) ^ rot(e, r[5])) + ((e & f) ^ (~e & g & M)) + K[i] + x[i]) & M,
          t2 = ((rot(a, r[0]) ^ rot(a, r[1]) ^ rot(a, r[2])) + ((a & b) ^ (a & c) ^ (b & c))) & M;
        k = g; g = f; f = e; e = (d + t1) & M; d = c; c = b; b = a; a = (t1 + t2) & M;
      }
      h = h.map((v, i) => (v + [a, b, c, d, e, f, g, k][i]) & M);
    }
    return [].concat(...h.slice(0, count).map((v) => Array.from({ length: w / 8 }, (_, i) => Number((v >> B(w - 8 - 8 * i)) & B(255)))));
  }
  const HASH = { MD5: md5, 'SHA-1': sha1, 'SHA-256': (b) => sha2(b, false, 8, 0), 'SHA-384': (b) => sha2(b, true, 6, 8), 'SHA-512': (b) => sha2(b, true, 8, 0) };


  function more({ num, str, flat, round, fail }) {
    function points(v) {  // [[lat, lon]] of geopoints, a geotrace or a geoshape; null if one is not a point
      const found = [];
      for (const item of flat([v])) {
        for (const part of str(item).split(';')) {
          const n = part.split(SPACE).filter(Boolean);
          if (!n.length) continue;
          if (n.length < 2) return null;
          const lat = num(n[0]), lon = num(n[1]);
          if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
          found.push([lat, lon]);
        }
      }
      return found.length ? found : null;
    }
    const RAD = PI / 180, numeric = (f) => (...args) => f(...args.map(num));
    return {
      pow: numeric(pow),
      exp: numeric(exp),
      exp10: numeric((x) => pow(10, x)),
      log: numeric(log),
      log10: numeric(log10),
      sin: numeric(sin),
      cos: numeric(cos),
      tan: numeric(tan),
      asin: numeric(asin),
      acos: numeric(acos),
      atan: numeric(atan),
      atan2: numeric(atan2),
      digest: (s, alg, enc) => {
        alg = str(alg); enc = enc === undefined ? 'base64' : str(enc);
        if (!DIGESTS.includes(alg) || (enc !== 'hex' && enc !== 'base64')) throw fail('digest() cannot make ' + alg + ' in ' + enc);
        const d = HASH[alg](new TextEncoder().encode(str(s)));
        return enc === 'hex' ? d.map((b) => (b < 16 ? '0' : '') + b.toString(16)).join('') : btoa(String.fromCharCode(...d));
      },
      area: (v) => {  // on a sphere (Chamberlain and Duquette, 2007), to the square centimetre
        const s = points(v);
        if (!s) return NaN;
        if (s.length < 3) return 0;
        let total = 0;
        s.forEach(([lat1, lon1], i) => {
          const [lat2, lon2] = s[(i + 1) % s.length];
          total += (lon2 - lon1) * RAD * (2 + sin(lat1 * RAD) + sin(lat2 * RAD));
        });
        return round(Math.abs(total * RADIUS * RADIUS / 2), 2);
      },
      distance: (v) => {  // along great circles, to the centimetre
        const s = points(v);
        if (!s) return NaN;
        let total = 0;
        for (let i = 1; i < s.length; i++) {
          const [lat1, lon1] = s[i - 1], [lat2, lon2] = s[i], p1 = lat1 * RAD, p2 = lat2 * RAD,
            c = sin(p1) * sin(p2) + cos(p1) * cos(p2) * cos((lon1 - lon2) * RAD);
          total += acos(Math.min(Math.max(c, -1), 1)) * RADIUS;
        }
        return round(total, 2);
      },
      geofence: (p, s) => {
        const where = points(p), fence = points(s);
        if (!where || !fence) return false;
        const [lat, lon] = where[0];
        let inside = false;
        for (let i = 1; i < fence.length; i++) {
          const [lat1, lon1] = fence[i - 1], [lat2, lon2] = fence[i];
          if ((lat2 > lat) !== (lat1 > lat) && lon < (lon1 - lon2) * (lat - lat2) / (lat1 - lat2) + lon2) inside = !inside;
        }
        return inside;
      }
    };
  }

  if (typeof module === 'object' && module.exports) module.exports = more;
  else root.CollectExpr.extend(more);
})(this);
