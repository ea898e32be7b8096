# slotc_generate(<var> SCHEMAS <file>... [OUT_DIR <dir>] [INCLUDE_DIRS <dir>...])
#
# Adds a build step that runs slotc on each schema and appends the paths of
# the generated .slot.c files to <var> (the headers are written beside them,
# in OUT_DIR, default ${CMAKE_CURRENT_BINARY_DIR}/slotc).  slotc writes a
# depfile, so a change to an imported schema reruns the step too.
#
#   slotc_generate(GEN SCHEMAS shapes.yaml)
#   add_library(shapes ${GEN})
#   target_include_directories(shapes PUBLIC ${CMAKE_CURRENT_BINARY_DIR}/slotc)
#   target_link_libraries(shapes PUBLIC slotc::slot)
#
# Needs the slotc::slotc target: from find_package(slotc), or in slotc's own
# tree.  Depfiles need CMake 3.20 with the Makefile generators (any version
# with Ninja).
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW) # depfile paths relative to the build tree
endif()

function(slotc_generate out_var)
  cmake_parse_arguments(ARG "" "OUT_DIR" "SCHEMAS;INCLUDE_DIRS" ${ARGN})
  if(NOT ARG_SCHEMAS)
    message(FATAL_ERROR "slotc_generate: no SCHEMAS given")
  endif()
  if(NOT ARG_OUT_DIR)
    set(ARG_OUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/slotc)
  endif()
  if(NOT TARGET slotc::slotc)
    message(FATAL_ERROR "slotc_generate: no slotc::slotc target; use find_package(slotc)")
  endif()
  set(include_args "")
  foreach(dir IN LISTS ARG_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND include_args -I "${dir}")
  endforeach()
  set(sources ${${out_var}})
  foreach(schema IN LISTS ARG_SCHEMAS)
    get_filename_component(schema "${schema}" ABSOLUTE)
    # As slotc names its outputs: the file name without .yaml or .yml.
    get_filename_component(stem "${schema}" NAME)
    string(REGEX REPLACE "\\.ya?ml$" "" stem "${stem}")
    set(h ${ARG_OUT_DIR}/${stem}.slot.h)
    set(c ${ARG_OUT_DIR}/${stem}.slot.c)
    set(d ${ARG_OUT_DIR}/${stem}.slot.d)
    add_custom_command(
      OUTPUT ${h} ${c}
      COMMAND $<TARGET_FILE:slotc::slotc> -q -o ${ARG_OUT_DIR} ${include_args} --depfile ${d} ${schema}
      DEPENDS ${schema} slotc::slotc
      DEPFILE ${d}
      COMMENT "slotc ${stem}.yaml"
      VERBATIM)
    list(APPEND sources ${c})
  endforeach()
  set(${out_var} ${sources} PARENT_SCOPE)
endfunction()
