# slotc_generate(TARGET <target> SCHEMAS <file>... [IMPORT_DIRS <dir>...]
#                [OUT_DIR <dir>] [IO] [SHARED])
# slotc_generate(<var> SCHEMAS <file>... [IMPORT_DIRS <dir>...] [OUT_DIR <dir>])
#
# Adds a build step that runs slotc on each schema, writing STEM.slot.h and
# STEM.slot.c into OUT_DIR (default ${CMAKE_CURRENT_BINARY_DIR}/slotc, the
# directory of the caller).  slotc writes a depfile, so a change to an
# imported schema reruns the step too.
#
# With TARGET, the sources are added to <target>, OUT_DIR becomes one of its
# include directories, and it links slotc::slot (slotc::slot_shared with
# SHARED; slotc::slot_io as well with IO).  Both are PUBLIC for a library,
# whose headers may include the generated ones, and PRIVATE otherwise:
#
#   add_executable(app main.c)
#   slotc_generate(TARGET app SCHEMAS shapes.yaml colors.yaml)
#
# With <var>, the paths of the generated .slot.c files are appended to <var>
# and the rest is left to the caller.  INCLUDE_DIRS is IMPORT_DIRS's old
# name.
#
# Needs the slotc::slotc target: from find_package(slotc), add_subdirectory
# or FetchContent.  Depfiles need CMake 3.20 with the Makefile generators
# (any version with Ninja).
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW) # depfile paths relative to the build tree
endif()

function(slotc_generate)
  cmake_parse_arguments(ARG "IO;SHARED" "TARGET;OUT_DIR" "SCHEMAS;IMPORT_DIRS;INCLUDE_DIRS" ${ARGN})
  if(ARG_TARGET)
    if(ARG_UNPARSED_ARGUMENTS)
      message(FATAL_ERROR "slotc_generate: unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT TARGET ${ARG_TARGET})
      message(FATAL_ERROR "slotc_generate: '${ARG_TARGET}' is not a target")
    endif()
    if(ARG_IO AND ARG_SHARED)
      message(FATAL_ERROR "slotc_generate: IO links the static libslot; it cannot go with SHARED")
    endif()
  else()
    list(LENGTH ARG_UNPARSED_ARGUMENTS n)
    if(NOT n EQUAL 1)
      message(FATAL_ERROR "slotc_generate: give TARGET <target>, or one variable name")
    endif()
    if(ARG_IO OR ARG_SHARED)
      message(FATAL_ERROR "slotc_generate: IO and SHARED need TARGET")
    endif()
    set(out_var ${ARG_UNPARSED_ARGUMENTS})
  endif()
  if(NOT ARG_SCHEMAS)
    message(FATAL_ERROR "slotc_generate: no SCHEMAS given")
  endif()
  if(NOT ARG_OUT_DIR)
    set(ARG_OUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/slotc)
  endif()
  get_filename_component(ARG_OUT_DIR "${ARG_OUT_DIR}" ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  if(NOT TARGET slotc::slotc)
    message(FATAL_ERROR "slotc_generate: no slotc::slotc target; use find_package(slotc)")
  endif()
  set(include_args "")
  foreach(dir IN LISTS ARG_IMPORT_DIRS ARG_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND include_args -I "${dir}")
  endforeach()
  set(sources "")
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

  if(NOT ARG_TARGET)
    set(${out_var} ${${out_var}} ${sources} PARENT_SCOPE)
    return()
  endif()
  get_target_property(type ${ARG_TARGET} TYPE)
  if(type MATCHES "LIBRARY$")
    set(scope PUBLIC)
  else()
    set(scope PRIVATE)
  endif()
  target_sources(${ARG_TARGET} PRIVATE ${sources})
  target_include_directories(${ARG_TARGET} ${scope} $<BUILD_INTERFACE:${ARG_OUT_DIR}>)
  if(ARG_SHARED)
    target_link_libraries(${ARG_TARGET} ${scope} slotc::slot_shared)
  else()
    target_link_libraries(${ARG_TARGET} ${scope} slotc::slot)
  endif()
  if(ARG_IO)
    target_link_libraries(${ARG_TARGET} ${scope} slotc::slot_io)
  endif()
endfunction()
