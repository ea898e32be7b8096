#!/usr/bin/env python3
"""gen.py SEED OUTDIR - one random, valid schema and the C driver that checks it.

Writes OUTDIR/prop.yaml and OUTDIR/driver.c.  The same SEED gives the same
files (with the same python3), so a failure can be replayed from its seed.

The schema covers every slot type (bool, i8..u64, f32, f64, str[N], string,
enums, embedded classes, references and fixed arrays of all but string),
with and without defaults and min/max, inheritance chains up to four levels,
1 to 300 slots per class, the three layouts and class attributes.

The driver checks, for every slot of every class, that the by-name API
(slot_setattr, slot_getattr, ...) and the typed accessors agree: a value set
through one reads back through the other; has/del/defaults behave as the
presence bits say; out-of-range values, over-long strings and values of the
wrong kind are rejected and change nothing; the class table's offsets are the
compiler's; every lookup (the class's generated one, the table's, and both
on a copy of the name that ends before an unmapped page) finds every slot
name, and none of its near misses (a byte changed, added or dropped); a get
reads the same through the cell as through the slot's row.  It stops at the
first mismatch with a message naming the seed, the class and the slot.

gen.py wideN OUTDIR writes a class of N slots and a driver that checks its
lookups alone, for the large tables.
"""
import math
import os
import random
import struct
import sys

SCHEMA = "prop"
P = SCHEMA + "_"

INT_TYPES = {
    "i8": (8, True), "i16": (16, True), "i32": (32, True), "i64": (64, True),
    "u8": (8, False), "u16": (16, False), "u32": (32, False), "u64": (64, False),
}

# Names no schema may use (C and C++ keywords, library and compiler macros),
# so the generator never offers them; slotc --check is the final judge.
RESERVED = set("""
auto break case char const continue default do double else enum extern float for goto if
inline int long register restrict return short signed sizeof static struct switch typedef
union unsigned void volatile while bool true false alignas alignof static_assert
thread_local typeof typeof_unqual nullptr constexpr and and_eq asm bitand bitor catch
char8_t char16_t char32_t class compl concept consteval constinit const_cast co_await
co_return co_yield decltype delete dynamic_cast explicit export friend mutable namespace new
noexcept not not_eq operator or or_eq private protected public reinterpret_cast requires
static_cast template this throw try typeid typename using virtual wchar_t xor xor_eq errno
assert unix linux i386 stdin stdout stderr offsetof isnan isinf signbit isfinite isnormal
fpclassify getc putc getchar putchar setjmp va_arg va_start va_end main str string name
parse init clear free copy equal get set has del index new_ slot count
""".split())

SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "tu", "ve", "zo", "xa", "qi", "bo",
             "fe", "gu", "ho", "ju", "wy"]


class Ty:
    """A slot's element type."""

    def __init__(self, kind, **kw):
        self.kind = kind          # bool int float str string enum obj ref
        self.bits = kw.get("bits")
        self.signed = kw.get("signed")
        self.n = kw.get("n")      # str[N]
        self.enum = kw.get("enum")
        self.cls = kw.get("cls")  # obj, ref
        self.yname = kw.get("yname")

    def is_number(self):
        return self.kind in ("int", "float")


class Enum:
    def __init__(self, name, members, listform):
        self.name = name
        self.members = members    # [(name, value)]
        self.listform = listform


class Slot:
    def __init__(self, name, ty, arr=None, default=None, mn=None, mx=None):
        self.name = name
        self.ty = ty
        self.arr = arr
        self.default = default    # None: no default
        self.mn = mn
        self.mx = mx
        self.owner = None


class Cls:
    def __init__(self, idx, name):
        self.idx = idx
        self.name = name
        self.base = None
        self.layout = "compact"
        self.slots = []           # own
        self.attrs = []           # own: (name, ty, value)
        self.depth = 0

    def chain(self):
        """The class and its bases, the class first."""
        c, out = self, []
        while c:
            out.append(c)
            c = c.base
        return out

    def all_slots(self):
        """Every slot in index order: the bases' first."""
        out = []
        for c in reversed(self.chain()):
            out.extend(c.slots)
        return out

    def visible_attrs(self):
        """Own attributes, then inherited ones not overridden."""
        seen, out = set(), []
        for c in self.chain():
            for a in c.attrs:
                if a[0] not in seen:
                    seen.add(a[0])
                    out.append((c, a))
        return out


# ---- Random values ------------------------------------------------------

def int_range(ty):
    if ty.signed:
        return -(1 << (ty.bits - 1)), (1 << (ty.bits - 1)) - 1
    return 0, (1 << ty.bits) - 1


def f32(x):
    """X rounded to the nearest float, as a double."""
    if math.isnan(x) or math.isinf(x):
        return x
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)
        self.enums = []
        self.classes = []

    # -- names

    def word(self, lo=1, hi=3):
        r = self.r
        return "".join(r.choice(SYLLABLES) for _ in range(r.randint(lo, hi)))

    def slot_name(self, used, i):
        r = self.r
        while True:
            k = r.random()
            if k < 0.08:
                s = r.choice("abcdefghjkmnpqrstuvwxyz")
            elif k < 0.5:
                s = self.word()
            elif k < 0.75:
                s = self.word() + "_" + self.word(1, 2)
            elif k < 0.9:
                s = self.word(1, 2) + str(r.randint(0, 999))
            else:
                # long names sharing a long prefix stress the hash
                s = "field_with_a_long_common_prefix_" + str(i)
            if s in used or s in RESERVED or s.startswith("at"):
                s = s + str(i)
            if s not in used and s not in RESERVED and not s.startswith("at"):
                return s

    # -- types and values

    def int_value(self, ty, lo, hi):
        r = self.r
        k = r.random()
        if k < 0.15:
            return lo
        if k < 0.3:
            return hi
        if k < 0.4 and lo <= 0 <= hi:
            return 0
        if k < 0.6:
            # small values around zero, clamped
            return min(hi, max(lo, r.randint(-300, 300)))
        return r.randint(lo, hi)

    def float_value(self, ty, lo, hi):
        r = self.r
        for _ in range(20):
            if ty.bits == 32:
                v = r.randint(-1024, 1024) * 2.0 ** r.randint(-6, 6)
            else:
                k = r.random()
                if k < 0.1:
                    v = r.choice([5e-324, -5e-324, 1e300, -1e300, 2.2250738585072014e-308])
                elif k < 0.5:
                    v = r.randint(-1000, 1000) / 8.0
                else:
                    v = r.uniform(-1e6, 1e6)
            if lo is not None and v < lo:
                continue
            if hi is not None and v > hi:
                continue
            return v
        for v in (lo, hi):
            if v is not None:
                return v
        return 0.0

    def text(self, maxlen, minlen=0):
        r = self.r
        alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789-_.,:;!"
        special = ['"', "\\", "??", "*/", "é", "#", "'", "%", "\t"]
        out = ""
        target = r.randint(minlen, maxlen)
        while len(out.encode()) < target:
            piece = r.choice(special) if r.random() < 0.1 else r.choice(alphabet)
            if len((out + piece).encode()) > target:
                piece = "a"
            out += piece
        return out

    def value(self, ty, mn=None, mx=None):
        """A random valid value of TY within MN..MX."""
        r = self.r
        if ty.kind == "bool":
            return r.random() < 0.5
        if ty.kind == "int":
            lo, hi = int_range(ty)
            return self.int_value(ty, lo if mn is None else mn, hi if mx is None else mx)
        if ty.kind == "float":
            return self.float_value(ty, mn, mx)
        if ty.kind == "str":
            return self.text(ty.n)
        if ty.kind == "string":
            return self.text(r.choice([0, 5, 20, 60]))
        if ty.kind == "enum":
            return r.choice(ty.enum.members)
        raise AssertionError(ty.kind)

    def two_values(self, ty, mn, mx, avoid=None):
        """Two valid values, different from each other (and from AVOID) when the type allows."""
        vals = []
        for _ in range(30):
            v = self.value(ty, mn, mx)
            if vals and same(ty, v, vals[0]):
                continue
            if avoid is not None and same(ty, v, avoid) and _ < 25:
                continue
            vals.append(v)
            if len(vals) == 2:
                return vals
        while len(vals) < 2:
            vals.append(self.value(ty, mn, mx))
        return vals

    def scalar_type(self, packed, elem=False):
        """A non-class type: (Ty)."""
        r = self.r
        choices = ["bool", "int", "int", "int", "float", "str", "enum"]
        if not packed and not elem:
            choices.append("string")
        k = r.choice(choices)
        if k == "int":
            yn = r.choice(sorted(INT_TYPES))
            bits, signed = INT_TYPES[yn]
            if packed and elem:
                yn = r.choice(["i8", "u8"])
                bits, signed = INT_TYPES[yn]
            return Ty("int", bits=bits, signed=signed, yname=yn)
        if k == "float":
            return Ty("float", bits=r.choice([32, 64]), yname=None)
        if k == "str":
            n = r.choice([1, 2, 3, 7, 8, 15, 16, 31, 63, 200])
            return Ty("str", n=n)
        if k == "enum" and self.enums:
            return Ty("enum", enum=r.choice(self.enums))
        if k == "string":
            return Ty("string")
        return Ty("bool")

    def slot(self, cls, name):
        r = self.r
        packed = cls.layout == "packed"
        arr = None
        k = r.random()
        embeddable = [c for c in self.classes if c.idx < cls.idx]
        if k < 0.12 and not packed and embeddable:
            ty = Ty("obj", cls=r.choice(embeddable))
        elif k < 0.22:
            ty = Ty("ref", cls=r.choice(self.classes + [cls]))
        else:
            ty = None
        if r.random() < 0.18:
            arr = r.choice([1, 2, 3, 4, 5, 8, 16, 33])
            if packed:
                # a packed class holds arrays of 1-byte types only
                ty = r.choice([Ty("bool"), Ty("int", bits=8, signed=True, yname="i8"),
                               Ty("int", bits=8, signed=False, yname="u8"),
                               Ty("str", n=r.choice([1, 4, 9]))])
            elif ty is None:
                ty = self.scalar_type(False, elem=True)
        if ty is None:
            ty = self.scalar_type(packed)
        s = Slot(name, ty, arr)
        if arr is None and ty.is_number() and r.random() < 0.45:
            self.bounds(s)
        if arr is None and ty.kind not in ("obj", "ref") and r.random() < 0.45:
            s.default = self.default(s)
        return s

    def bounds(self, s):
        r = self.r
        ty = s.ty
        which = r.choice(["min", "max", "both", "both"])
        if ty.kind == "int":
            lo, hi = int_range(ty)
            a, b = sorted([self.int_value(ty, lo, hi), self.int_value(ty, lo, hi)])
            if r.random() < 0.1:
                a = lo     # a bound equal to the type's limit is no restriction
            if r.random() < 0.1:
                b = hi
        else:
            a, b = sorted([self.float_value(ty, None, None), self.float_value(ty, None, None)])
        if which in ("min", "both"):
            s.mn = a
        if which in ("max", "both"):
            s.mx = b

    def default(self, s):
        r = self.r
        ty = s.ty
        if ty.kind == "float" and s.mn is None and s.mx is None and r.random() < 0.15:
            return r.choice([math.inf, -math.inf, math.nan])
        if ty.kind == "float" and ty.bits == 32 and r.random() < 0.3:
            # a decimal that f32 must round
            lo = -1e6 if s.mn is None else s.mn
            hi = 1e6 if s.mx is None else s.mx
            v = round(r.uniform(lo, hi), r.randint(0, 3))
            if lo <= f32(v) <= hi and lo <= v <= hi:
                return ("dec", v)
        return self.value(ty, s.mn, s.mx)

    # -- the schema

    def build(self):
        r = self.r
        for i in range(r.randint(1, 4)):
            name = "E%d%s" % (i, self.word(1, 2).capitalize())
            n = r.randint(1, 6)
            listform = r.random() < 0.5
            members = []
            for j in range(n):
                m = "m%d%s" % (j, self.word(1, 2))
                if listform:
                    v = j
                else:
                    v = r.choice([r.randint(-5, 20), r.randint(-2 ** 31, 2 ** 31 - 1),
                                  r.randint(0, 1000)])
                    if j and r.random() < 0.1:
                        v = members[0][1]      # two members may share a value
                members.append((m, v))
            self.enums.append(Enum(name, members, listform))
        nclasses = r.randint(2, 7)
        for i in range(nclasses):
            c = Cls(i, "K%d%s" % (i, self.word(1, 2).capitalize()))
            bases = [b for b in self.classes if b.depth < 3]
            c.layout = r.choice(["compact", "compact", "declared", "packed"])
            if bases and r.random() < 0.6:
                if c.layout == "packed":
                    bases = [b for b in bases if b.layout == "packed"]
                if bases:
                    if r.random() < 0.5:
                        # the deepest, so that chains of four levels are common
                        deepest = max(b.depth for b in bases)
                        bases = [b for b in bases if b.depth == deepest]
                    c.base = r.choice(bases)
                    c.depth = c.base.depth + 1
            self.classes.append(c)
            used = {s.name for b in c.chain()[1:] for s in b.all_slots()}
            k = r.random()
            if k < 0.04:
                nslots = 0
            elif k < 0.72:
                nslots = r.randint(1, 12)
            elif k < 0.96:
                nslots = r.randint(13, 40)
            else:
                nslots = r.randint(41, 300)
            for j in range(nslots):
                name = self.slot_name(used, j)
                used.add(name)
                s = self.slot(c, name)
                s.owner = c
                c.slots.append(s)
            if r.random() < 0.4:
                self.attrs(c)
        return self

    def attrs(self, c):
        r = self.r
        inherited = {a[0]: a[1] for _, a in c.visible_attrs()}
        for j in range(r.randint(1, 4)):
            if inherited and r.random() < 0.3:
                name = r.choice(sorted(inherited))
                ty = inherited[name]           # an override keeps the type
            else:
                name = "at%d%s" % (j, self.word(1, 1))
                if name in inherited or any(a[0] == name for a in c.attrs):
                    continue
                ty = self.scalar_type(False)
            if any(a[0] == name for a in c.attrs):
                continue
            c.attrs.append((name, ty, self.value(ty)))


def same(ty, a, b):
    if ty.kind == "float":
        a, b = stored(ty, a), stored(ty, b)
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


# ---- YAML ---------------------------------------------------------------

def yq(s):
    """A YAML double-quoted scalar (JSON escapes are YAML escapes)."""
    out = '"'
    for ch in s:
        o = ord(ch)
        if ch == '"' or ch == "\\":
            out += "\\" + ch
        elif o < 0x20 or o == 0x7f:
            out += "\\x%02x" % o
        else:
            out += ch
    return out + '"'


def ytype(ty):
    if ty.kind == "bool":
        return "bool"
    if ty.kind == "int":
        return ty.yname
    if ty.kind == "float":
        return "f%d" % ty.bits
    if ty.kind == "str":
        return "str[%d]" % ty.n
    if ty.kind == "string":
        return "string"
    if ty.kind == "enum":
        return ty.enum.name
    if ty.kind == "obj":
        return ty.cls.name
    return ty.cls.name + "*"


def slot_ytype(s):
    t = ytype(s.ty)
    if s.arr is not None:
        t += "[%d]" % s.arr
    return t


def yint(r, v):
    k = r.random()
    if k < 0.15:
        return ("-" if v < 0 else r.choice(["", "+"])) + "0x%x" % abs(v)
    if k < 0.2 and v >= 0:
        return "+%d" % v
    return "%d" % v


def yfloat(r, v):
    if math.isnan(v):
        return r.choice([".nan", ".NaN", ".NAN"])
    if math.isinf(v):
        return ("-" if v < 0 else r.choice(["", "+"])) + r.choice([".inf", ".Inf", ".INF"])
    if v == int(v) and abs(v) < 1e15 and r.random() < 0.5:
        return "%d" % int(v)
    return repr(v)


def yvalue(r, ty, v):
    """A YAML scalar for default/value V of type TY."""
    if ty.kind == "bool":
        return r.choice(["true", "True", "TRUE"]) if v else r.choice(["false", "False", "FALSE"])
    if ty.kind == "int":
        return yint(r, v)
    if ty.kind == "float":
        if isinstance(v, tuple):
            return repr(v[1])
        return yfloat(r, v)
    if ty.kind in ("str", "string"):
        return yq(v)
    if ty.kind == "enum":
        return v[0] if r.random() < 0.7 else yq(v[0])
    raise AssertionError(ty.kind)


def plain_ok(s):
    return s != "" and all(c.isalnum() or c in "_-" for c in s) and s[0].isalpha() and \
        s not in ("true", "false", "null", "True", "False", "TRUE", "FALSE", "yes", "no",
                  "on", "off", "y", "n", "Null", "NULL")


def emit_yaml(g):
    r = random.Random(g.seed * 7919 + 1)   # formatting only: keeps values independent
    out = ["# Random schema of the property test, seed %d." % g.seed,
           "schema: " + SCHEMA, "doc: Property test, seed %d." % g.seed]
    out.append("enums:")
    for e in g.enums:
        if e.listform:
            out.append("  %s: [%s]" % (e.name, ", ".join(m for m, _ in e.members)))
        else:
            out.append("  %s: {%s}" % (e.name, ", ".join("%s: %s" % (m, yint(r, v))
                                                          for m, v in e.members)))
    out.append("classes:")
    order = list(g.classes)
    r.shuffle(order)     # slotc orders classes by dependency itself
    for c in order:
        out.append("  %s:" % c.name)
        if c.base:
            out.append("    extends: %s" % c.base.name)
        if c.layout != "compact" or r.random() < 0.3:
            out.append("    layout: %s" % c.layout)
        out.append("    slots:" if c.slots else "    slots: {}")
        for s in c.slots:
            t = slot_ytype(s)
            k = r.random()
            if s.mn is None and s.mx is None and s.default is None and k < 0.5:
                out.append("      %s: %s" % (s.name, t))       # block context: no quotes needed
                continue
            if s.mn is None and s.mx is None and s.default is not None and k < 0.3:
                dv = s.default
                if s.ty.kind in ("str", "string") and plain_ok(dv):
                    out.append("      %s: %s = %s" % (s.name, t, dv))
                    continue
                if s.ty.kind in ("int", "bool", "enum") or (
                        s.ty.kind == "float" and not isinstance(dv, tuple)):
                    out.append("      %s: %s = %s" % (s.name, t, yvalue(r, s.ty, dv)))
                    continue
            parts = ["type: " + yq(t)]
            if s.mn is not None:
                parts.append("min: " + (yint(r, s.mn) if s.ty.kind == "int" else yfloat(r, s.mn)))
            if s.mx is not None:
                parts.append("max: " + (yint(r, s.mx) if s.ty.kind == "int" else yfloat(r, s.mx)))
            if s.default is not None:
                parts.append("default: " + yvalue(r, s.ty, s.default))
            r.shuffle(parts)
            out.append("      %s: {%s}" % (s.name, ", ".join(parts)))
        if c.attrs:
            out.append("    attrs:")
            for name, ty, v in c.attrs:
                out.append("      %s: {type: %s, value: %s}" % (name, yq(ytype(ty)),
                                                                yvalue(r, ty, v)))
    return "\n".join(out) + "\n"


# ---- C ------------------------------------------------------------------

def cstr(s):
    """A C string literal: every byte outside printable ASCII as an octal escape,
    '?' escaped so that no trigraph forms."""
    out = '"'
    for b in (s if isinstance(s, bytes) else s.encode()):
        ch = chr(b)
        if ch in '"\\?':
            out += "\\" + ch
        elif 0x20 <= b < 0x7f:
            out += ch
        else:
            out += "\\%03o" % b
    return out + '"'


def cint(v, ty):
    lo, hi = int_range(ty)
    if ty.signed:
        if v == lo:
            return "INT%d_MIN" % ty.bits
        return "INT64_C(%d)" % v
    return "UINT64_C(%d)" % v


def cfloat(v):
    if isinstance(v, tuple):
        v = v[1]
    if math.isnan(v):
        return "NAN"
    if math.isinf(v):
        return "HUGE_VAL" if v > 0 else "(-HUGE_VAL)"
    return v.hex()


def stored(ty, v):
    """The value the slot holds after V is stored."""
    if ty.kind == "float":
        if isinstance(v, tuple):
            v = v[1]
        return f32(v) if ty.bits == 32 else v
    return v


def ctype(ty):
    if ty.kind == "bool":
        return "bool"
    if ty.kind == "int":
        return "%sint%d_t" % ("" if ty.signed else "u", ty.bits)
    if ty.kind == "float":
        return "float" if ty.bits == 32 else "double"
    if ty.kind in ("str", "string"):
        return "const char *"
    if ty.kind == "enum":
        return P + ty.enum.name
    return P + ty.cls.name


SLOT_T = {"bool": "SLOT_T_BOOL", "str": "SLOT_T_STR", "string": "SLOT_T_STRING",
          "enum": "SLOT_T_ENUM", "obj": "SLOT_T_OBJ", "ref": "SLOT_T_REF"}


def slot_t(ty):
    if ty.kind == "int":
        return "SLOT_T_%s%d" % ("I" if ty.signed else "U", ty.bits)
    if ty.kind == "float":
        return "SLOT_T_F%d" % ty.bits
    return SLOT_T[ty.kind]


def elem_size(ty):
    if ty.kind in ("str",):
        return str(ty.n + 1)
    if ty.kind == "string":
        return "sizeof(const char *)"
    if ty.kind == "obj":
        return "sizeof(%s)" % ctype(ty)
    if ty.kind == "ref":
        return "sizeof(void *)"
    return "sizeof(%s)" % ctype(ty)


def owns(c):
    """Whether instances of C own heap memory."""
    for s in c.all_slots():
        if s.ty.kind == "string" or (s.ty.kind == "obj" and owns(s.ty.cls)):
            return True
    return False


def slot_owns(s):
    return s.ty.kind == "string" or (s.ty.kind == "obj" and owns(s.ty.cls))


def typed_eq(ty, expr, v):
    """A C expression: the typed value EXPR equals V."""
    if ty.kind == "bool":
        return "%s == %s" % (expr, "true" if v else "false")
    if ty.kind == "int":
        return "%s == %s" % (expr, cint(v, ty))
    if ty.kind == "float":
        return "feq((double)%s, %s)" % (expr, cfloat(stored(ty, v)))
    if ty.kind in ("str", "string"):
        return "seq(%s, %s)" % (expr, "NULL" if v is None else cstr(v))
    if ty.kind == "enum":
        return "(int64_t)%s == %d" % (expr, v[1])
    if ty.kind == "ref":
        return "(const void *)%s == (const void *)%s" % (expr, v)
    if ty.kind == "obj":
        # V is (probe slot, probe value) or None
        if v is None:
            return "%s != NULL" % expr
        probe, pv = v
        return "%s != NULL && %s" % (expr, typed_eq(probe.ty, "%s%s_get_%s(%s)" % (
            P, ty.cls.name, probe.name, expr), pv))
    raise AssertionError(ty.kind)


def byname_val(g, ty, v, alt):
    """A C slot_value expression for V; ALT picks between equivalent spellings."""
    if ty.kind == "bool":
        return "slot_bool(%s)" % ("true" if v else "false")
    if ty.kind == "int":
        if v < 0:
            return "slot_int(%s)" % ("INT64_MIN" if v == -(1 << 63) else "INT64_C(%d)" % v)
        if v <= (1 << 63) - 1 and alt:
            return "slot_int(INT64_C(%d))" % v
        return "slot_uint(UINT64_C(%d))" % v
    if ty.kind == "float":
        sv = stored(ty, v)
        if alt and math.isfinite(sv) and sv == int(sv) and abs(sv) < 2 ** 24:
            return "slot_int(INT64_C(%d))" % int(sv)
        return "slot_float(%s)" % cfloat(v)
    if ty.kind in ("str", "string"):
        return "slot_str(%s)" % cstr(v)
    if ty.kind == "enum":
        if alt:
            return "slot_int(INT64_C(%d))" % v[1]
        return "slot_str(%s)" % cstr(v[0])
    if ty.kind in ("ref", "obj"):
        return "slot_obj(%s)" % v
    raise AssertionError(ty.kind)


def typed_val(ty, v):
    """A C expression of the typed setter's parameter type for V."""
    if ty.kind == "bool":
        return "true" if v else "false"
    if ty.kind == "int":
        return cint(v, ty)
    if ty.kind == "float":
        return cfloat(v)
    if ty.kind in ("str", "string"):
        return cstr(v)
    if ty.kind == "enum":
        return "(%s)%d" % (ctype(ty), v[1])
    return v


def want_byname(ty, v, what, expr="v"):
    """A C statement: the slot_value EXPR holds V."""
    if ty.kind == "bool":
        return "want_b(__LINE__, %s, %s, %s);" % (what, expr, "true" if v else "false")
    if ty.kind == "int":
        if ty.signed:
            return "want_i(__LINE__, %s, %s, %s);" % (what, expr, cint(v, ty))
        return "want_u(__LINE__, %s, %s, %s);" % (what, expr, cint(v, ty))
    if ty.kind == "float":
        return "want_f(__LINE__, %s, %s, %s);" % (what, expr, cfloat(stored(ty, v)))
    if ty.kind in ("str", "string"):
        return "want_s(__LINE__, %s, %s, %s);" % (what, expr, cstr(v))
    if ty.kind == "enum":
        return "want_i(__LINE__, %s, %s, INT64_C(%d));" % (what, expr, v[1])
    raise AssertionError(ty.kind)


def bad_values(g, ty, mn, mx):
    """Values the slot must reject: [(by-name expr or None, typed expr or None, status, what)]."""
    out = []
    if ty.kind == "int":
        lo, hi = int_range(ty)
        if mn is not None and mn > lo:
            out.append((byname_val(g, ty, mn - 1, g.r.random() < 0.5), cint(mn - 1, ty),
                        "SLOT_ERANGE", "below min"))
        if mx is not None and mx < hi:
            out.append((byname_val(g, ty, mx + 1, g.r.random() < 0.5), cint(mx + 1, ty),
                        "SLOT_ERANGE", "above max"))
        if hi < (1 << 64) - 1:
            big = hi + 1 if g.r.random() < 0.7 else g.r.randint(hi + 1, (1 << 64) - 1)
            out.append(("slot_uint(UINT64_C(%d))" % big, None, "SLOT_ERANGE",
                        "past the type's maximum"))
        if lo > -(1 << 63):
            small = lo - 1 if g.r.random() < 0.7 else g.r.randint(-(1 << 63), lo - 1)
            lit = "INT64_MIN" if small == -(1 << 63) else "INT64_C(%d)" % small
            out.append(("slot_int(%s)" % lit, None, "SLOT_ERANGE", "below the type's minimum"))
    elif ty.kind == "float":
        if mn is not None:
            b = mn - max(1.0, abs(mn))
            out.append(("slot_float(%s)" % cfloat(b), cfloat(b), "SLOT_ERANGE", "below min"))
        if mx is not None:
            b = mx + max(1.0, abs(mx))
            out.append(("slot_float(%s)" % cfloat(b), cfloat(b), "SLOT_ERANGE", "above max"))
        if mn is not None or mx is not None:
            out.append(("slot_float(NAN)", "NAN", "SLOT_ERANGE", "NaN in a bounded slot"))
        if ty.bits == 32:
            b = g.r.choice([1e39, -1e39, 3.5e38, 1e300])
            out.append(("slot_float(%s)" % cfloat(b), None, "SLOT_ERANGE",
                        "past the range of float"))
    elif ty.kind == "str":
        s = g.text(ty.n + 1, ty.n + 1)
        out.append(("slot_str(%s)" % cstr(s), cstr(s), "SLOT_ETOOLONG", "one byte too long"))
        if g.r.random() < 0.3:
            s = "é" * (ty.n // 2 + 1)
            if len(s.encode()) > ty.n:
                out.append(("slot_str(%s)" % cstr(s), cstr(s), "SLOT_ETOOLONG",
                            "too many bytes of UTF-8"))
    elif ty.kind == "enum":
        vals = {v for _, v in ty.enum.members}
        lo, hi = min(vals), max(vals)
        cands = [v for v in [lo - 1, hi + 1, 0, 1, -1] + [g.r.randint(lo, hi) for _ in range(5)]
                 if v not in vals and -(1 << 31) <= v < (1 << 31)]
        bad = g.r.choice(cands) if cands else None
        if bad is not None:
            out.append(("slot_int(INT64_C(%d))" % bad, "(%s)%d" % (ctype(ty), bad), "SLOT_ERANGE",
                        "an integer that is no member"))
        out.append(("slot_int(INT64_C(%d))" % (1 << 40), None, "SLOT_ERANGE",
                    "an integer past 32 bits"))
        names = {m for m, _ in ty.enum.members}
        nm = g.r.choice(sorted(names))
        for cand in (nm + "x", nm[:-1], nm.upper(), ""):
            if cand not in names:
                out.append(("slot_str(%s)" % cstr(cand), None, "SLOT_ERANGE",
                            "a name that is no member"))
                break
    return out


def wrong_kind(g, ty):
    """A by-name value of a kind the slot does not take."""
    r = g.r
    opts = {
        "bool": ["slot_int(INT64_C(1))", "slot_str(\"true\")", "slot_float(1.0)"],
        "int": ["slot_float(1.0)", "slot_bool(true)", "slot_str(\"1\")"],
        "float": ["slot_bool(false)", "slot_str(\"1.5\")"],
        "str": ["slot_int(INT64_C(1))", "slot_bool(true)", "slot_float(0.5)"],
        "string": ["slot_int(INT64_C(1))", "slot_bool(true)", "slot_float(0.5)"],
        "enum": ["slot_float(0.0)", "slot_bool(true)"],
        "obj": ["slot_int(INT64_C(0))", "slot_str(\"x\")", "slot_obj(NULL)"],
        "ref": ["slot_int(INT64_C(0))", "slot_str(\"x\")"],
    }
    return r.choice(opts[ty.kind])


PRELUDE = r'''/* Generated by tests/property/gen.py, seed @SEED@.  Replay with
 *   python3 tests/property/gen.py @SEED@ DIR
 * then slotc, compile and run as tests/property/run.sh does. */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS */
#include <inttypes.h>
#include <sys/mman.h>
#include <unistd.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The typed accessors, also where the schema is large (see SLOT_INLINE). */
#define SLOT_INLINE
#include "prop.slot.h"

#define SEED @SEED@

static unsigned long checks;
static const char *cur_class = "";
static const char *cur_slot = "";

static void begin(const char *cls, const char *slot)
{
    cur_class = cls;
    cur_slot = slot;
}

static void fail(int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "property seed %d: class %s, slot %s: ", SEED, cur_class, cur_slot);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (driver.c:%d)\n", line);
    exit(1);
}

static const char *st_name(slot_status st)
{
    static const char *const names[] = {"SLOT_OK", "SLOT_ENOATTR", "SLOT_EUNSET", "SLOT_ETYPE",
                                        "SLOT_ERANGE", "SLOT_ETOOLONG", "SLOT_EREADONLY",
                                        "SLOT_ENOMEM"};
    return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "(bad status)";
}

static const char *kind_name(slot_kind k)
{
    static const char *const names[] = {"SLOT_NONE", "SLOT_BOOL", "SLOT_INT", "SLOT_UINT",
                                        "SLOT_FLOAT", "SLOT_STR", "SLOT_OBJ"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "(bad kind)";
}

static void st_eq(int line, const char *what, slot_status got, slot_status want)
{
    checks++;
    if (got != want)
        fail(line, "%s: expected %s, got %s", what, st_name(want), st_name(got));
}

static void ok(int line, const char *what, int cond)
{
    checks++;
    if (!cond)
        fail(line, "%s: check failed", what);
}

static int feq(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

static int seq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static void want_kind(int line, const char *what, slot_value v, slot_kind k)
{
    checks++;
    if (v.kind != k)
        fail(line, "%s: expected a value of kind %s, got %s", what, kind_name(k),
             kind_name(v.kind));
}

static void want_b(int line, const char *what, slot_value v, bool b)
{
    want_kind(line, what, v, SLOT_BOOL);
    if (v.as.b != b)
        fail(line, "%s: expected %d, got %d", what, (int)b, (int)v.as.b);
}

static void want_i(int line, const char *what, slot_value v, int64_t i)
{
    want_kind(line, what, v, SLOT_INT);
    if (v.as.i != i)
        fail(line, "%s: expected %" PRId64 ", got %" PRId64, what, i, v.as.i);
}

static void want_u(int line, const char *what, slot_value v, uint64_t u)
{
    want_kind(line, what, v, SLOT_UINT);
    if (v.as.u != u)
        fail(line, "%s: expected %" PRIu64 ", got %" PRIu64, what, u, v.as.u);
}

static void want_f(int line, const char *what, slot_value v, double f)
{
    want_kind(line, what, v, SLOT_FLOAT);
    if (!feq(v.as.f, f))
        fail(line, "%s: expected %a (%.17g), got %a (%.17g)", what, f, f, v.as.f, v.as.f);
}

static void want_s(int line, const char *what, slot_value v, const char *s)
{
    want_kind(line, what, v, SLOT_STR);
    if (!seq(v.as.s, s))
        fail(line, "%s: expected \"%s\", got \"%s\"", what, s, v.as.s ? v.as.s : "(null)");
}

static void want_o(int line, const char *what, slot_value v, const void *p)
{
    want_kind(line, what, v, SLOT_OBJ);
    if (v.as.obj != p)
        fail(line, "%s: expected the object at %p, got %p", what, p, v.as.obj);
}

static void ok2(int line, const char *what, const char *sub, int cond)
{
    checks++;
    if (!cond)
        fail(line, "%s: %s", what, sub);
}

/* The presence bit the table names, read straight from the instance. */
static int present(const slot_member *m, const void *obj)
{
    return (((const unsigned char *)obj)[m->pbyte] & m->pmask) != 0;
}

/* The table entry M of the slot NAME at INDEX: where it is, what it is, how
 * it is found.  PADDED is NAME with more bytes after it. */
static void entry(int line, const slot_class *cls, const slot_member *m, int index, int pos,
                  const char *name, const char *padded, size_t offset, slot_type type,
                  size_t size, uint32_t count, int hasdef, int owns, const void *info)
{
    size_t len = strlen(name);
    checks++;
    if (m->offset != offset)
        fail(line, "table offset: expected %zu (offsetof), got %u", offset, (unsigned)m->offset);
    checks++;
    if (slot_index(cls, name, len) != index)
        fail(line, "slot_index of the name: expected %d, got %d", index,
             slot_index(cls, name, len));
    ok(line, "slot_index reads only LEN bytes", slot_index(cls, padded, len) == index);
    ok(line, "INDEX is the position in index order", index == pos);
    ok(line, "member name", m->len == len && strcmp(m->name, name) == 0);
    checks++;
    if (m->type != type)
        fail(line, "member type: expected %d, got %d", (int)type, (int)m->type);
    checks++;
    if (m->size != size)
        fail(line, "member size: expected %zu, got %u", size, (unsigned)m->size);
    ok(line, "member count", m->count == count);
    ok(line, "SLOT_F_DEFAULT", ((m->flags & SLOT_F_DEFAULT) != 0) == hasdef);
    ok(line, "pmask is 0 exactly when the slot has a default", (m->pmask != 0) == !hasdef);
    ok(line, "SLOT_F_OWNS", ((m->flags & SLOT_F_OWNS) != 0) == owns);
    if (type != SLOT_T_ENUM)
        ok(line, "member info", m->info == info);
}

/* The info of an enum slot: enum NAME of COUNT members, member J is JNAME = JVALUE. */
static void enum_info(int line, const slot_member *m, const char *name, size_t count, size_t j,
                      const char *jname, int32_t jvalue)
{
    const slot_enum *e = (const slot_enum *)m->info;
    ok(line, "member info is the enum", e != NULL && e->count == count && strcmp(e->name, name) == 0);
    ok(line, "enum member", strcmp(e->names[j], jname) == 0 && e->values[j] == jvalue);
}

/* Slot NAME of OBJ is unset, by every account; HAS is what the typed has said. */
static void unset(int line, const char *what, const slot_class *cls, const void *obj,
                  const slot_member *m, const char *name, bool has)
{
    slot_value v;
    ok2(line, what, "has is false", !has);
    ok2(line, what, "slot_hasattr is false", !slot_hasattr(cls, obj, name));
    ok2(line, what, "the presence bit is clear", !present(m, obj));
    checks++;
    if (slot_getattr(cls, obj, name, &v) != SLOT_EUNSET)
        fail(line, "%s: slot_getattr: expected SLOT_EUNSET, got %s", what,
             st_name(slot_getattr(cls, obj, name, &v)));
}

/* Slot NAME of OBJ is set, by every account; HAS is what the typed has said. */
static void isset(int line, const char *what, const slot_class *cls, const void *obj,
                  const slot_member *m, const char *name, bool has)
{
    ok2(line, what, "has is true", has);
    ok2(line, what, "slot_hasattr is true", slot_hasattr(cls, obj, name));
    if (m->pmask)
        ok2(line, what, "the presence bit is set", present(m, obj));
}

/* Every by-name lookup of NAME on an instance of CLS fails: it is no slot. */
static void unknown(int line, const slot_class *cls, void *obj, const char *name)
{
    slot_value v;
    cur_slot = name;
    checks++;
    if (slot_index(cls, name, strlen(name)) != -1)
        fail(line, "slot_index of an unknown name: expected -1, got %d",
             slot_index(cls, name, strlen(name)));
    st_eq(line, "slot_getattr of an unknown name", slot_getattr(cls, obj, name, &v), SLOT_ENOATTR);
    st_eq(line, "slot_setattr of an unknown name", slot_setattr(cls, obj, name, slot_int(1)),
          SLOT_ENOATTR);
    st_eq(line, "slot_delattr of an unknown name", slot_delattr(cls, obj, name), SLOT_ENOATTR);
    ok(line, "slot_hasattr of an unknown name is false", !slot_hasattr(cls, obj, name));
}

/* The first byte of a page that is not mapped, after one that is. */
static char *guard;

static void guard_init(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *map = (char *)mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == (char *)MAP_FAILED || mprotect(map + page, (size_t)page, PROT_NONE) != 0) {
        perror("property: mmap");
        exit(1);
    }
    guard = map + page;
}

/* The rows of the class being looked up in, sorted by length then bytes,
 * for scan: the lookups' reference, which shares nothing with them. */
static const slot_member **sorted;

static int by_name(const void *x, const void *y)
{
    const slot_member *a = *(const slot_member *const *)x, *b = *(const slot_member *const *)y;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(a->name, b->name, a->len);
}

static void sort_rows(const slot_class *cls)
{
    uint32_t i;
    free(sorted);
    sorted = (const slot_member **)malloc((cls->count + 1) * sizeof *sorted);
    if (!sorted) {
        perror("property");
        exit(1);
    }
    for (i = 0; i < cls->count; i++)
        sorted[i] = &cls->members[i];
    qsort(sorted, cls->count, sizeof *sorted, by_name);
}

/* The slot of CLS called NAME[0..LEN), found in its sorted rows; -1 if none. */
static int scan(const slot_class *cls, const char *name, size_t len)
{
    slot_member key;
    const slot_member *kp = &key, **hit;
    key.name = name;
    key.len = (uint32_t)len;
    hit = (const slot_member **)bsearch(&kp, sorted, cls->count, sizeof *sorted, by_name);
    return hit ? (int)(*hit - cls->members) : -1;
}

/* Every lookup agrees with the scan on NAME[0..LEN): the class's generated
 * one (find, slot_index), the table's, and both again on a copy of the name
 * that ends at the last byte before an unmapped page; a get reads the same
 * through the cell as through the slot's row. */
static void lookup_one(int line, const slot_class *cls, const void *obj, const char *name,
                       size_t len)
{
    int want = scan(cls, name, len);
    const slot_key *k = cls->find(cls, name, len);
    const char *end = guard - len;
    slot_value v, row;
    slot_status st;
    checks++;
    if (k != slot_table_find(cls, name, len) || (want < 0 ? k != NULL : !k || (int)k->index != want))
        fail(line, "lookup of '%.*s' (%zu bytes): find and slot_table_find disagree with the scan",
             (int)len, name, len);
    memcpy(guard - len, name, len);
    ok(line, "slot_index before an unmapped page", slot_index(cls, end, len) == want);
    memset(&v, 0, sizeof v);
    memset(&row, 0, sizeof row);
    st = slot_getattrn(cls, obj, end, len, &v);
    st_eq(line, "slot_getattrn through the cell and through the row",
          slot_i_get_rest(cls, obj, name, len, k, &row), st);
    ok(line, "the value through the cell is the value through the row",
       st != SLOT_OK || (v.kind == row.kind && v.as.u == row.as.u));
}

/* Every slot name of CLS is found, and none of its near misses is: each
 * byte changed (to two other values), a byte added (at the front, in the
 * middle, at the end) or one dropped (the same places). */
static void lookups(int line, const slot_class *cls, const void *obj)
{
    static const unsigned char flips[] = {0x01, 0x80};
    char buf[256];
    uint32_t i;
    size_t j, f;
    sort_rows(cls);
    for (i = 0; i < cls->count; i++) {
        const char *name = cls->members[i].name;
        size_t len = cls->members[i].len, at[3];
        cur_slot = name;
        lookup_one(line, cls, obj, name, len);
        if (len + 1 > sizeof buf)
            continue;
        for (j = 0; j < len; j++)
            for (f = 0; f < sizeof flips; f++) {
                memcpy(buf, name, len);
                buf[j] = (char)(buf[j] ^ flips[f]);
                lookup_one(line, cls, obj, buf, len);
            }
        at[0] = 0;
        at[1] = len / 2;
        at[2] = len;
        for (j = 0; j < 3; j++) {
            memcpy(buf, name, at[j]);
            buf[at[j]] = 'q';
            memcpy(buf + at[j] + 1, name + at[j], len - at[j]);
            lookup_one(line, cls, obj, buf, len + 1);
            if (len > 0 && at[j] < len) {
                memcpy(buf, name, at[j]);
                memcpy(buf + at[j], name + at[j] + 1, len - at[j] - 1);
                lookup_one(line, cls, obj, buf, len - 1);
            }
        }
    }
    lookup_one(line, cls, obj, "", 0);
}

/* Every member's name finds its own index, and the flags agree with the presence mask. */
static void members(int line, const slot_class *cls)
{
    uint32_t i;
    for (i = 0; i < cls->count; i++) {
        const slot_member *m = &cls->members[i];
        cur_slot = m->name;
        ok(line, "member len is strlen(name)", m->len == strlen(m->name));
        ok(line, "slot_index(member name) is its index",
           slot_index(cls, m->name, m->len) == (int)i);
        ok(line, "pmask is 0 exactly when the slot has a default",
           (m->pmask == 0) == ((m->flags & SLOT_F_DEFAULT) != 0));
    }
}
'''


class Driver:
    def __init__(self, g):
        self.g = g
        self.r = random.Random(g.seed * 104729 + 3)
        self.lines = []
        self.funcs = []

    def w(self, s=""):
        self.lines.append(s)

    def probe(self, d):
        """A slot of class D whose value shows which instance was copied in, or None."""
        for s in d.all_slots():
            if s.arr is None and s.ty.kind in ("bool", "int", "float", "str", "string", "enum"):
                return s
        return None

    def offset_expr(self, c, s):
        parts, k = [], c
        while k is not s.owner:
            parts.append("offsetof(%s%s, _slot_base)" % (P, k.name))
            k = k.base
        parts.append("offsetof(%s%s, %s)" % (P, k.name, s.name))
        return " + ".join(parts)

    def objects(self, c, s, n):
        """Declare N values for an obj/ref slot; returns [(C name, value for typed_eq)]."""
        g, ty = self.g, s.ty
        out = []
        d = ty.cls
        for i in range(n):
            var = "x%d" % i
            self.w("    %s%s *%s = %s%s_new();" % (P, d.name, var, P, d.name))
            out.append(var)
        for var in out:
            self.w('    ok(__LINE__, "%s_new", %s != NULL);' % (d.name, var))
        if ty.kind == "ref":
            return [(v, v) for v in out]
        pr = self.probe(d)
        if pr is None:
            return [(v, None) for v in out]
        vals = g.two_values(pr.ty, pr.mn, pr.mx)
        vals = (vals * ((n + 1) // 2 + 1))[:n]
        res = []
        for var, pv in zip(out, vals):
            self.w('    st_eq(__LINE__, "setting the source instance", %s%s_set_%s(%s, %s), SLOT_OK);'
                   % (P, d.name, pr.name, var, typed_val(pr.ty, pv)))
            res.append((var, (pr, pv)))
        return res

    def free_objects(self, s, objs):
        for var, _ in objs:
            self.w("    %s%s_free(%s);" % (P, s.ty.cls.name, var))

    def table_checks(self, c, s, idx):
        C = P + c.name
        ty = s.ty
        if ty.kind in ("obj", "ref"):
            info = "&%s%s_class" % (P, ty.cls.name)
        else:
            info = "NULL"
        padded = s.name + self.r.choice(["x", "_", "#junk", "0", s.name])
        self.w("    entry(__LINE__, &%s_class, m, %s_%s_INDEX, %d, %s, %s, %s, %s, %s, %d, %d, %d, %s);"
               % (C, C, s.name, idx, cstr(s.name), cstr(padded), self.offset_expr(c, s), slot_t(ty),
                  elem_size(ty), s.arr or 0, s.default is not None, slot_owns(s), info))
        if ty.kind == "enum":
            e = ty.enum
            j = self.r.randrange(len(e.members))
            self.w("    enum_info(__LINE__, m, %s, %d, %d, %s, %d);"
                   % (cstr(e.name), len(e.members), j, cstr(e.members[j][0]), e.members[j][1]))
        self.limits_checks(s)

    def limits_checks(self, s):
        ty = s.ty
        if s.arr is not None:
            return
        if ty.is_number():
            T = ctype(ty)
            lo, hi = (int_range(ty) if ty.kind == "int" else (None, None))
            for flag, val, i, tl in (("SLOT_F_MIN", s.mn, 0, lo), ("SLOT_F_MAX", s.mx, 1, hi)):
                if val is None:
                    self.w('    ok(__LINE__, "no %s", (m->flags & %s) == 0);' % (flag, flag))
                    continue
                lit = cint(val, ty) if ty.kind == "int" else cfloat(stored(ty, val))
                self.w("    if (m->flags & %s) {" % flag)
                self.w("        %s b;" % T)
                self.w("        memcpy(&b, (const char *)m->limits + %d * sizeof b, sizeof b);" % i)
                if ty.kind == "int":
                    self.w('        ok(__LINE__, "limits[%d]", b == %s);' % (i, lit))
                else:
                    self.w('        ok(__LINE__, "limits[%d]", feq((double)b, %s));' % (i, lit))
                self.w("    }")
                if val != tl:
                    # a bound narrower than the type's is a restriction
                    self.w('    ok(__LINE__, "%s", (m->flags & %s) != 0);' % (flag, flag))
        if s.default is not None and ty.kind in ("str", "string"):
            self.w('    ok(__LINE__, "limits is the default text", seq((const char *)m->limits, %s));'
                   % cstr(s.default))
        elif s.default is not None and ty.kind in ("int", "float", "bool", "enum"):
            T = ctype(ty)
            self.w("    {")
            self.w("        %s d;" % T)
            self.w('        ok(__LINE__, "limits holds the default", m->limits != NULL);')
            self.w("        memcpy(&d, (const char *)m->limits + 2 * sizeof d, sizeof d);")
            self.w('        ok(__LINE__, "limits[2] is the default", %s);' % typed_eq(ty, "d", s.default))
            self.w("    }")

    def scalar(self, c, s, idx, light):
        """Checks of a slot that is not an array; LIGHT: fewer, for an inherited one."""
        g = self.g
        C = P + c.name
        ty = s.ty
        f = s.name
        nm = cstr(f)
        cls = "&%s_class" % C
        get = "%s_get_%s(o)" % (C, f)
        hasdef = s.default is not None
        objs = None
        if ty.kind in ("obj", "ref"):
            objs = self.objects(c, s, 3 if ty.kind == "obj" and not light else 2)
            v1, v2 = objs[0], objs[1]
            vals = [v1[1], v2[1]]
            by = ["slot_obj(%s)" % v1[0], "slot_obj(%s)" % v2[0]]
            typed = [v1[0], v2[0]]
        else:
            vals = g.two_values(ty, s.mn, s.mx, s.default)
            by = [byname_val(g, ty, vals[0], self.r.random() < 0.5),
                  byname_val(g, ty, vals[1], self.r.random() < 0.5)]
            typed = [typed_val(ty, vals[0]), typed_val(ty, vals[1])]
        self.table_checks(c, s, idx)

        def read_back(val, what):
            # by name: what the typed getter says
            self.w("    st_eq(__LINE__, \"slot_getattr %s\", slot_getattr(%s, o, %s, &v), SLOT_OK);"
                   % (what, cls, nm))
            if ty.kind == "obj":
                self.w('    want_o(__LINE__, "slot_getattr %s points into the instance", v, (const char *)o + m->offset);' % what)
                self.w('    ok(__LINE__, "slot_getattr %s is the typed getter\'s object", v.as.obj == (const void *)%s);' % (what, get))
                self.w('    ok(__LINE__, "slot_getattr %s holds the value", %s);'
                       % (what, typed_eq(ty, "(const %s *)v.as.obj" % ctype(ty), val)))
            elif ty.kind == "ref":
                self.w('    want_o(__LINE__, "slot_getattr %s", v, %s);' % (what, val))
            else:
                self.w("    " + want_byname(ty, val, '"slot_getattr %s"' % what))

        def state_default(what):
            if hasdef:
                self.w('    isset(__LINE__, "%s", %s, o, m, %s, %s_has_%s(o));' % (what, cls, nm, C, f))
                self.w('    ok(__LINE__, "typed get %s is the default", %s);' % (what, typed_eq(ty, get, s.default)))
                read_back(s.default, what)
            else:
                self.w('    unset(__LINE__, "%s", %s, o, m, %s, %s_has_%s(o));' % (what, cls, nm, C, f))
                if ty.kind in ("string",):
                    self.w('    ok(__LINE__, "typed get %s is NULL", %s == NULL);' % (what, get))
                elif ty.kind == "str":
                    self.w('    ok(__LINE__, "typed get %s is empty", seq(%s, ""));' % (what, get))
                elif ty.kind == "ref":
                    self.w('    ok(__LINE__, "typed get %s is NULL", %s == NULL);' % (what, get))
                elif ty.kind in ("int", "float", "bool"):
                    self.w('    ok(__LINE__, "typed get %s is zero", %s == 0);' % (what, get))

        def state_set(what):
            self.w('    isset(__LINE__, "%s", %s, o, m, %s, %s_has_%s(o));' % (what, cls, nm, C, f))

        state_default("after new")
        # set by name, read typed
        self.w('    st_eq(__LINE__, "slot_setattr", slot_setattr(%s, o, %s, %s), SLOT_OK);' % (cls, nm, by[0]))
        self.w('    ok(__LINE__, "typed get after slot_setattr", %s);' % typed_eq(ty, get, vals[0]))
        state_set("after slot_setattr")
        read_back(vals[0], "after slot_setattr")
        # set typed, read by name
        self.w('    st_eq(__LINE__, "typed set", %s_set_%s(o, %s), SLOT_OK);' % (C, f, typed[1]))
        self.w('    ok(__LINE__, "typed get after typed set", %s);' % typed_eq(ty, get, vals[1]))
        read_back(vals[1], "after typed set")
        cur = vals[1]
        if light:
            # the inherited slot's own entry: one rejection, a del by name
            for bn, tv, want, what in bad_values(g, ty, s.mn, s.mx)[:1]:
                self.w('    st_eq(__LINE__, "slot_setattr %s", slot_setattr(%s, o, %s, %s), %s);'
                       % (what, cls, nm, bn, want))
                self.w('    ok(__LINE__, "value unchanged after slot_setattr %s", %s);' % (what, typed_eq(ty, get, cur)))
            self.w('    st_eq(__LINE__, "slot_delattr", slot_delattr(%s, o, %s), SLOT_OK);' % (cls, nm))
            state_default("after slot_delattr")
            self.w('    st_eq(__LINE__, "slot_setattr", slot_setattr(%s, o, %s, %s), SLOT_OK);' % (cls, nm, by[1]))
            if objs:
                self.free_objects(s, objs)
            return
        # rejections leave the value alone
        if ty.kind not in ("obj", "ref"):
            for bn, tv, want, what in bad_values(g, ty, s.mn, s.mx):
                self.w('    st_eq(__LINE__, "slot_setattr %s", slot_setattr(%s, o, %s, %s), %s);'
                       % (what, cls, nm, bn, want))
                self.w('    ok(__LINE__, "value unchanged after slot_setattr %s", %s);' % (what, typed_eq(ty, get, cur)))
                if tv is not None:
                    self.w('    st_eq(__LINE__, "typed set %s", %s_set_%s(o, %s), %s);' % (what, C, f, tv, want))
                    self.w('    ok(__LINE__, "value unchanged after typed set %s", %s);' % (what, typed_eq(ty, get, cur)))
        wk = wrong_kind(g, ty)
        self.w('    st_eq(__LINE__, "slot_setattr of the wrong kind (%s)", slot_setattr(%s, o, %s, %s), SLOT_ETYPE);'
               % (wk.replace('"', "'"), cls, nm, wk))
        self.w('    ok(__LINE__, "value unchanged after the wrong kind", %s);' % typed_eq(ty, get, cur))
        self.w('    st_eq(__LINE__, "slot_getitem of a scalar", slot_getitem(%s, o, %s, 0, &v), SLOT_ETYPE);' % (cls, nm))
        self.w('    st_eq(__LINE__, "slot_setitem of a scalar", slot_setitem(%s, o, %s, 0, %s), SLOT_ETYPE);' % (cls, nm, by[0]))
        self.w('    ok(__LINE__, "value unchanged after slot_setitem", %s);' % typed_eq(ty, get, cur))
        state_set("after the rejections")
        if ty.kind in ("str", "string") and len(cur.encode()) >= 2:
            # the new text may lie in the slot itself
            tail = cur.encode()[1:]
            self.w('    st_eq(__LINE__, "slot_setattr of the slot\'s own text", slot_setattr(%s, o, %s, slot_str(%s + 1)), SLOT_OK);'
                   % (cls, nm, get))
            self.w('    ok(__LINE__, "value after slot_setattr of the slot\'s own text", %s);' % typed_eq(ty, get, tail))
            self.w('    st_eq(__LINE__, "typed set of the slot\'s own text", %s_set_%s(o, %s + 1), SLOT_OK);' % (C, f, get))
            self.w('    ok(__LINE__, "value after typed set of the slot\'s own text", %s);' % typed_eq(ty, get, tail[1:]))
        if ty.kind == "ref":
            self.w('    st_eq(__LINE__, "slot_setattr NULL", slot_setattr(%s, o, %s, slot_obj(NULL)), SLOT_OK);' % (cls, nm))
            self.w('    ok(__LINE__, "typed get after slot_setattr NULL", %s == NULL);' % get)
            state_set("after slot_setattr NULL")
            self.w('    st_eq(__LINE__, "slot_getattr after slot_setattr NULL", slot_getattr(%s, o, %s, &v), SLOT_OK);' % (cls, nm))
            self.w('    want_o(__LINE__, "slot_getattr after slot_setattr NULL", v, NULL);')
        if ty.kind == "obj" and objs[2][1] is not None:
            # a set through the table deep-copies: changing the source later changes nothing
            pr, _ = objs[2][1]
            self.w('    st_eq(__LINE__, "slot_setattr", slot_setattr(%s, o, %s, slot_obj(%s)), SLOT_OK);' % (cls, nm, objs[2][0]))
            self.w('    %s%s_clear(%s);' % (P, ty.cls.name, objs[2][0]))
            self.w('    ok(__LINE__, "slot_setattr copied the object", %s);' % typed_eq(ty, get, objs[2][1]))
        # del by name
        self.w('    st_eq(__LINE__, "slot_delattr", slot_delattr(%s, o, %s), SLOT_OK);' % (cls, nm))
        state_default("after slot_delattr")
        self.w('    st_eq(__LINE__, "slot_delattr again", slot_delattr(%s, o, %s), %s);'
               % (cls, nm, "SLOT_OK" if hasdef else "SLOT_EUNSET"))
        # typed set, typed del
        self.w('    st_eq(__LINE__, "typed set", %s_set_%s(o, %s), SLOT_OK);' % (C, f, typed[0]))
        state_set("after typed set")
        self.w("    %s_del_%s(o);" % (C, f))
        state_default("after typed del")
        # set by name, typed del; then leave a value in for free() to release
        self.w('    st_eq(__LINE__, "slot_setattr", slot_setattr(%s, o, %s, %s), SLOT_OK);' % (cls, nm, by[1]))
        self.w('    ok(__LINE__, "typed get after slot_setattr", %s);' % typed_eq(ty, get, vals[1]))
        if objs:
            self.free_objects(s, objs)

    def array(self, c, s, idx, light):
        """Checks of an array slot; LIGHT: fewer, for an inherited one."""
        g = self.g
        C = P + c.name
        ty = s.ty
        f = s.name
        nm = cstr(f)
        cls = "&%s_class" % C
        n = s.arr
        objs = None
        self.table_checks(c, s, idx)
        if ty.kind in ("obj", "ref"):
            objs = self.objects(c, s, 2)
            vals = [objs[0][1], objs[1][1]]
            by = ["slot_obj(%s)" % objs[0][0], "slot_obj(%s)" % objs[1][0]]
            typed = [objs[0][0], objs[1][0]]
        else:
            vals = g.two_values(ty, None, None)
            by = [byname_val(g, ty, vals[0], self.r.random() < 0.5),
                  byname_val(g, ty, vals[1], self.r.random() < 0.5)]
            typed = [typed_val(ty, vals[0]), typed_val(ty, vals[1])]

        def get(i):
            return "%s_get_%s(o, %d)" % (C, f, i)

        def getitem(i, val, what):
            self.w('    st_eq(__LINE__, "slot_getitem %s", slot_getitem(%s, o, %s, %d, &v), SLOT_OK);'
                   % (what, cls, nm, i))
            if ty.kind == "obj":
                self.w('    want_o(__LINE__, "slot_getitem %s is the typed getter\'s object", v, (const void *)%s);' % (what, get(i)))
            elif ty.kind == "ref":
                self.w('    want_o(__LINE__, "slot_getitem %s", v, %s);' % (what, val))
            else:
                self.w("    " + want_byname(ty, val, '"slot_getitem %s"' % what))

        def unset(what):
            self.w('    unset(__LINE__, "%s", %s, o, m, %s, %s_has_%s(o));' % (what, cls, nm, C, f))

        unset("after new")
        self.w('    st_eq(__LINE__, "slot_getitem of an unset array", slot_getitem(%s, o, %s, 0, &v), SLOT_EUNSET);' % (cls, nm))
        idxs = sorted({0, n - 1, self.r.randrange(n)})
        if light:
            idxs = idxs[-1:]
        for i in idxs:
            self.w('    st_eq(__LINE__, "slot_setitem %d", slot_setitem(%s, o, %s, %d, %s), SLOT_OK);'
                   % (i, cls, nm, i, by[0]))
            self.w('    ok(__LINE__, "typed get after slot_setitem %d", %s);' % (i, typed_eq(ty, get(i), vals[0])))
        self.w('    isset(__LINE__, "after slot_setitem", %s, o, m, %s, %s_has_%s(o));' % (cls, nm, C, f))
        j = self.r.choice(idxs)
        self.w('    st_eq(__LINE__, "typed set %d", %s_set_%s(o, %d, %s), SLOT_OK);' % (j, C, f, j, typed[1]))
        getitem(j, vals[1], "after typed set %d" % j)
        for i in idxs:
            if i != j:
                getitem(i, vals[0], "of an untouched element %d" % i)
        if light:
            self.w('    st_eq(__LINE__, "slot_delattr", slot_delattr(%s, o, %s), SLOT_OK);' % (cls, nm))
            unset("after slot_delattr")
            self.w('    st_eq(__LINE__, "slot_setitem", slot_setitem(%s, o, %s, %d, %s), SLOT_OK);' % (cls, nm, n - 1, by[1]))
            if objs:
                self.free_objects(s, objs)
            return
        self.w('    st_eq(__LINE__, "slot_getattr of a set array", slot_getattr(%s, o, %s, &v), SLOT_OK);' % (cls, nm))
        self.w('    want_o(__LINE__, "slot_getattr of an array is its first element", v, (const char *)o + m->offset);')
        # past the end
        self.w('    st_eq(__LINE__, "slot_setitem past the end", slot_setitem(%s, o, %s, %d, %s), SLOT_ERANGE);'
               % (cls, nm, n, by[0]))
        self.w('    st_eq(__LINE__, "slot_getitem past the end", slot_getitem(%s, o, %s, %d, &v), SLOT_ERANGE);' % (cls, nm, n))
        self.w('    st_eq(__LINE__, "typed set past the end", %s_set_%s(o, %d, %s), SLOT_ERANGE);' % (C, f, n, typed[0]))
        self.w('    st_eq(__LINE__, "slot_setitem far past the end", slot_setitem(%s, o, %s, (size_t)-1, %s), SLOT_ERANGE);'
               % (cls, nm, by[0]))
        self.w('    st_eq(__LINE__, "slot_setattr of an array", slot_setattr(%s, o, %s, %s), SLOT_ETYPE);' % (cls, nm, by[0]))
        cur = vals[1]
        if ty.kind not in ("obj", "ref"):
            for bn, tv, want, what in bad_values(g, ty, None, None):
                self.w('    st_eq(__LINE__, "slot_setitem %s", slot_setitem(%s, o, %s, %d, %s), %s);'
                       % (what, cls, nm, j, bn, want))
                self.w('    ok(__LINE__, "element unchanged after slot_setitem %s", %s);' % (what, typed_eq(ty, get(j), cur)))
                if tv is not None:
                    self.w('    st_eq(__LINE__, "typed set %s", %s_set_%s(o, %d, %s), %s);' % (what, C, f, j, tv, want))
                    self.w('    ok(__LINE__, "element unchanged after typed set %s", %s);' % (what, typed_eq(ty, get(j), cur)))
        wk = wrong_kind(g, ty)
        self.w('    st_eq(__LINE__, "slot_setitem of the wrong kind (%s)", slot_setitem(%s, o, %s, %d, %s), SLOT_ETYPE);'
               % (wk.replace('"', "'"), cls, nm, j, wk))
        self.w('    ok(__LINE__, "element unchanged after the wrong kind", %s);' % typed_eq(ty, get(j), cur))
        # del by name resets every element
        self.w('    st_eq(__LINE__, "slot_delattr", slot_delattr(%s, o, %s), SLOT_OK);' % (cls, nm))
        unset("after slot_delattr")
        zero = {"bool": False, "int": 0, "float": 0.0, "str": "", "enum": None}
        if ty.kind in ("bool", "int", "float", "str"):
            for i in idxs:
                self.w('    ok(__LINE__, "element %d is zero after slot_delattr", %s);'
                       % (i, typed_eq(ty, get(i), zero[ty.kind])))
        elif ty.kind == "enum":
            for i in idxs:
                self.w('    ok(__LINE__, "element %d is zero after slot_delattr", (int64_t)%s == 0);' % (i, get(i)))
        elif ty.kind == "ref":
            for i in idxs:
                self.w('    ok(__LINE__, "element %d is NULL after slot_delattr", %s == NULL);' % (i, get(i)))
        self.w('    st_eq(__LINE__, "slot_delattr again", slot_delattr(%s, o, %s), SLOT_EUNSET);' % (cls, nm))
        self.w('    st_eq(__LINE__, "typed set", %s_set_%s(o, %d, %s), SLOT_OK);' % (C, f, j, typed[0]))
        self.w('    ok(__LINE__, "has after typed set", %s_has_%s(o));' % (C, f))
        self.w("    %s_del_%s(o);" % (C, f))
        unset("after typed del")
        self.w('    st_eq(__LINE__, "slot_setitem", slot_setitem(%s, o, %s, %d, %s), SLOT_OK);' % (cls, nm, n - 1, by[1]))
        if objs:
            self.free_objects(s, objs)

    def slot_test(self, c, s, idx):
        C = P + c.name
        fn = "t_%s_%s" % (c.name, s.name)
        self.funcs.append(fn)
        self.w("static void %s(void)" % fn)
        self.w("{")
        self.w("    %s *o = %s_new();" % (C, C))
        self.w("    const slot_member *m = &%s_class.members[%s_%s_INDEX];" % (C, C, s.name))
        self.w("    slot_value v;")
        self.w("    begin(%s, %s);" % (cstr(c.name), cstr(s.name)))
        self.w('    ok(__LINE__, "%s_new", o != NULL);' % C)
        light = s.owner is not c
        if s.arr is None:
            self.scalar(c, s, idx, light)
        else:
            self.array(c, s, idx, light)
        self.w("    (void)v;")
        self.w("    %s_free(o);" % C)
        self.w("}")
        self.w()

    def class_test(self, c):
        g = self.g
        C = P + c.name
        fn = "t_%s" % c.name
        self.funcs.append(fn)
        self.w("static void %s(void)" % fn)
        self.w("{")
        self.w("    %s *o = %s_new();" % (C, C))
        self.w("    slot_value v;")
        self.w('    begin(%s, "(class)");' % cstr(c.name))
        self.w('    ok(__LINE__, "%s_new", o != NULL);' % C)
        self.w('    ok(__LINE__, "count is SLOT_COUNT", %s_class.count == %s_SLOT_COUNT);' % (C, C))
        self.w('    ok(__LINE__, "SLOT_COUNT", %s_SLOT_COUNT == %d);' % (C, len(c.all_slots())))
        self.w('    ok(__LINE__, "size is sizeof", %s_class.size == sizeof(%s));' % (C, C))
        self.w('    ok(__LINE__, "name", seq(%s_class.name, %s));' % (C, cstr(c.name)))
        self.w('    ok(__LINE__, "base", %s_class.base == %s);'
               % (C, "&%s%s_class" % (P, c.base.name) if c.base else "NULL"))
        self.w('    ok(__LINE__, "SLOT_C_PACKED", ((%s_class.flags & SLOT_C_PACKED) != 0) == %d);'
               % (C, c.layout == "packed"))
        self.w('    ok(__LINE__, "no dict, no weakref", (%s_class.flags & (SLOT_C_DICT | SLOT_C_WEAKREF | SLOT_C_DYNAMIC)) == 0);' % C)
        for b in c.chain():
            self.w('    ok(__LINE__, "slot_isinstance(%s, %s)", slot_isinstance(&%s_class, &%s%s_class));'
                   % (c.name, b.name, C, P, b.name))
        others = [k for k in g.classes if k not in c.chain()]
        if others:
            k = self.r.choice(others)
            self.w('    ok(__LINE__, "not slot_isinstance(%s, %s)", !slot_isinstance(&%s_class, &%s%s_class));'
                   % (c.name, k.name, C, P, k.name))
        self.w("    members(__LINE__, &%s_class);" % C)
        self.w('    begin(%s, "(class)");' % cstr(c.name))
        # class attributes
        vis = c.visible_attrs()
        self.w('    ok(__LINE__, "nattrs", %s_class.nattrs == %d);' % (C, len(vis)))
        for owner, (name, ty, val) in vis:
            nm = cstr(name)
            self.w("    begin(%s, %s);" % (cstr(c.name), nm))
            self.w('    st_eq(__LINE__, "slot_getattr of a class attribute", slot_getattr(&%s_class, o, %s, &v), SLOT_OK);' % (C, nm))
            self.w("    " + want_byname(ty, val, '"slot_getattr of a class attribute"'))
            self.w('    ok(__LINE__, "slot_hasattr of a class attribute", slot_hasattr(&%s_class, o, %s));' % (C, nm))
            self.w('    ok(__LINE__, "slot_index of a class attribute is -1", slot_index(&%s_class, %s, %d) == -1);'
                   % (C, nm, len(name)))
            self.w('    st_eq(__LINE__, "slot_setattr of a class attribute", slot_setattr(&%s_class, o, %s, %s), SLOT_EREADONLY);'
                   % (C, nm, byname_val(g, ty, val, False)))
            self.w('    st_eq(__LINE__, "slot_delattr of a class attribute", slot_delattr(&%s_class, o, %s), SLOT_EREADONLY);' % (C, nm))
            if owner is c:
                self.w('    ok(__LINE__, "typed getter of a class attribute", %s);'
                       % typed_eq(ty, "%s_get_%s()" % (C, name), val))
        self.setattrs(c)
        self.w("    lookups(__LINE__, &%s_class, o);" % C)
        # unknown names
        self.w('    begin(%s, "(unknown names)");' % cstr(c.name))
        for name in self.unknown_names(c):
            self.w("    unknown(__LINE__, &%s_class, o, %s);" % (C, cstr(name)))
        self.w("    (void)v;")
        self.w("    %s_free(o);" % C)
        self.w("}")
        self.w()

    def setattrs(self, c):
        """slot_setattrs: every pair or none; of two pairs naming one slot the last wins."""
        g, r = self.g, self.r
        C = P + c.name
        cands = [s for s in c.all_slots() if s.arr is None and
                 s.ty.kind in ("bool", "int", "float", "str", "string", "enum")]
        if not cands:
            return
        chosen = r.sample(cands, min(len(cands), r.choice([1, 3, 5, 9, 12])))
        vals = [g.two_values(s.ty, s.mn, s.mx) for s in chosen]
        self.w('    begin(%s, "(slot_setattrs)");' % cstr(c.name))
        self.w("    {")
        pairs = [(s, v[0]) for s, v in zip(chosen, vals)]
        pairs.append((chosen[0], vals[0][1]))     # the last of two pairs wins
        self.w("        slot_kv ok_kv[] = {%s};" % ", ".join(
            "{%s, %s}" % (cstr(s.name), byname_val(g, s.ty, v, r.random() < 0.5)) for s, v in pairs))
        self.w('        st_eq(__LINE__, "slot_setattrs", slot_setattrs(&%s_class, o, ok_kv, %d), SLOT_OK);'
               % (C, len(pairs)))
        final = {s.name: v for s, v in pairs}
        for s in chosen:
            self.w('        ok(__LINE__, "typed get of %s after slot_setattrs", %s);'
                   % (s.name, typed_eq(s.ty, "%s_get_%s(o)" % (C, s.name), final[s.name])))
        # one bad pair among good ones: nothing changes
        bad = []
        for s in chosen:
            for bn, _, want, what in bad_values(g, s.ty, s.mn, s.mx):
                bad.append((cstr(s.name), bn, want, what))
        bad.append(('"no_such_slot"', "slot_int(1)", "SLOT_ENOATTR", "an unknown name"))
        bname, bval, want, what = r.choice(bad)
        items = ["{%s, %s}" % (cstr(s.name), byname_val(g, s.ty, v[1], r.random() < 0.5))
                 for s, v in zip(chosen, vals)]
        items.insert(r.randint(0, len(items)), "{%s, %s}" % (bname, bval))
        self.w("        slot_kv bad_kv[] = {%s};" % ", ".join(items))
        self.w('        st_eq(__LINE__, "slot_setattrs with %s", slot_setattrs(&%s_class, o, bad_kv, %d), %s);'
               % (what, C, len(items), want))
        for s in chosen:
            self.w('        ok(__LINE__, "%s unchanged after a failed slot_setattrs", %s);'
                   % (s.name, typed_eq(s.ty, "%s_get_%s(o)" % (C, s.name), final[s.name])))
        self.w("    }")

    def unknown_names(self, c):
        r = self.r
        known = {s.name for s in c.all_slots()} | {a[0] for _, a in c.visible_attrs()}
        cands = ["", "_slot_base", "_slot_present", "_slot_dict", c.name, c.name + "_class",
                 "SLOT_COUNT", "\xff", "a b", "é"]
        names = sorted(known)
        for nme in r.sample(names, min(len(names), 12)):
            cands += [nme[:-1], nme[1:], nme + "x", "x" + nme, nme.upper(), nme + "\t",
                      nme[: len(nme) // 2], nme + nme]
        for k in self.g.classes:
            for s in k.all_slots()[:5]:
                cands.append(s.name)
        for _ in range(5):
            cands.append(self.g.word(1, 4))
        out, seen = [], set()
        for x in cands:
            if x not in known and x not in seen:
                seen.add(x)
                out.append(x)
        return out

    def build(self):
        g = self.g
        self.w(PRELUDE.replace("@SEED@", str(g.seed)))
        nslots = 0
        for c in g.classes:
            self.class_test(c)
            for idx, s in enumerate(c.all_slots()):
                self.slot_test(c, s, idx)
                nslots += 1
        self.w("int main(void)")
        self.w("{")
        self.w("    guard_init();")
        self.w("    /* Not every schema needs every helper. */")
        self.w("    (void)want_b;")
        self.w("    (void)want_i;")
        self.w("    (void)want_u;")
        self.w("    (void)want_f;")
        self.w("    (void)want_s;")
        self.w("    (void)want_o;")
        self.w("    (void)enum_info;")
        self.w("    (void)unset;")
        self.w("    (void)isset;")
        self.w("    (void)entry;")
        self.w("    (void)feq;")
        for fn in self.funcs:
            self.w("    %s();" % fn)
        self.w('    printf("property seed %%d: %d classes, %d slots, %%lu checks passed\\n", SEED, checks);'
               % (len(g.classes), nslots))
        self.w("    return 0;")
        self.w("}")
        return "\n".join(self.lines) + "\n"


def wide(n):
    """A schema of one class of N slots, and a driver that checks its lookups
    alone: every name and its near misses, against the scan and the table.
    The names are random, 1 to 40 bytes, so that every way of reading one
    is taken; the slots have every scalar type, half of them set."""
    r = random.Random(n)
    names, seen = [], set()
    alphabet = "abcdefghijklmnopqrstuvwxyz_0123456789"
    while len(names) < n:
        size = r.choice([1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 20, 24, 31, 40])
        name = r.choice("abcdefghijklmnopqrstuvwxyz") + \
            "".join(r.choice(alphabet) for _ in range(size - 1))
        if name not in seen and name not in RESERVED and "__" not in name and name[-1] != "_" and \
                not name.startswith("at"):
            seen.add(name)
            names.append(name)
    types = ["u8", "i16", "u32", "i64", "f32", "f64", "bool", "str[5]", "u64 = 7"]
    yaml = ["# Lookup test: one class of %d slots." % n, "schema: " + SCHEMA, "classes:",
            "  Wide:", "    slots:"]
    yaml += ["      %s: %s" % (name, types[i % len(types)]) for i, name in enumerate(names)]
    sets = []
    for i, name in enumerate(names[::2]):
        t = types[(2 * i) % len(types)]
        v = {"f32": "slot_float(-1.5)", "f64": "slot_float(2.25)", "bool": "slot_bool(true)",
             "str[5]": 'slot_str("abc")', "i16": "slot_int(-300)",
             "i64": "slot_int(-INT64_C(1099511627776))"}.get(t, "slot_uint(200)")
        sets.append('    st_eq(__LINE__, "slot_setattr", slot_setattr(&%sWide_class, o, %s, %s), '
                    "SLOT_OK);" % (P, cstr(name), v))
    driver = PRELUDE.replace("@SEED@", "0") + "\n".join([
        "int main(void)",
        "{",
        "    %sWide *o = %sWide_new();" % (P, P),
        "    guard_init();",
        '    begin("Wide", "(lookups)");',
        '    ok(__LINE__, "new", o != NULL);'] + sets + [
        "    members(__LINE__, &%sWide_class);" % P,
        "    lookups(__LINE__, &%sWide_class, o);" % P,
        "    %sWide_free(o);" % P,
        "    (void)want_b;", "    (void)want_i;", "    (void)want_u;", "    (void)want_f;",
        "    (void)want_s;", "    (void)want_o;", "    (void)enum_info;", "    (void)unset;",
        "    (void)isset;", "    (void)entry;", "    (void)ok2;", "    (void)unknown;",
        '    printf("property wide%d: 1 class, %d slots, %%lu checks passed\\n", checks);'
        % (n, n),
        "    return 0;",
        "}", ""])
    return "\n".join(yaml) + "\n", driver


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: gen.py SEED|wideN OUTDIR\n")
        return 2
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if sys.argv[1].startswith("wide"):
        yaml, driver = wide(int(sys.argv[1][4:]))
    else:
        g = Gen(int(sys.argv[1])).build()
        yaml, driver = emit_yaml(g), Driver(g).build()
    with open(os.path.join(out, SCHEMA + ".yaml"), "w", encoding="utf-8") as f:
        f.write(yaml)
    with open(os.path.join(out, "driver.c"), "w", encoding="utf-8") as f:
        f.write(driver)
    return 0


if __name__ == "__main__":
    sys.exit(main())
