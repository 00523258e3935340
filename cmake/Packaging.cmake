# Installers from the install rules, through CPack:
#   Linux    .deb (dependencies from dpkg-shlibdeps), .rpm and .tar.gz      cmake --build build --target package
#   Windows  .msi (WiX) and .zip, Qt deployed by windeployqt
#   macOS    .dmg (DragNDrop) of HistoryLens.app, Qt deployed by macdeployqt
# packaging/README.md says how each is built, checked and signed.

set(CPACK_PACKAGE_NAME "historylens")
set(CPACK_PACKAGE_VENDOR "The HistoryLens developers")
set(CPACK_PACKAGE_CONTACT "${HL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Temporal workflow history viewer with payload decoding")
set(CPACK_PACKAGE_DESCRIPTION
"HistoryLens loads a Temporal workflow's event history from a Temporal frontend
or from any file format Temporal tools write, decodes every payload with local
codecs (AES-GCM, zlib, snappy, gzip; keys in the system keychain) or through a
remote Codec Server, and shows the decoded inputs, results, signals and
failures in a tree. It can also serve its codecs to the Temporal Web UI and CLI
as a Codec Server. historylens-cli is its scriptable command-line twin.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "HistoryLens")
set(CPACK_PACKAGE_EXECUTABLES "historylens" "HistoryLens")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/packaging/licenses/NOTICE.txt")
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)

if(UNIX AND NOT APPLE)
    set(CPACK_GENERATOR "DEB;TGZ")
    find_program(HL_RPMBUILD rpmbuild)
    if(HL_RPMBUILD)
        list(APPEND CPACK_GENERATOR RPM)
    endif()
    # The .deb and .rpm install under /usr (their generators' default); the .tar.gz is relocatable: bin/, share/.

    # .deb: named as Debian names it (historylens_0.1.0-1_amd64.deb).
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
    set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
    set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # QtKeychain opens libsecret at run time (dlopen), which dpkg-shlibdeps cannot see; without it keys are not kept.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsecret-1-0")
    # A Secret Service to keep keys in, as QtKeychain recommends, and Qt's Wayland platform for Wayland sessions.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager | keepassxc, qt6-wayland")

    # .rpm: built here for the layout and metadata; a Fedora build takes its Requires from Fedora's sonames.
    set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
    set(CPACK_RPM_PACKAGE_RELEASE 1)
    set(CPACK_RPM_PACKAGE_LICENSE "LicenseRef-HistoryLens-All-rights-reserved")
    set(CPACK_RPM_PACKAGE_GROUP "Development/Debuggers")
    set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
    # The soname, not a package name: QtKeychain opens it at run time, where automatic requirements cannot see.
    set(CPACK_RPM_PACKAGE_REQUIRES "libsecret-1.so.0()(64bit)")
    set(CPACK_RPM_SPEC_MORE_DEFINE "%define packager ${HL_PACKAGE_MAINTAINER}")
    set(CPACK_RPM_PACKAGE_SUGGESTS "gnome-keyring")
    set(CPACK_RPM_CHANGELOG_FILE "${PROJECT_BINARY_DIR}/packaging/linux/doc/changelog.rpm")
    # Directories the filesystem and shared-mime-info packages own; a package must not claim them.
    set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/applications /usr/share/icons /usr/share/icons/hicolor /usr/share/man /usr/share/man/man1
        /usr/share/metainfo /usr/share/mime /usr/share/mime/packages)
    foreach(_size IN LISTS HL_ICON_SIZES ITEMS scalable)
        set(_dir "${_size}x${_size}")
        if(_size STREQUAL "scalable")
            set(_dir scalable)
        endif()
        list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
            "/usr/share/icons/hicolor/${_dir}" "/usr/share/icons/hicolor/${_dir}/apps")
    endforeach()

    # The .tar.gz; the .deb and .rpm take their distributions' names above.
    set(CPACK_PACKAGE_FILE_NAME "historylens-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR}")
elseif(WIN32)
    set(CPACK_GENERATOR "WIX;ZIP")
    set(CPACK_PACKAGE_FILE_NAME "HistoryLens-${PROJECT_VERSION}-windows-x64")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_PACKAGE_FILE_NAME "HistoryLens-${PROJECT_VERSION}-macos-${CMAKE_SYSTEM_PROCESSOR}")
endif()

# Windows: the MSI (WiX 3, as CMake 3.25's generator needs), and NSIS with the same layout, which is how the
# configuration and the signing are rehearsed away from Windows (packaging/windows/rehearse-installer.sh).
# The upgrade code stays the same for every release, so a new MSI replaces the installed one.
set(CPACK_WIX_UPGRADE_GUID "6F0C3F5E-8B1D-4C52-9E3A-2D7B4A1C9E58")
set(CPACK_WIX_PRODUCT_ICON "${HL_ICON_DIR}/${HL_APP_ID}.ico")
set(CPACK_WIX_PROGRAM_MENU_FOLDER "HistoryLens")
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_WIX_PROPERTY_ARPHELPLINK "${PROJECT_HOMEPAGE_URL}/issues")
set(CPACK_WIX_ARCHITECTURE x64)
# History files open in HistoryLens from "Open with", and historylens-cli is on PATH; the patch says why so.
set(CPACK_WIX_PATCH_FILE "${PROJECT_SOURCE_DIR}/packaging/windows/wix-patch.xml")
set(CPACK_NSIS_DISPLAY_NAME "HistoryLens")
set(CPACK_NSIS_PACKAGE_NAME "HistoryLens")
set(CPACK_NSIS_MUI_ICON "${HL_ICON_DIR}/${HL_APP_ID}.ico")
set(CPACK_NSIS_MUI_UNIICON "${HL_ICON_DIR}/${HL_APP_ID}.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\historylens.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH ON)

# macOS: the disk image.
set(CPACK_DMG_VOLUME_NAME "HistoryLens ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDBZ")

# Signing, per generator at cpack time: Authenticode for the Windows installers, codesign and notarization for the
# disk image. Each signs only where its secrets are configured.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/packaging/cpack-signing.cmake")
set(CPACK_HL_PACKAGING_DIR "${PROJECT_SOURCE_DIR}/packaging")

include(CPack)
