"""Checks libslot's float text against Python's.

Doubles: every finite power of two (subnormal ones included), both signs,
100,000 random bit patterns and 20,000 values read from short decimals must
print exactly as Python's repr prints them.  Floats: every finite power of
two, 100,000 random patterns and 20,000 rounded short decimals must
print as the shortest text that reads back as the same float32, the
nearest to it when several are as short (what numpy's repr gives), derived
here by exact rational arithmetic.  Every text must read back to the same
bits.

    python3 check.py PRINT      (PRINT: the tests/float/print.c program)
"""
import math
import random
import struct
import subprocess
import sys
from fractions import Fraction

F32_MAX_EXP = 255


def f32_value(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def f64_value(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def python_style(negative, digits, exp):
    """Python's float repr layout of 0.DIGITS x 10**(EXP + 1)."""
    sign = "-" if negative else ""
    if -4 <= exp < 16:
        if exp < 0:
            return sign + "0." + "0" * (-exp - 1) + digits
        before = exp + 1
        if len(digits) <= before:
            return sign + digits + "0" * (before - len(digits)) + ".0"
        return sign + digits[:before] + "." + digits[before:]
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return "%s%se%+03d" % (sign, mant, exp)


# Every float32, and every midpoint between two, is a whole multiple of
# 2**-150: scaled by 2**151 they are even integers, and every comparison
# with a decimal c * 10**s is a comparison of integers.
SCALE = 151


def scaled(bits):
    """The positive float BITS times 2**SCALE, an integer."""
    n, d = f32_value(bits).as_integer_ratio()
    return (n << SCALE) // d


def f32_interval(bits):
    """The scaled bounds of the decimals that read back as the positive float
    BITS, and whether the bounds themselves do: (lo, hi, closed)."""
    v = scaled(bits)
    up = 1 << (128 + SCALE) if bits + 1 == 0x7F800000 else scaled(bits + 1)
    down = scaled(bits - 1) if bits > 0 else 0
    return (v + down) // 2, (v + up) // 2, bits % 2 == 0


def over(c, s, x):
    """c * 10**s and the scaled X, as two integers in the same ratio."""
    if s >= 0:
        return c * 10**s << SCALE, x
    return c << SCALE, x * 10**-s


def compare(c, s, x):
    a, b = over(c, s, x)
    return (a > b) - (a < b)


def inside(c, s, interval):
    lo, hi, closed = interval
    above, below = compare(c, s, lo), compare(c, s, hi)
    return (above >= 0 and below <= 0) if closed else (above > 0 and below < 0)


def shortest_f32(bits):
    """The text Python's repr layout gives the float BITS, with the fewest
    digits that read back and the nearest to it of those."""
    negative = bool(bits >> 31)
    bits &= 0x7FFFFFFF
    if bits >> 23 == F32_MAX_EXP:
        return "nan" if bits & 0x7FFFFF else ("-inf" if negative else "inf")
    if bits == 0:
        return "-0.0" if negative else "0.0"
    v = scaled(bits)
    interval = f32_interval(bits)
    e = math.floor(math.log10(f32_value(bits)))  # 10**e <= v < 10**(e + 1)
    while compare(1, e, v) > 0:
        e -= 1
    while compare(1, e + 1, v) <= 0:
        e += 1
    for p in range(1, 10):
        s = e - p + 1
        a, b = over(1, s, v)
        q = b // a  # the p-digit decimals c * 10**s either side of v: q, q + 1
        found = [c for c in (q, q + 1) if inside(c, s, interval)]
        if not found:
            continue

        def distance(c):
            a, b = over(c, s, v)
            return abs(a - b)

        # the nearest; on a tie, the even one, as correctly rounded %e does
        best = min(found, key=lambda c: (distance(c), c % 2))
        if best == 10**p:
            return python_style(negative, "1", e + 1)
        return python_style(negative, str(best).rstrip("0"), e)
    raise AssertionError("no shortest text for float %08x" % bits)


def f32_reads_back(text, bits):
    if text in ("nan", "inf", "-inf"):
        return True
    x = Fraction(text)
    if bits >> 31:
        x, bits = -x, bits & 0x7FFFFFFF
    if bits == 0:
        return x == 0
    lo, hi, closed = f32_interval(bits)
    x *= 2**SCALE
    return lo <= x <= hi if closed else lo < x < hi


def powers_of_two(width):
    """Bit patterns of every finite power of two, both signs."""
    if width == 64:
        exps, mant, top = range(-1074, 1024), 52, 63
        pattern = lambda e: struct.unpack("<Q", struct.pack("<d", math.ldexp(1.0, e)))[0]
    else:
        exps, mant, top = range(-149, 128), 23, 31
        pattern = lambda e: struct.unpack("<I", struct.pack("<f", math.ldexp(1.0, e)))[0]
    out = []
    for e in exps:
        b = pattern(e)
        out += [b, b | 1 << top]
    return out


def short_decimals(rng, width, count):
    """Bit patterns of values read from decimals of 1 to 17 digits, as a
    program's data holds them: the case where fewer digits suffice."""
    out = []
    while len(out) < count:
        text = "%de%d" % (rng.randrange(1, 10 ** rng.randint(1, 17)), rng.randint(-340, 310))
        x = float(text)
        if width == 64:
            out.append(struct.unpack("<Q", struct.pack("<d", x))[0])
        elif abs(x) < 3e38:
            out.append(struct.unpack("<I", struct.pack("<f", x))[0])
    return out


def main():
    rng = random.Random(13)
    doubles = powers_of_two(64) + [rng.getrandbits(64) for _ in range(100000)]
    doubles += short_decimals(rng, 64, 20000)
    floats = powers_of_two(32) + [rng.getrandbits(32) for _ in range(100000)]
    floats += short_decimals(rng, 32, 20000)
    lines = ["d %016x" % b for b in doubles] + ["f %08x" % b for b in floats]
    run = subprocess.run([sys.argv[1]], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True)
    got = run.stdout.split("\n")[:-1]
    if len(got) != len(lines):
        sys.exit("print wrote %d lines for %d inputs" % (len(got), len(lines)))
    bad = 0
    for b, text in zip(doubles, got):
        x = f64_value(b)
        want = repr(x)
        back = float(text) if text != "nan" else x
        if text != want or (x == x and struct.pack("<d", back) != struct.pack("<d", x)):
            bad += 1
            if bad <= 20:
                print("double %016x: got %s, Python's repr gives %s" % (b, text, want))
    for b, text in zip(floats, got[len(doubles):]):
        want = shortest_f32(b)
        if text != want or not f32_reads_back(text, b):
            bad += 1
            if bad <= 20:
                print("float %08x: got %s, the shortest nearest text is %s" % (b, text, want))
    print("%d doubles, %d floats, %d wrong" % (len(doubles), len(floats), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
