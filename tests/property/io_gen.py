#!/usr/bin/env python3
"""io_gen.py SEED OUTDIR - gen.py's random schema for SEED, and the list of its
classes that io_driver.c walks.

Writes OUTDIR/prop.yaml (the schema gen.py writes for the same seed) and
OUTDIR/classes.h, which includes the generated header and defines
CLASSES(X) as X(C) for each class C.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: io_gen.py SEED OUTDIR\n")
        return 2
    seed, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    g = gen.Gen(seed).build()
    with open(os.path.join(out, gen.SCHEMA + ".yaml"), "w", encoding="utf-8") as f:
        f.write(gen.emit_yaml(g))
    names = " ".join("X(%s%s)" % (gen.P, c.name) for c in g.classes)
    with open(os.path.join(out, "classes.h"), "w", encoding="utf-8") as f:
        f.write('#include "%s.slot.h"\n#define CLASSES(X) %s\n' % (gen.SCHEMA, names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
