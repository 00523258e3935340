# CPack post-build script: signs the installers themselves (the .msi, or the NSIS .exe of the rehearsal).
include("${CMAKE_CURRENT_LIST_DIR}/codesign.cmake")
set(_hl_installers)
foreach(_package IN LISTS CPACK_PACKAGE_FILES)
    if(_package MATCHES "\\.(msi|exe)$")
        list(APPEND _hl_installers "${_package}")
    endif()
endforeach()
hl_authenticode_sign(${_hl_installers})
