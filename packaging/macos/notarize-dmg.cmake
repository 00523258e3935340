# CPack post-build script (DragNDrop): signs the disk image, has Apple notarize it and staples the ticket, when a
# Developer ID and App Store Connect API key are configured (CI secrets):
#
#   HL_MACOS_SIGN_IDENTITY     the "Developer ID Application: ..." identity
#   HL_NOTARY_KEY_PATH         the App Store Connect API key (.p8 file)
#   HL_NOTARY_KEY_ID           its key id
#   HL_NOTARY_ISSUER           its issuer id
set(_hl_identity "$ENV{HL_MACOS_SIGN_IDENTITY}")
if(_hl_identity STREQUAL "")
    message(STATUS "HistoryLens: no Developer ID configured; the disk image is not signed or notarized")
    return()
endif()
foreach(_dmg IN LISTS CPACK_PACKAGE_FILES)
    if(NOT _dmg MATCHES "\\.dmg$")
        continue()
    endif()
    execute_process(COMMAND codesign --force --timestamp --sign "${_hl_identity}" "${_dmg}" RESULT_VARIABLE _status)
    if(NOT _status EQUAL 0)
        message(FATAL_ERROR "codesign could not sign ${_dmg}")
    endif()
    if("$ENV{HL_NOTARY_KEY_PATH}" STREQUAL "")
        message(STATUS "HistoryLens: ${_dmg} signed; no notary key configured, so not notarized")
        continue()
    endif()
    execute_process(
        COMMAND xcrun notarytool submit "${_dmg}" --wait --timeout 30m
                --key "$ENV{HL_NOTARY_KEY_PATH}" --key-id "$ENV{HL_NOTARY_KEY_ID}" --issuer "$ENV{HL_NOTARY_ISSUER}"
        RESULT_VARIABLE _status)
    if(NOT _status EQUAL 0)
        message(FATAL_ERROR "notarization of ${_dmg} failed (xcrun notarytool log <id> shows why)")
    endif()
    execute_process(COMMAND xcrun stapler staple "${_dmg}" RESULT_VARIABLE _status)
    if(NOT _status EQUAL 0)
        message(FATAL_ERROR "stapler could not staple the notarization ticket to ${_dmg}")
    endif()
endforeach()
