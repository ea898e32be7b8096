# find_package(slotc) -> the slotc::slotc generator, the slotc::slot runtime
# library, slotc::slot_io (text I/O, which links libyaml), and
# slotc_generate().
include("${CMAKE_CURRENT_LIST_DIR}/slotcTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/slotcGenerate.cmake")
