# cjose builds with autotools upstream, which MSVC cannot run; this port compiles the same sources with the small
# CMake build beside it. The source is pinned by commit (the v0.6.2.3 release), which vcpkg_from_git verifies.
vcpkg_check_linkage(ONLY_STATIC_LIBRARY) # no symbol exports for a Windows DLL
vcpkg_from_git(
    OUT_SOURCE_PATH SOURCE_PATH
    URL https://github.com/OpenIDC/cjose
    REF d612036fe731152c7ce2cf5a3fcbca06c0ec1116
)
file(COPY "${CMAKE_CURRENT_LIST_DIR}/CMakeLists.txt" "${CMAKE_CURRENT_LIST_DIR}/cjose-config.cmake.in"
    DESTINATION "${SOURCE_PATH}")
vcpkg_cmake_configure(SOURCE_PATH "${SOURCE_PATH}" OPTIONS -DCJOSE_VERSION=0.6.2.3)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(PACKAGE_NAME cjose CONFIG_PATH lib/cmake/cjose)
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
