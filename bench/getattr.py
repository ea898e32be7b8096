"""getattr.py - CPython's getattr on a __slots__ instance, against slot_getattr.

Usage: python3 getattr.py RESULTS

RESULTS is the file bench_slot --out wrote: for each class its slot names,
and for each of its two streams (hits: slot names; misses: names one typo
away) the names bench_slot read with slot_getattr and its figure.  This
times getattr(o, n) on the hits, and getattr(o, n, None) on the misses
(no exception raised, CPython's fast way to miss), for n in the same
stream on an instance of a class with the same __slots__, every slot set,
and prints both sides.  The names are interned, as names in Python source
are: the faster case for CPython.  Standard library only.

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
GOAL = 2.5


def read_results(path):
    slots, streams, c_ns, rows = {}, {}, {}, []
    with open(path, encoding="ascii") as f:
        for line in f:
            kind, cls, *rest = line.split()
            if kind == "class":
                slots[cls] = rest
            elif kind == "stream":
                # Interned, as names written in Python source are: getattr
                # then hits CPython's attribute cache, its fast path.
                streams[cls, rest[0]] = [sys.intern(name) for name in rest[1:]]
                rows.append((cls, rest[0]))
            elif kind == "slot_getattr":
                c_ns[cls, rest[0]] = float(rest[1])
    return [(cls, stream, slots[cls], streams[cls, stream], c_ns[cls, stream])
            for cls, stream in rows]


def instance(cls_name, names):
    cls = type(cls_name, (), {"__slots__": tuple(names)})
    obj = cls()
    for i, name in enumerate(names):
        setattr(obj, name, i * 1.5)
    return obj


def timers(obj, names, stream):
    env = {"obj": obj, "names": names}
    setup = "o = obj; ns = names"  # locals of the timed function
    call = "getattr(o, n)" if stream == "hit" else "getattr(o, n, None)"
    get = timeit.Timer("for n in ns: " + call, setup, globals=env)
    empty = timeit.Timer("for n in ns: pass", setup, globals=env)
    return get, empty


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: getattr.py RESULTS")
    rows = read_results(sys.argv[1])
    runs = []
    for cls, kind, slots, stream, c_ns in rows:
        for t in timers(instance(cls, slots), stream, kind):
            number, _ = t.autorange()  # about 0.2 s per timing
            runs.append([t, number, len(stream), float("inf")])
    # Rounds take turns across timings, as bench_slot's do.
    for _ in range(REPEATS):
        for run in runs:
            t, number, count, best = run
            run[3] = min(best, t.timeit(number) / number / count * 1e9)

    print(f"   CPython {platform.python_version()} ({platform.python_compiler()}): "
          f"'for n in ns: getattr(o, n)' (misses: getattr(o, n, None)) over the same "
          f"{len(rows[0][3])} names (interned), best of {REPEATS}")
    print("   loop = 'for n in ns: pass'; net = getattr loop - loop (CPython side only)\n")
    print(f"  {'class':<7} {'slots':>5} {'stream':<6} {'getattr+loop':>13} {'loop':>6} {'net':>7}"
          f" {'slot_getattr':>13} {'CPython/slot_getattr':>21} {'(net)':>6}")
    worst = None
    for i, (cls, kind, slots, _, c_ns) in enumerate(rows):
        get_ns, loop_ns = runs[2 * i][3], runs[2 * i + 1][3]
        net = get_ns - loop_ns
        raw_ratio, net_ratio = get_ns / c_ns, net / c_ns
        print(f"  {cls:<7} {len(slots):>5} {kind:<6} {get_ns:>13.2f} {loop_ns:>6.2f} {net:>7.2f}"
              f" {c_ns:>13.2f} {raw_ratio:>21.2f} {net_ratio:>6.2f}")
        if worst is None or net_ratio < worst[0]:
            worst = (net_ratio, cls, kind)
    verdict = "met" if worst[0] >= GOAL else "NOT met"
    print(f"\n  goal: CPython/slot_getattr >= {GOAL} on the net figure in every row: "
          f"{verdict} (lowest {worst[0]:.2f}: {worst[1]}, {worst[2]})")


if __name__ == "__main__":
    main()
