# Writes OUT: a C file holding every template in FILES as a byte array, so
# that slotc needs no files at run time.  Arrays rather than string literals
# because ISO C limits the length of a literal.
set(decls "")
set(table "")
list(SORT FILES)
foreach(f IN LISTS FILES)
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND decls "static const char tpl_${name}[] = {${bytes}0x00};\n")
  string(APPEND table "    {\"${name}\", tpl_${name}},\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "/* Generated at build time from the files in templates/. */\n#include \"emit.h\"\n\n"
  "${decls}\nconst em_template em_builtin_templates[] = {\n${table}    {0, 0}\n};\n")
configure_file("${OUT}.tmp" "${OUT}" COPYONLY)
