"""The text I/O benchmark (bench/io.sh runs it): one generated file of
records loaded and dumped by libyaml alone (the floor), by libslot_io, by
libcyaml with a hand-written schema and by PyYAML's C loader; then the peak
memory of slot_load_each on that file and on one four times as long.

Every C step runs --repeat times, in a process of its own, and the fastest
run counts (the others only add the machine's noise).  PyYAML runs once, on
the file's first --py-records records (its slices are independent, so its
rate does not depend on how many): loaders are compared by records per
second.
"""
import argparse
import os
import subprocess
import sys


def loadavg():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def parse(line):
    out = line.split()
    fields = dict(f.split("=", 1) for f in out[1:])
    return {"step": out[0], "records": int(fields["records"]), "seconds": float(fields["seconds"]),
            "cpu": float(fields["cpu"]), "rss": int(fields["rss_kib"]), "check": int(fields["check"])}


def run_all(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [parse(line) for line in out.splitlines()]


def run(cmd):
    return run_all(cmd)[0]


def best(cmd, repeat):
    runs = [run(cmd) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def rate(r):
    return r["records"] / r["seconds"]


def table(title, rows, per_record, base):
    print(f"\n{title}")
    print(f"  {'':34} {'records':>8} {'seconds':>8} {'cpu s':>7} {'MB/s':>6} {'x slotc':>8}"
          f" {'peak RSS':>10}")
    for name, r in rows:
        print(f"  {name:34} {r['records']:8} {r['seconds']:8.2f} {r['cpu']:7.2f}"
              f" {rate(r) * per_record / 1e6:6.1f} {base / rate(r):8.2f} {r['rss'] / 1024:6.0f} MiB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True, help="the bench_io program")
    ap.add_argument("--work", required=True, help="where the generated files go")
    ap.add_argument("--records", type=int, default=1000000)
    ap.add_argument("--big", type=int, default=4, help="the memory run's file is this many times longer")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--py-records", type=int, default=100000)
    ap.add_argument("--python", default=sys.executable)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    files = {}
    for n in (a.records, a.records * a.big):
        path = os.path.join(a.work, f"records-{n}.yaml")
        if not os.path.exists(path):
            subprocess.run([a.bench, "gen", str(n), path], check=True)
        files[n] = path
    path = files[a.records]
    size = os.path.getsize(path)
    print(f"file:     {a.records} records, {size} bytes ({size / a.records:.0f} bytes a record)")
    with open(path) as f:
        print(f"          {f.readline().rstrip()}")
    print(f"before:   {loadavg()}")

    n = str(a.records)
    loads = [("libyaml events, nothing built", best([a.bench, "parse", path], a.repeat)),
             ("slotc slot_load_each", best([a.bench, "load", path], a.repeat)),
             ("libcyaml cyaml_load_data", best([a.bench, "cyaml-load", path], a.repeat))]
    dumps = [("libyaml emitter, events given", best([a.bench, "emit", path, n], a.repeat)),
             ("slotc slot_dump_file", best([a.bench, "dump", path, n], a.repeat)),
             ("libcyaml cyaml_save_file", best([a.bench, "cyaml-save", path], a.repeat))]
    print(f"C steps:  {loadavg()}")
    py_load, py_dump = run_all([a.python, os.path.join(here, "io_pyyaml.py"), path,
                               str(min(a.py_records, a.records))])
    loads.append(("PyYAML yaml.load, CSafeLoader", py_load))
    dumps.append(("PyYAML yaml.dump_all, CSafeDumper", py_dump))
    print(f"PyYAML:   {loadavg()}")
    big = run([a.bench, "load", files[a.records * a.big]])
    print(f"after:    {loadavg()}")

    if loads[1][1]["check"] != loads[2][1]["check"] or \
            any(r["records"] != a.records for _, r in loads[:3] + dumps[:3]):
        sys.exit(f"the loaders disagree: {loads}")
    slot_load, slot_dump = rate(loads[1][1]), rate(dumps[1][1])
    table("Load (x slotc: slotc's records per second over the loader's; MB/s of the input)",
          loads, size / a.records, slot_load)
    table("Dump (MB/s counted in the input's bytes; the outputs differ in size)", dumps,
          size / a.records, slot_dump)
    small = loads[1][1]["rss"]
    print(f"\nslot_load_each peak RSS: {small / 1024:.1f} MiB at {a.records} records, "
          f"{big['rss'] / 1024:.1f} MiB at {big['records']} ({big['seconds']:.2f} s)")

    floor, cyaml, pyyaml = (rate(loads[i][1]) for i in (0, 2, 3))
    goals = [("slotc load >= 2x libcyaml's throughput", slot_load / cyaml, slot_load / cyaml >= 2),
             ("slotc load >= 10x PyYAML's throughput", slot_load / pyyaml, slot_load / pyyaml >= 10),
             ("slotc load time <= 1.3x the raw parse's", floor / slot_load, floor / slot_load <= 1.3),
             ("peak RSS at %dx the records within 10%%" % a.big, big["rss"] / small,
              abs(big["rss"] / small - 1) <= 0.1)]
    print("\nGoals:")
    for name, value, met in goals:
        print(f"  {name:44} {value:6.2f}  {'met' if met else 'NOT met'}")
    print(f"  (the raw parse over libcyaml's time: {floor / cyaml:.2f}x, the most a loader built"
          f" on libyaml's events can gain on libcyaml)")


if __name__ == "__main__":
    main()
