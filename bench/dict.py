"""dict.py - CPython's memory per instance and its attribute get and set on
a normal instance, against what bench_dict measured for slotc.

Usage: python3 dict.py RESULTS

RESULTS is the file bench_dict --out wrote.  Memory: each case builds
1,000,000 instances holding x = float(i) and y = float(i) + 0.5 in a fresh
interpreter, twice: once under tracemalloc (bytes asked for, the
counterpart of bench_dict's counting hook), once without it, to read how
much the resident set grew.  The list of instances is allocated before
either count starts, as bench_dict's array of pointers is.  Speed:
getattr(o, n) and setattr(o, n, v) over bench_dict's stream of x and y on
an instance of a class without __slots__ (the names interned), with the
empty loop timed too: "net" takes CPython's loop off, and the goal is
judged on it, the ratio less favourable to slotc.  Standard library only.
"""

import platform
import subprocess
import sys
import timeit

REPEATS = 5
GOAL = 2.5  # CPython's net / slotc, for get and set

CLASSES = {
    "normal": "class C:\n    def __init__(s, x, y):\n        s.x = x\n        s.y = y\n",
    "slots": "class C:\n    __slots__ = ('x', 'y')\n"
             "    def __init__(s, x, y):\n        s.x = x\n        s.y = y\n",
}

# Runs in a fresh interpreter: prints bytes per instance.
MEASURE = """
import sys, tracemalloc
{cls}
COUNT = {count}
def resident():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * {page}
objs = [None] * COUNT
shared = {shared}
if {tracing}:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
else:
    before = resident()
for i in range(COUNT):
    objs[i] = C(0.0, 0.0) if shared else C(float(i), float(i) + 0.5)
after = tracemalloc.get_traced_memory()[0] if {tracing} else resident()
print((after - before) / COUNT)
"""


def per_instance(kind, count, tracing, shared=False):
    import os
    code = MEASURE.format(cls=CLASSES[kind], count=count, tracing=tracing, shared=shared,
                          page=os.sysconf("SC_PAGE_SIZE"))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    return float(out)


def read_results(path):
    memory, times, stream, count = {}, {}, [], 0
    with open(path, encoding="ascii") as f:
        for line in f:
            kind, *rest = line.split()
            if kind == "count":
                count = int(rest[0])
            elif kind == "memory":
                memory[rest[0]] = (float(rest[1]), float(rest[2]))
            elif kind == "stream":
                stream = [sys.intern(n) for n in rest]
            else:
                times[kind] = float(rest[0])
    return count, memory, stream, times


def verdict(ok):
    return "met" if ok else "NOT met"


def memory_report(count, memory):
    normal = (per_instance("normal", count, True), per_instance("normal", count, False))
    slots = (per_instance("slots", count, True), per_instance("slots", count, False))
    shared = per_instance("slots", count, True, shared=True)
    print(f"   CPython {platform.python_version()}: the same {count} instances, "
          "x = float(i), y = float(i) + 0.5")
    print(f"\n  {'CPython':<28} {'asked for':>10} {'resident':>10}")
    print(f"  {'normal class':<28} {normal[0]:>10.1f} {normal[1]:>10.1f}")
    print(f"  {'__slots__ class':<28} {slots[0]:>10.1f} {slots[1]:>10.1f}")
    print(f"  {'__slots__, x = y = 0.0 shared':<28} {shared:>10.1f}")
    rows = [
        ("dynamic class / normal class", "dynamic", normal, 0.5),
        ("slotted array / __slots__", "array", slots, 0.25),
        ("slotted one by one / __slots__", "single", slots, 0.4),
    ]
    print(f"\n  {'ratio':<32} {'asked for':>10} {'resident':>10} {'goal':>6}")
    for label, key, peer, goal in rows:
        asked, rss = memory[key][0] / peer[0], memory[key][1] / peer[1]
        print(f"  {label:<32} {asked:>10.3f} {rss:>10.3f} {goal:>6.2f}  "
              f"{verdict(asked <= goal and rss <= goal)}")
    print("  (a goal is met when both ratios are at or under it; for information, the slotted"
          f" array against __slots__ with shared values: {memory['array'][0] / shared:.3f})")


def speed_report(stream, times):
    cls = {}
    exec(CLASSES["normal"], cls)
    obj = cls["C"](1.5, -2.25)
    env = {"obj": obj, "names": stream}
    setup = "o = obj; ns = names; v = 0.5"
    runs = [timeit.Timer("for n in ns: getattr(o, n)", setup, globals=env),
            timeit.Timer("for n in ns: setattr(o, n, v)", setup, globals=env),
            timeit.Timer("for n in ns: pass", setup, globals=env)]
    plan = []
    for t in runs:
        number, _ = t.autorange()
        plan.append([t, number, float("inf")])
    for _ in range(REPEATS):
        for p in plan:
            p[2] = min(p[2], p[0].timeit(p[1]) / p[1] / len(stream) * 1e9)
    get_ns, set_ns, loop_ns = (p[2] for p in plan)
    print(f"\n   CPython {platform.python_version()}: 'for n in ns: getattr(o, n)' and "
          "'setattr(o, n, v)' on a normal instance, same stream (interned), best of "
          f"{REPEATS}; net = minus the loop 'for n in ns: pass' ({loop_ns:.2f} ns)\n")
    print(f"  {'operation':<10} {'CPython+loop':>13} {'net':>7} {'slotc':>7} "
          f"{'CPython/slotc':>14} {'(net)':>6} {'goal':>5}")
    for name, py, c in (("get", get_ns, times["slot_getattr"]),
                        ("set", set_ns, times["slot_setattr"])):
        net = py - loop_ns
        print(f"  {name:<10} {py:>13.2f} {net:>7.2f} {c:>7.2f} {py / c:>14.2f} "
              f"{net / c:>6.2f} {GOAL:>5}  {verdict(net / c >= GOAL)}")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: dict.py RESULTS")
    count, memory, stream, times = read_results(sys.argv[1])
    memory_report(count, memory)
    speed_report(stream, times)


if __name__ == "__main__":
    main()
