"""editors/slotc.schema.json against the schemas slotc accepts and rejects.

Every schema in schemas/ and every schema the tests compile must be valid;
each structural mistake of tests/diag (a wrong key, a node of the wrong
kind, a missing value) must be rejected, as slotc rejects it.  YAML is read
as slotc and editors read it, by the YAML 1.2 core schema: `yes` and `on`
are strings, not booleans.
Usage: check.py SOURCE_TREE
"""
import glob
import json
import os
import re
import sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core scalars instead of 1.1's."""


CoreLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
]:
    CoreLoader.add_implicit_resolver("tag:yaml.org,2002:" + tag, re.compile(pattern), list(first))


def core_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith(("0x", "0o")):
        return int(text[2:], 16 if text[1] == "x" else 8)
    return int(text, 10)


def core_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


CoreLoader.add_constructor("tag:yaml.org,2002:int", core_int)
CoreLoader.add_constructor("tag:yaml.org,2002:bool", core_bool)

# The structural mistakes of tests/diag: a JSON Schema can say each of
# them is wrong.  Of the other cases there, those of YAML_LEVEL are about
# the YAML itself; the rest need slotc's own checks (types and classes by
# name, values against their types, cycles), so the JSON Schema accepts
# them: it checks structure, and rejects nothing slotc would accept.
REJECTED = """
    attr_without_value bad_bool bad_identifier bad_layout bad_schema_name
    classes_as_list doc_not_string empty empty_enum enum_bad_value enum_value_not_integer
    enum_value_too_big misspelt_attr_key misspelt_key misspelt_top_key misspelt_type_key
    missing_schema_key not_a_mapping several_errors several_load_errors
    shorthand_missing_default slot_without_type slots_as_list str_size_zero
    str_without_length array_size_zero
""".split()
YAML_LEVEL = """
    alias_bomb binary_nul flow_unquoted_str garbage invalid_utf8 tab_indent two_documents
    undefined_alias yaml_bad_indent yaml_syntax
""".split()

GOOD = ["schemas/*.yaml", "tests/golden/*.yaml", "tests/behaviour/*.yaml", "tests/io/*.yaml",
        "tests/make/*.yaml", "tests/meson/*.yaml", "tests/cmake/**/*.yaml", "tests/diag/include/geo.yaml",
        "tests/diag/include/light.yaml", "tests/diag/include/paint.yaml",
        "tests/diag/include/palette.yaml"]


def main():
    src = sys.argv[1]
    with open(os.path.join(src, "editors", "slotc.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = passes = 0

    def load(path):
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=CoreLoader)

    good = sorted({p for g in GOOD for p in glob.glob(os.path.join(src, g), recursive=True)})
    if len(good) < 15:
        print(f"FAIL: only {len(good)} good schemas found")
        failures += 1
    for path in good:
        errors = list(validator.iter_errors(load(path)))
        if errors:
            failures += 1
            where = "/".join(str(p) for p in errors[0].absolute_path)
            print(f"FAIL: {os.path.relpath(path, src)} rejected at '{where}': {errors[0].message}")
        else:
            passes += 1
    for name in REJECTED:
        path = os.path.join(src, "tests", "diag", name + ".yaml")
        if validator.is_valid(load(path)):
            failures += 1
            print(f"FAIL: tests/diag/{name}.yaml accepted")
        else:
            passes += 1
    others = sorted(glob.glob(os.path.join(src, "tests", "diag", "*.yaml")))
    others = [p for p in others if os.path.basename(p)[:-5] not in REJECTED + YAML_LEVEL]
    if len(others) < 40:
        print(f"FAIL: only {len(others)} other cases of tests/diag found")
        failures += 1
    for path in others:
        errors = list(validator.iter_errors(load(path)))
        if errors:
            failures += 1
            print(f"FAIL: tests/diag/{os.path.basename(path)}, a mistake of another kind, rejected: "
                  f"{errors[0].message}")
        else:
            passes += 1
    print(f"{passes} passed, {failures} failed")
    return failures != 0


if __name__ == "__main__":
    sys.exit(main())
