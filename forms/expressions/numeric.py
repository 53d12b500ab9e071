"""The transcendental functions of the expression language, computed the same way here and
in the browser.

Python's ``math`` (the C library) and JavaScript's ``Math`` (V8's own routines) each give
results within one unit in the last place, but not the same one: ``sin``, ``exp``,
``log`` or ``pow`` differ in the last digit for about one argument in ten. A calculation
must not show one number on the phone and store another, so ``expr.js`` and this module
compute them with the same short algorithms — argument reduction, then a Taylor series —
using only the operations IEEE 754 rounds exactly (``+ - * /``, square root, floor), in the
same order. The results are within a few units in the last place of the exact value;
``sin``, ``cos`` and ``tan`` lose precision beyond about a million radians.
"""
from __future__ import annotations

import math

NAN = math.nan
INF = math.inf
PI = 3.141592653589793
HALF_PI = 1.5707963267948966
SQRT2 = 1.4142135623730951
LN10 = 2.302585092994046
# ln 2 and pi/2 split into a head whose products with small integers are exact and a tail.
LN2_HEAD, LN2_TAIL = 0.6931471803691238, 1.9082149292705877e-10
LN2, LN2_LOW = 0.6931471805599453, 2.3190468138462996e-17
PIO2_1, PIO2_2, PIO2_3, PIO2_4 = (1.5707963267341256, 6.077100506303966e-11, 2.0222662487111665e-21,
                                  8.4784276603689e-32)
LN10_LOW = -2.1707562233822494e-16


def _series(count: int, step) -> tuple[float, ...]:
    """Coefficients built by repeated division, exactly as expr.js builds them."""
    terms, term = [], 1.0
    for i in range(1, count + 1):
        term = term / step(i)
        terms.append(term)
    return tuple(terms)


#: 1/1!, 1/2!, ... for exp; 1/3!, 1/5!, ... for sin; 1/2!, 1/4!, ... for cos.
_EXP = _series(16, lambda i: i)
_EXP_CUBIC = _EXP[2:]
_SIN = _series(9, lambda i: (2 * i) * (2 * i + 1))
_COS = _series(9, lambda i: (2 * i - 1) * (2 * i))
#: 1/3, 1/5, ... for log and atan.
_ODD = tuple(1 / (2 * i + 1) for i in range(1, 24))
_LOG = _ODD[:11]
#: atan of the points the argument of atan is reduced to.
_ATAN_AT = ((0.4375, 0.6875, 0.5, 0.4636476090008061), (0.6875, 1.1875, 1.0, 0.7853981633974483),
            (1.1875, 2.4375, 1.5, 0.982793723247329))


def divide(left: float, right: float) -> float:
    """left / right as IEEE 754 (and JavaScript) divide: by zero gives an infinity or NaN."""
    if right != 0 or right != right:
        return left / right
    if left == 0 or left != left:
        return NAN
    return math.copysign(INF, left) * math.copysign(1, right)


def _power_of_two(exponent: int) -> float:
    return math.ldexp(1.0, exponent)


def _scale(value: float, exponent: int) -> float:
    """value (within [1/2, 2]) * 2**exponent with one rounding, as ldexp does, computed as
    expr.js does."""
    if exponent > 2046:
        return INF
    if exponent < -1076:
        return 0.0
    if exponent > 1023:
        return value * _power_of_two(1023) * _power_of_two(exponent - 1023)
    if exponent < -1022:
        return value * _power_of_two(exponent + 54) * _power_of_two(-54)
    return value * _power_of_two(exponent)


def _horner(coefficients: tuple[float, ...], z: float, signs: bool = False) -> float:
    """sum of c[i] * z**i (i from 0), alternating signs when ``signs``."""
    total = 0.0
    for i in range(len(coefficients) - 1, -1, -1):
        c = -coefficients[i] if signs and i % 2 else coefficients[i]
        total = c + z * total
    return total


def exp(x: float) -> float:
    if x != x:
        return NAN
    if x > 709.782712893384:
        return INF
    if x < -745.1332191019412:
        return 0.0
    # x = k ln2 + r; exp(r) - 1 = r + r**2/2 + r**3 (1/6 + r/24 + ...), summed as two
    # doubles so that only the last addition rounds.
    k = math.floor(x / LN2 + 0.5)
    head, tail = x - k * LN2_HEAD, k * LN2_TAIL
    r = head - tail
    r_error = (head - r) - tail
    square, square_error = _two_product(r, r)
    low, low_error = _two_sum(r, 0.5 * square)
    low_error += r_error + r * r_error + 0.5 * square_error + square * r * _horner(_EXP_CUBIC, r)
    high, high_error = _two_sum(1.0, low)
    return _scale(high + (high_error + low_error), k)


def log(x: float) -> float:
    if x != x or x < 0:
        return NAN
    if x == 0:
        return -INF
    if x == INF:
        return INF
    head, tail = _log_parts(x)
    return head + tail


def _log_parts(x: float) -> tuple[float, float]:
    """log(x) (x positive, finite) as head + tail."""
    mantissa, exponent = _split_exponent(x)
    near_head, near_tail = _log_near_one(mantissa)
    head, error = _two_sum(exponent * LN2_HEAD, near_head)
    return head, error + (exponent * LN2_TAIL + near_tail)


def _two_sum(a: float, b: float) -> tuple[float, float]:
    """a + b as its rounded value and the exact rounding error (Knuth)."""
    total = a + b
    back = total - a
    return total, (a - (total - back)) + (b - back)


def _integer_power(x: float, n: int) -> float:
    result, base = 1.0, x
    while n:
        if n & 1:
            result *= base
        base *= base
        n >>= 1
    return result


def _split_exponent(x: float) -> tuple[float, int]:
    """x (positive, finite) as m * 2**e with m in [sqrt(1/2), sqrt(2)]."""
    mantissa, exponent = math.frexp(x)  # mantissa in [0.5, 1)
    if mantissa < SQRT2 / 2:
        return mantissa * 2, exponent - 1
    return mantissa, exponent


def pow(x: float, y: float) -> float:  # noqa: A001 - the expression language's name
    """x ** y; exact for whole powers of whole numbers while they fit in a double."""
    if y == 0 or x == 1:
        return 1.0
    if x != x or y != y:
        return NAN
    if y in (INF, -INF):
        size = abs(x)
        return 1.0 if size == 1 else INF if (size > 1) == (y > 0) else 0.0
    whole = y == math.floor(y)
    if x < 0:
        if not whole:
            return NAN  # a negative number to a fractional power
        size = pow(-x, y)
        return -size if abs(y) < 2 ** 53 and abs(y) % 2 == 1 else size
    if x == 0:
        return 0.0 if y > 0 else INF
    if x == INF:
        return INF if y > 0 else 0.0
    if y == 0.5:
        return math.sqrt(x)
    if whole and abs(y) <= 64 and x == math.floor(x):
        result = _integer_power(x, int(abs(y)))
        return divide(1.0, result) if y < 0 else result
    # x**y = 2**(e*y) * m**y with e*y and y*log(m) carried as sums of two doubles, so that
    # the rounding of log(m) is not multiplied by y.
    if abs(y) > 2 ** 40:  # beyond 2**40 the power overflows or underflows unless x is near 1
        return exp(y * log(x))
    mantissa, exponent = _split_exponent(x)
    product, rest = _two_product(float(exponent), y)
    whole_part = math.floor(product)
    fraction = product - whole_part
    log_head, log_tail = _log_near_one(mantissa)
    power, power_tail = _two_product(y, log_head)
    part, part_tail = _two_product(fraction, LN2)
    head, error = _two_sum(power, part)
    tail = error + power_tail + y * log_tail + part_tail + fraction * LN2_LOW + rest * LN2
    return _scale(exp(head) * (1 + tail), whole_part)


def _split(a: float) -> tuple[float, float]:
    """a as head + tail, each with at most 26 significant bits (Veltkamp)."""
    c = 134217729.0 * a
    head = c - (c - a)
    return head, a - head


def _two_product(a: float, b: float) -> tuple[float, float]:
    """a * b as its rounded value and the exact rounding error (Dekker)."""
    p = a * b
    a_head, a_tail = _split(a)
    b_head, b_tail = _split(b)
    return p, ((a_head * b_head - p) + a_head * b_tail + a_tail * b_head) + a_tail * b_tail


def _log_near_one(m: float) -> tuple[float, float]:
    """log(m) for m in [sqrt(1/2), sqrt(2)] as head + tail, good to about 2**-100."""
    f = m - 1
    u = 2 + f
    u_tail = f - (u - 2)
    s = f / u
    p, p_error = _two_product(s, u)
    s_tail = (((f - p) - p_error) - s * u_tail) / u
    z = s * s
    series = 2 * s * z * _horner(_LOG, z)
    head = 2 * s + series
    return head, ((2 * s - head) + series) + 2 * s_tail


def log10(x: float) -> float:
    """log(x) / ln 10, corrected by the remainder of that division; exact at powers of ten."""
    result = log(x) / LN10
    if not math.isfinite(result) or result == 0:
        return result
    head, tail = _log_parts(x)
    product, error = _two_product(result, LN10)
    result += (((head - product) - error) + tail - result * LN10_LOW) / LN10
    n = math.floor(result + 0.5)
    if abs(n) <= 22 and (x == _integer_power(10.0, n) if n >= 0 else x == 1 / _integer_power(10.0, -n)):
        return float(n)
    return result


def _reduce(x: float) -> tuple[int, float]:
    """x as k * pi/2 + r with |r| <= pi/4 (k modulo 4); beyond 2**20 radians x is first
    taken modulo the double nearest 2 pi, exactly, which costs precision."""
    if abs(x) > 1048576:
        x = math.fmod(x, 2 * PI)
    k = math.floor(x * 0.6366197723675814 + 0.5)
    return k % 4, (((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3) - k * PIO2_4


def _sin_cos(r: float) -> tuple[float, float]:
    z = r * r
    return r - r * z * _horner(_SIN, z, signs=True), 1 - z * _horner(_COS, z, signs=True)


def sin(x: float) -> float:
    if not math.isfinite(x):
        return NAN
    quarter, r = _reduce(x)
    s, c = _sin_cos(r)
    return (s, c, -s, -c)[quarter]


def cos(x: float) -> float:
    if not math.isfinite(x):
        return NAN
    quarter, r = _reduce(x)
    s, c = _sin_cos(r)
    return (c, -s, -c, s)[quarter]


def tan(x: float) -> float:
    if not math.isfinite(x):
        return NAN
    quarter, r = _reduce(x)
    s, c = _sin_cos(r)
    return s / c if quarter % 2 == 0 else divide(-c, s)


def atan(x: float) -> float:
    if x != x:
        return NAN
    size = abs(x)
    if size > 2.4375:
        t, base = -1 / size, HALF_PI
    else:
        t, base = size, 0.0
        for low, high, point, value in _ATAN_AT:
            if low <= size < high:
                t, base = (size - point) / (1 + size * point), value
    z = t * t
    result = base + (t - t * z * _horner(_ODD, z, signs=True))
    return -result if x < 0 else result


def atan2(y: float, x: float) -> float:
    if x != x or y != y:
        return NAN
    if y == 0 or (x in (INF, -INF) and y not in (INF, -INF)):
        toward = x < 0 or (x == 0 and math.copysign(1, x) < 0)
        return math.copysign(PI if toward else 0.0, y)
    if x == 0 or (y in (INF, -INF) and x not in (INF, -INF)):
        return math.copysign(HALF_PI, y)
    if x in (INF, -INF):  # both infinite
        return math.copysign(PI / 4 if x > 0 else 3 * PI / 4, y)
    angle = atan(y / x)
    if x > 0:
        return angle
    return angle + PI if y > 0 else angle - PI


def asin(x: float) -> float:
    if not -1 <= x <= 1:
        return NAN
    return atan2(x, math.sqrt((1 - x) * (1 + x)))


def acos(x: float) -> float:
    if not -1 <= x <= 1:
        return NAN
    return atan2(math.sqrt((1 - x) * (1 + x)), x)


def sqrt(x: float) -> float:
    return NAN if x != x or x < 0 else math.sqrt(x)
