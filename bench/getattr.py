"""getattr.py - CPython's getattr on a __slots__ instance, against slot_getattr.

Usage: python3 getattr.py RESULTS

RESULTS is the file bench_slot --out wrote: for each class its slot names,
the stream of names bench_slot read with slot_getattr, and its figure.  This
times getattr(o, n) for n in the same stream on an instance of a class with
the same __slots__, every slot set, and prints both sides.  The names are
interned, as names in Python source are: the faster case for CPython.
Standard library only.

Each figure is the best of REPEATS timings of about 0.2 s, in nanoseconds per
name.  The loop that walks the names is timed on its own as well: "net" is
the getattr loop minus the empty loop.  Only the CPython side has its loop
subtracted (bench_slot's figures include its loop), so the net ratio is the
conservative one, and the goal is judged on it.
"""

import platform
import sys
import timeit

REPEATS = 5
GOAL = 10.0


def read_results(path):
    slots, streams, c_ns = {}, {}, {}
    with open(path, encoding="ascii") as f:
        for line in f:
            kind, cls, *rest = line.split()
            if kind == "class":
                slots[cls] = rest
            elif kind == "stream":
                # Interned, as names written in Python source are: getattr
                # then hits CPython's attribute cache, its fast path.
                streams[cls] = [sys.intern(name) for name in rest]
            elif kind == "slot_getattr":
                c_ns[cls] = float(rest[0])
    return [(cls, slots[cls], streams[cls], c_ns[cls]) for cls in slots]


def instance(cls_name, names):
    cls = type(cls_name, (), {"__slots__": tuple(names)})
    obj = cls()
    for i, name in enumerate(names):
        setattr(obj, name, i * 1.5)
    return obj


def timers(obj, names):
    env = {"obj": obj, "names": names}
    setup = "o = obj; ns = names"  # locals of the timed function
    get = timeit.Timer("for n in ns: getattr(o, n)", setup, globals=env)
    empty = timeit.Timer("for n in ns: pass", setup, globals=env)
    return get, empty


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: getattr.py RESULTS")
    rows = read_results(sys.argv[1])
    runs = []
    for cls, slots, stream, c_ns in rows:
        for t in timers(instance(cls, slots), stream):
            number, _ = t.autorange()  # about 0.2 s per timing
            runs.append([t, number, len(stream), float("inf")])
    # Rounds take turns across timings, as bench_slot's do.
    for _ in range(REPEATS):
        for run in runs:
            t, number, count, best = run
            run[3] = min(best, t.timeit(number) / number / count * 1e9)

    print(f"   CPython {platform.python_version()} ({platform.python_compiler()}): "
          f"'for n in ns: getattr(o, n)' over the same {len(rows[0][2])} names (interned), "
          f"best of {REPEATS}")
    print("   loop = 'for n in ns: pass'; net = getattr loop - loop (CPython side only)\n")
    print(f"  {'class':<7} {'slots':>5} {'getattr+loop':>13} {'loop':>6} {'net':>7}"
          f" {'slot_getattr':>13} {'CPython/slot_getattr':>21} {'(net)':>6}")
    worst = None
    for i, (cls, slots, _, c_ns) in enumerate(rows):
        get_ns, loop_ns = runs[2 * i][3], runs[2 * i + 1][3]
        net = get_ns - loop_ns
        raw_ratio, net_ratio = get_ns / c_ns, net / c_ns
        print(f"  {cls:<7} {len(slots):>5} {get_ns:>13.2f} {loop_ns:>6.2f} {net:>7.2f}"
              f" {c_ns:>13.2f} {raw_ratio:>21.1f} {net_ratio:>6.1f}")
        if worst is None or net_ratio < worst[0]:
            worst = (net_ratio, cls)
    verdict = "met" if worst[0] >= GOAL else "NOT met"
    print(f"\n  goal: CPython/slot_getattr >= {GOAL:.0f} on the net figure in every row: "
          f"{verdict} (lowest {worst[0]:.1f}: {worst[1]})")


if __name__ == "__main__":
    main()
