# CPack pre-build script (DragNDrop): signs HistoryLens.app in the staged tree, inside out, before the disk image is
# made. macdeployqt has rewritten the libraries, which voids their signatures, and Apple silicon runs no unsigned
# code, so without a Developer ID the bundle is signed ad hoc (runs where it was built; Gatekeeper warns elsewhere).
#
#   HL_MACOS_SIGN_IDENTITY   a "Developer ID Application: ..." identity in the build keychain (CI secret)
#   HL_MACOS_SIGN_REQUIRED=1 a missing identity is an error (release builds)
file(GLOB_RECURSE _hl_bundles LIST_DIRECTORIES true "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*HistoryLens.app")
list(FILTER _hl_bundles INCLUDE REGEX "HistoryLens\\.app$")
if(NOT _hl_bundles)
    message(FATAL_ERROR "no HistoryLens.app in ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
endif()
list(GET _hl_bundles 0 _hl_app)

set(_hl_identity "$ENV{HL_MACOS_SIGN_IDENTITY}")
if(_hl_identity STREQUAL "")
    if("$ENV{HL_MACOS_SIGN_REQUIRED}" STREQUAL "1")
        message(FATAL_ERROR "HL_MACOS_SIGN_REQUIRED is set, but HL_MACOS_SIGN_IDENTITY is empty")
    endif()
    message(STATUS "HistoryLens: no Developer ID configured; signing ad hoc")
    set(_hl_identity "-")
    set(_hl_options --force)
else()
    # The hardened runtime and a secure time stamp are what notarization requires.
    set(_hl_options --force --options runtime --timestamp)
endif()

# Inside out: libraries, plugins and frameworks first, then the executables, then the bundle.
file(GLOB_RECURSE _hl_code "${_hl_app}/Contents/Frameworks/*.dylib" "${_hl_app}/Contents/PlugIns/*.dylib")
file(GLOB _hl_frameworks LIST_DIRECTORIES true "${_hl_app}/Contents/Frameworks/*.framework")
list(APPEND _hl_code ${_hl_frameworks} "${_hl_app}/Contents/MacOS/historylens-cli")
foreach(_item IN LISTS _hl_code _hl_app)
    execute_process(COMMAND codesign ${_hl_options} --sign "${_hl_identity}" "${_item}" RESULT_VARIABLE _status)
    if(NOT _status EQUAL 0)
        message(FATAL_ERROR "codesign could not sign ${_item}")
    endif()
endforeach()
execute_process(COMMAND codesign --verify --deep --strict "${_hl_app}" RESULT_VARIABLE _status)
if(NOT _status EQUAL 0)
    message(FATAL_ERROR "codesign --verify refuses ${_hl_app}")
endif()
