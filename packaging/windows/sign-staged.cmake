# CPack pre-build script: signs the executables and libraries in the staged tree, before they go into the MSI/ZIP.
include("${CMAKE_CURRENT_LIST_DIR}/codesign.cmake")
file(GLOB_RECURSE _hl_binaries "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.exe" "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.dll")
hl_authenticode_sign(${_hl_binaries})
