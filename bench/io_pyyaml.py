"""PyYAML's C loader and dumper (CSafeLoader, CSafeDumper) on the records
of bench_io.c: a step of bench/io.py, printing two lines as bench_io does,
pyyaml-load and pyyaml-dump.

    python3 bench/io_pyyaml.py FILE [N]     (N: the first N records only)

PyYAML composes a whole document before it builds anything, so the
file's sequence, one record a line, is loaded in slices of 10,000 lines,
each a sequence of its own; each slice is dumped once loaded.  Only the
calls into PyYAML are timed.
"""
import sys
import time

import yaml

KINDS = {"in": 0, "out": 1, "aux": 2}
SLICE = 10000


def check(recs):
    """The sum bench_io.c's loaders make."""
    return sum(r["id"] + KINDS[r["k"]] + r["n"] + r["l"] + 128 + r["ok"] + r["m"] + sum(r["h"])
               for r in recs)


class Counter:
    """A stream that counts what is written to it and keeps none of it."""

    def __init__(self):
        self.bytes = 0

    def write(self, s):
        self.bytes += len(s)


def peak_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    with open(sys.argv[1], "rb") as f:
        lines = f.readlines()
    if len(sys.argv) > 2:
        del lines[int(sys.argv[2]):]
    load = load_cpu = dump = dump_cpu = 0.0
    n = total = 0
    out = Counter()
    for i in range(0, len(lines), SLICE):
        text = b"".join(lines[i:i + SLICE])
        t0, c0 = time.perf_counter(), time.process_time()
        recs = yaml.load(text, Loader=yaml.CSafeLoader)
        t1, c1 = time.perf_counter(), time.process_time()
        # A stream of documents, as slot_dump_file's are written.
        yaml.dump_all(recs, out, Dumper=yaml.CSafeDumper, sort_keys=False, explicit_start=True)
        load, load_cpu = load + t1 - t0, load_cpu + c1 - c0
        dump, dump_cpu = dump + time.perf_counter() - t1, dump_cpu + time.process_time() - c1
        n += len(recs)
        total += check(recs)
    rss = peak_kib()
    print(f"pyyaml-load records={n} seconds={load:.3f} cpu={load_cpu:.3f} rss_kib={rss} check={total}")
    print(f"pyyaml-dump records={n} seconds={dump:.3f} cpu={dump_cpu:.3f} rss_kib={rss} "
          f"check={out.bytes}")


if __name__ == "__main__":
    main()
