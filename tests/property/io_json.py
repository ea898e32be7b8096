#!/usr/bin/env python3
"""io_json.py IN OUT - reads each JSON text io_driver wrote with python3's json
module (strict: a raw control character in a string is an error) and writes
it back as python3 would, for io_driver to load.

Lines are "CLASS INSTANCE<TAB>JSON".  The rewrite keeps non-ASCII characters
as they are (ensure_ascii would write surrogate pairs, which libyaml does not
read), escaping only those that YAML readers take for breaks or refuse raw.
"""
import json
import re
import sys

RAW_IN_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def main():
    src, dst = sys.argv[1], sys.argv[2]
    n = 0
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            head, text = line.rstrip("\n").split("\t", 1)
            value = json.loads(text)
            if not isinstance(value, dict):
                sys.stderr.write("not an object: %s\n" % text)
                return 1
            again = json.dumps(value, ensure_ascii=False)
            again = RAW_IN_YAML.sub(lambda m: "\\u%04x" % ord(m.group(0)), again)
            out.write("%s\t%s\n" % (head, again))
            n += 1
    print("python3 json read %d texts" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
