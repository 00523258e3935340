# CPACK_PROJECT_CONFIG_FILE: read by cpack once per generator, so the signing steps follow the package being made.
if(CPACK_GENERATOR MATCHES "^(WIX|NSIS|NSIS64)$" OR (CPACK_GENERATOR STREQUAL "ZIP" AND CPACK_SYSTEM_NAME MATCHES "^win"))
    set(CPACK_PRE_BUILD_SCRIPTS "${CPACK_HL_PACKAGING_DIR}/windows/sign-staged.cmake")
    set(CPACK_POST_BUILD_SCRIPTS "${CPACK_HL_PACKAGING_DIR}/windows/sign-packages.cmake")
elseif(CPACK_GENERATOR STREQUAL "DragNDrop")
    set(CPACK_PRE_BUILD_SCRIPTS "${CPACK_HL_PACKAGING_DIR}/macos/sign-bundle.cmake")
    set(CPACK_POST_BUILD_SCRIPTS "${CPACK_HL_PACKAGING_DIR}/macos/notarize-dmg.cmake")
endif()
