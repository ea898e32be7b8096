# Docs and defaults holding comment ends, quotes, backslashes, newlines,
# trigraphs and printf directives come back byte for byte through the
# generated default, and none of it becomes code.
. "$(dirname "$0")/../lib.sh"
cat >"$WORK/evil.yaml" <<'YAML'
schema: evil
doc: "ends */ here; int injected = 1; /* and ??/ trigraph"
classes:
  Note:
    doc: "*/ #define X 1\n/* \"quoted\" \\ back??/slash %n"
    slots:
      text:
        type: string
        default: "*/ \"q\" \\ nl\nline ??/ ??= %n %s\ttab"
        doc: "*/ } int evil(void) { return 1; } /*"
      brief:
        type: str[40]
        default: "??( ??) ??< ??> */ \\"
    attrs:
      label: {type: string, value: "\"*/\n??!"}
YAML
"$SLOTC" -o "$WORK" "$WORK/evil.yaml" || fail "slotc failed on evil.yaml"
cat >"$WORK/main.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "evil.slot.h"
static int same(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        return 1;
    printf("%s: got [%s], want [%s]\n", what, got, want);
    return 0;
}
int main(void)
{
    evil_Note n;
    int ok = 1;
    evil_Note_init(&n);
    ok &= same("text", evil_Note_get_text(&n), "*/ \"q\" \\ nl\nline ?" "?/ ?" "?= %n %s\ttab");
    ok &= same("brief", evil_Note_get_brief(&n), "?" "?( ?" "?) ?" "?< ?" "?> */ \\");
    ok &= same("label", evil_Note_get_label(), "\"*/\n?" "?!");
    evil_Note_clear(&n);
    return ok ? 0 : 1;
}
C
# libslot, which the generated code calls, as the library itself is built.
mkdir -p "$WORK/lib"
for f in "$SRC"/runtime/*.c; do
    gcc -std=c11 -c -I"$SRC/runtime/include" "$f" -o "$WORK/lib/$(basename "$f" .c).o" ||
        fail "libslot: $(basename "$f") does not compile"
done
for std in c99 c11; do
    # -trigraphs: any trigraph left in the output would now change it.
    if gcc -std=$std -trigraphs -Wall -Wextra -Wpedantic -Werror -I"$SRC/runtime/include" -I"$WORK" \
        "$WORK/main.c" "$WORK/evil.slot.c" "$WORK"/lib/*.o -lm -o "$WORK/main" 2>"$WORK/err" &&
        "$WORK/main"; then
        pass
    else
        fail "escaping ($std)"
        head -n 20 "$WORK/err" >&2
    fi
done
grep -q 'injected' "$WORK/evil.slot.h" && pass || fail "the schema doc is missing from the header"
gcc -c -I"$SRC/runtime/include" -I"$WORK" "$WORK/evil.slot.c" -o "$WORK/evil.o"
if nm "$WORK/evil.o" | grep -qw -e evil -e injected; then
    fail "doc text became code"
else
    pass
fi
finish
