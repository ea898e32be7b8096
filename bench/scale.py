"""scale.py - slotc against protoc-c on large schemas: generator time and
memory, the size of the output, and what the output costs the C compiler.

Usage: python3 scale.py --slotc SLOTC --include RUNTIME_INCLUDE --work DIR
                        [--cc CC] [--mem-cap BYTES] [--no-cc] [CASE...]

A CASE is KIND:SIZE, with SIZE a number that may end in k or m:
  flat:N     one file of N slots: classes of 20 mixed slots
  chain:N    N files, each of 10 classes of 20 slots, each importing the
             previous one; all N are given to one run
  wide:N     one file with one class of N slots
Without a case, every case of the issue is run (the 1m case takes minutes
and gigabytes); --quick runs small ones.  Each case gets its inputs in
DIR/KIND-SIZE/ (a schema and an equivalent .proto per file), made once.

Each run of slotc, protoc-c and the compiler is one process, timed with a
monotonic clock, its peak resident set read from wait4(); every process is
limited to --mem-cap bytes of address space (default 8e9), and one that
hits the limit is reported as failed, not retried.  For the flat cases up
to --cc-max slots (default 100k) the outputs are compiled with CC -O2 -c,
and so is a file that only includes the header.  No timing here is a
test: this prints figures and nothing else.  Standard library only.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

# The 20 slots of every class: name, slotc type, protobuf type, the options
# in both spellings (slotc's flow mapping, protobuf's [default = ...]).
SLOTS = [
    ("id", "u64", "uint64", None, None),
    ("name", "str[31]", "string", None, None),
    ("label", "string", "string", None, None),
    ("flag", "bool", "bool", "default: true", "true"),
    ("count", "i32", "int32", "min: 0, max: 1000, default: 1", "1"),
    ("small", "i8", "int32", None, None),
    ("medium", "i16", "int32", "default: 5", "5"),
    ("ubyte", "u8", "uint32", None, None),
    ("ushort", "u16", "uint32", None, None),
    ("uint", "u32", "uint32", "max: 100000", None),
    ("big", "i64", "int64", None, None),
    ("ratio", "f32", "float", "default: 0.5", "0.5"),
    ("value", "f64", "double", "min: -1000000, max: 1000000", None),
    ("kind", "Kind", "Kind", "default: b", "KIND_B"),
    ("rgb", "u8[3]", "repeated uint32", None, None),
    ("note", "string", "string", "default: none", '"none"'),
    ("x", "f64", "double", "default: 1", "1"),
    ("y", "f64", "double", None, None),
    ("ok", "bool", "bool", None, None),
    ("prev", "REF", "REF", None, None),  # a reference to the class before
]
PER_CLASS = len(SLOTS)
CHAIN_CLASSES = 10


def yaml_slot(name, ytype, opts, ref, enum):
    if ytype == "REF":
        ytype = ref + "*"
    elif ytype == "Kind":
        ytype = enum
    if opts:
        return f"      {name}: {{type: {ytype}, {opts}}}\n"
    return f"      {name}: {ytype}\n"


def proto_slot(name, ptype, dflt, number, ref):
    if ptype == "REF":
        ptype = ref
    label = "" if ptype.startswith("repeated") else "optional "
    opt = f" [default = {dflt}]" if dflt is not None else ""
    return f"  {label}{ptype} {name} = {number}{opt};\n"


class Writer:
    """One schema and its .proto twin, written side by side."""

    def __init__(self, directory, stem, package, imports=(), enum="Kind"):
        self.y = open(os.path.join(directory, stem + ".yaml"), "w", encoding="ascii")
        self.p = open(os.path.join(directory, stem + ".proto"), "w", encoding="ascii")
        imp = ", ".join(i + ".yaml" for i in imports)
        self.y.write(f"schema: {package}\n")
        if imports:
            self.y.write(f"imports: [{imp}]\n")
        # Imported names are visible unqualified: each file's enum has its own.
        self.enum = enum
        self.y.write(f"enums:\n  {enum}: [a, b, c]\nclasses:\n")
        self.p.write(f'syntax = "proto2";\npackage {package};\n')
        for i in imports:
            self.p.write(f'import "{i}.proto";\n')
        self.p.write("enum Kind {\n  KIND_A = 0;\n  KIND_B = 1;\n  KIND_C = 2;\n}\n")

    def mixed_class(self, name, ref_yaml, ref_proto, count=PER_CLASS, suffix=False):
        """A class of COUNT slots cycling through SLOTS; names get the
        slot's number when the class holds more than one round."""
        self.y.write(f"  {name}:\n    slots:\n")
        self.p.write(f"message {name} {{\n")
        for i in range(count):
            sname, ytype, ptype, yopts, pdflt = SLOTS[i % PER_CLASS]
            if suffix:
                sname = f"{sname}_{i}"
            self.y.write(yaml_slot(sname, ytype, yopts, ref_yaml, self.enum))
            number = i + 1 if i + 1 < 19000 else i + 1001  # 19000-19999 are protobuf's
            self.p.write(proto_slot(sname, ptype, pdflt, number, ref_proto))
        self.p.write("}\n")

    def close(self):
        self.y.close()
        self.p.close()


def make_flat(directory, slots):
    w = Writer(directory, "flat", "flat")
    n = max(1, slots // PER_CLASS)
    for c in range(n):
        prev = f"T{c - 1}" if c else "T0"
        w.mixed_class(f"T{c}", prev, "flat." + prev)
    w.close()
    return ["flat"], n * PER_CLASS


def make_chain(directory, files):
    stems = [f"c{k:04d}" for k in range(files)]
    for k, stem in enumerate(stems):
        w = Writer(directory, stem, stem, [stems[k - 1]] if k else [], f"Kind{k}")
        for c in range(CHAIN_CLASSES):
            if c:
                ry, rp = f"F{k}C{c - 1}", f"{stem}.F{k}C{c - 1}"
            elif k:
                ry, rp = f"F{k - 1}C{CHAIN_CLASSES - 1}", f"{stems[k - 1]}.F{k - 1}C{CHAIN_CLASSES - 1}"
            else:
                ry, rp = "F0C0", "c0000.F0C0"
            w.mixed_class(f"F{k}C{c}", ry, rp)
        w.close()
    return stems, files * CHAIN_CLASSES * PER_CLASS


def make_wide(directory, slots):
    w = Writer(directory, "wide", "wide")
    w.mixed_class("W", "W", "wide.W", count=slots, suffix=True)
    w.close()
    return ["wide"], slots


MAKERS = {"flat": make_flat, "chain": make_chain, "wide": make_wide}
ALL = ["flat:10k", "flat:100k", "flat:1m", "chain:200", "chain:500", "wide:30k"]
QUICK = ["flat:10k", "chain:20", "wide:3k"]


def parse_size(text):
    t = text.lower()
    mult = 1_000_000 if t.endswith("m") else 1000 if t.endswith("k") else 1
    return int(t.rstrip("km")) * mult


class Result:
    def __init__(self, ok, seconds, rss, note="", cpu=0.0):
        self.ok, self.seconds, self.rss, self.note, self.cpu = ok, seconds, rss, note, cpu


def run(argv, cap, cwd=None):
    """Runs ARGV once: wall time and peak RSS (bytes) of it and its children."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=limit)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss * 1024
    cpu = usage.ru_utime + usage.ru_stime
    if proc.returncode != 0:
        first = err.decode(errors="replace").strip().splitlines()[:1]
        return Result(False, seconds, rss, f"exit {proc.returncode}: {' '.join(first)[:60]}", cpu)
    return Result(True, seconds, rss, "", cpu)


def lines_of(paths):
    total = 0
    for p in paths:
        with open(p, "rb") as f:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return total


def fmt_rss(b):
    return f"{b / 2**30:.2f} GiB" if b >= 2**30 else f"{b / 2**20:.0f} MiB"


def fmt_res(r):
    if not r.ok:
        return f"FAILED ({r.note})"
    return f"{r.seconds:.2f} s ({r.cpu:.2f} cpu) / {fmt_rss(r.rss)}"


def ratio(a, b, attr):
    if not (a.ok and b.ok):
        return "-"
    return f"{getattr(a, attr) / getattr(b, attr):.2f}"


def load():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def compile_one(cc, source, includes, cap, out_dir):
    argv = [cc, "-O2", "-c", source, "-o", os.path.join(out_dir, "cc.o")]
    for inc in includes:
        argv += ["-I", inc]
    return run(argv, cap)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slotc", required=True)
    ap.add_argument("--include", required=True, help="libslot's include directory")
    ap.add_argument("--work", required=True)
    ap.add_argument("--protoc-c", default="protoc-c")
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--mem-cap", type=float, default=8e9)
    ap.add_argument("--cc-max", default="100k", help="compile flat outputs up to this many slots")
    ap.add_argument("--no-cc", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    cases = args.cases or (QUICK if args.quick else ALL)
    cap = int(args.mem_cap)
    cc_max = parse_size(args.cc_max)

    rows, cc_rows = [], []
    # Old outputs are moved here and deleted only after the last run: a
    # file system that allocates inodes around recently deleted ones (ext4)
    # would otherwise make whichever generator runs first after a delete
    # pay for it, 1 ms and more per file created.
    trash = os.path.join(args.work, "old-outputs")
    shutil.rmtree(trash, ignore_errors=True)
    os.makedirs(trash)
    for case in cases:
        kind, _, size = case.partition(":")
        if kind not in MAKERS or not size:
            sys.exit(f"scale.py: unknown case '{case}' (want flat:N, chain:N or wide:N)")
        n = parse_size(size)
        directory = os.path.join(args.work, f"{kind}-{size.lower()}")
        inputs = os.path.join(directory, "in")
        stamp = os.path.join(inputs, "done")
        if not os.path.exists(stamp):
            shutil.rmtree(directory, ignore_errors=True)
            os.makedirs(inputs)
            stems, slots = MAKERS[kind](inputs, n)
            with open(stamp, "w", encoding="ascii") as f:
                f.write(f"{slots}\n" + "\n".join(stems) + "\n")
        with open(stamp, encoding="ascii") as f:
            slots, *stems = f.read().split()
            slots = int(slots)
        s_out, p_out = os.path.join(directory, "slotc"), os.path.join(directory, "protoc-c")
        for d in (s_out, p_out):
            if os.path.exists(d):
                os.rename(d, os.path.join(trash, f"{len(os.listdir(trash))}"))
            os.makedirs(d)
        os.sync()
        s = run([args.slotc, "-q", "-o", s_out] + [os.path.join(inputs, t + ".yaml") for t in stems],
                cap)
        p = run([args.protoc_c, f"--c_out={p_out}", f"-I{inputs}"]
                + [os.path.join(inputs, t + ".proto") for t in stems], cap)
        s_files = [os.path.join(s_out, t + ext) for t in stems for ext in (".slot.h", ".slot.c")]
        p_files = [os.path.join(p_out, t + ext) for t in stems for ext in (".pb-c.h", ".pb-c.c")]
        s_lines = lines_of(s_files) / slots if s.ok else 0
        p_lines = lines_of(p_files) / slots if p.ok else 0
        rows.append((case, slots, s, p, s_lines, p_lines))
        print(f"  {case:<10} slotc {fmt_res(s):>22}   protoc-c {fmt_res(p):>22}   load {load()}",
              flush=True)

        if args.no_cc or kind != "flat" or slots > cc_max or not (s.ok and p.ok):
            continue
        tmp = os.path.join(directory, "cc")
        os.makedirs(tmp, exist_ok=True)
        for name, text in (("only_slotc.c", '#include "flat.slot.h"\n'),
                           ("only_protoc.c", '#include "flat.pb-c.h"\n')):
            with open(os.path.join(tmp, name), "w", encoding="ascii") as f:
                f.write(text)
        sc = compile_one(args.cc, os.path.join(s_out, "flat.slot.c"), [s_out, args.include], cap, tmp)
        pc = compile_one(args.cc, os.path.join(p_out, "flat.pb-c.c"), [p_out], cap, tmp)
        sh = compile_one(args.cc, os.path.join(tmp, "only_slotc.c"), [s_out, args.include], cap, tmp)
        ph = compile_one(args.cc, os.path.join(tmp, "only_protoc.c"), [p_out], cap, tmp)
        hs = os.path.getsize(os.path.join(s_out, "flat.slot.h"))
        hp = os.path.getsize(os.path.join(p_out, "flat.pb-c.h"))
        cc_rows.append((case, sc, pc, sh, ph, hs, hp))
        print(f"  {case:<10} {args.cc} -O2 -c: source {fmt_res(sc)} vs {fmt_res(pc)};"
              f" header only {fmt_res(sh)} vs {fmt_res(ph)}   load {load()}", flush=True)

    shutil.rmtree(trash, ignore_errors=True)
    print()
    print("Time is wall-clock (CPU time, user + system, in parentheses); RSS is the peak.")
    print()
    print("| case | slots | slotc | protoc-c | time ratio | RSS ratio | slotc us/slot (cpu)"
          " | lines/slot slotc | lines/slot protoc-c |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case, slots, s, p, sl, pl in rows:
        per = f"{s.seconds / slots * 1e6:.2f} ({s.cpu / slots * 1e6:.2f})" if s.ok else "-"
        print(f"| {case} | {slots:,} | {fmt_res(s)} | {fmt_res(p)} | {ratio(s, p, 'seconds')}"
              f" | {ratio(s, p, 'rss')} | {per} | {sl:.1f} | {pl:.1f} |")
    if cc_rows:
        print()
        print(f"| case | {args.cc} -O2 -c .slot.c | .pb-c.c | ratio | header only: slotc"
              " | protoc-c | ratio | header bytes slotc / protoc-c |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for case, sc, pc, sh, ph, hs, hp in cc_rows:
            print(f"| {case} | {fmt_res(sc)} | {fmt_res(pc)} | {ratio(sc, pc, 'seconds')}"
                  f" | {fmt_res(sh)} | {fmt_res(ph)} | {ratio(sh, ph, 'seconds')}"
                  f" | {hs:,} / {hp:,} |")


if __name__ == "__main__":
    main()
