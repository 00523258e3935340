# Runs at configure time: provides the Temporal API .proto tree in HL_TEMPORAL_API_DIR.
#
# The protos come from the npm package @temporalio/core-bridge (its sdk-core/crates/protos/protos/api_upstream tree), at a
# pinned version whose tarball's SHA-512 is checked. The tarball and the extracted tree are cached outside the build tree,
# so a second configure (or a fresh build directory) neither downloads nor extracts again.

set(HL_CORE_BRIDGE_VERSION "1.24.0")
# npm integrity sha512-6kzPB8RsHcPU6HDNUSDBFC0JG2UFrV3ThmPmJkeEafKh2DFrKARM8IzxgKeE5MzvdIXYmONFM0UmHg+TZ0/qrQ==
set(HL_CORE_BRIDGE_SHA512
    "ea4ccf07c46c1dc3d4e870cd5120c1142d091b6505ad5dd38663e626478469f2a1d8316b28044cf08cf180a784e4ccef7485d898e3453345261e0f93674feaad")

set(HL_TEMPORAL_PROTO_DIR "" CACHE PATH
    "A local Temporal API proto tree (the api_upstream folder, holding temporal/api/...). Set it to build offline.")

if(DEFINED ENV{HL_CACHE_DIR})
    set(_hl_default_cache "$ENV{HL_CACHE_DIR}")
elseif(DEFINED ENV{XDG_CACHE_HOME})
    set(_hl_default_cache "$ENV{XDG_CACHE_HOME}/historylens")
elseif(WIN32)
    set(_hl_default_cache "$ENV{LOCALAPPDATA}/historylens/cache")
else()
    set(_hl_default_cache "$ENV{HOME}/.cache/historylens")
endif()
set(HL_DOWNLOAD_CACHE_DIR "${_hl_default_cache}" CACHE PATH "Where downloaded build inputs are cached (outside the build tree)")

if(HL_TEMPORAL_PROTO_DIR)
    if(NOT EXISTS "${HL_TEMPORAL_PROTO_DIR}/temporal/api/history/v1/message.proto")
        message(FATAL_ERROR "HL_TEMPORAL_PROTO_DIR=${HL_TEMPORAL_PROTO_DIR} does not hold temporal/api/history/v1/message.proto")
    endif()
    set(HL_TEMPORAL_API_DIR "${HL_TEMPORAL_PROTO_DIR}")
    return()
endif()

set(_hl_pkg_dir "${HL_DOWNLOAD_CACHE_DIR}/core-bridge-${HL_CORE_BRIDGE_VERSION}")
set(_hl_tarball "${_hl_pkg_dir}/temporalio-core-bridge-${HL_CORE_BRIDGE_VERSION}.tgz")
set(_hl_tree "${_hl_pkg_dir}/api_upstream")
set(_hl_stamp "${_hl_tree}/.extracted-${HL_CORE_BRIDGE_SHA512}")

function(_hl_verified out_var)
    set(${out_var} FALSE PARENT_SCOPE)
    if(EXISTS "${_hl_tarball}")
        file(SHA512 "${_hl_tarball}" _actual)
        if(_actual STREQUAL HL_CORE_BRIDGE_SHA512)
            set(${out_var} TRUE PARENT_SCOPE)
        endif()
    endif()
endfunction()

if(NOT EXISTS "${_hl_stamp}")
    _hl_verified(_ok)
    if(NOT _ok)
        find_program(HL_NPM npm)
        if(NOT HL_NPM)
            message(FATAL_ERROR "npm is needed to fetch the Temporal API protos (or set HL_TEMPORAL_PROTO_DIR)")
        endif()
        file(MAKE_DIRECTORY "${_hl_pkg_dir}")
        file(REMOVE "${_hl_tarball}")
        message(STATUS "Fetching @temporalio/core-bridge@${HL_CORE_BRIDGE_VERSION} from the npm registry")
        execute_process(
            COMMAND "${HL_NPM}" pack "@temporalio/core-bridge@${HL_CORE_BRIDGE_VERSION}"
                    --pack-destination "${_hl_pkg_dir}" --silent
            WORKING_DIRECTORY "${_hl_pkg_dir}"
            RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
        if(NOT _rc EQUAL 0)
            message(FATAL_ERROR "npm pack @temporalio/core-bridge@${HL_CORE_BRIDGE_VERSION} failed:\n${_err}")
        endif()
        _hl_verified(_ok)
        if(NOT _ok)
            file(REMOVE "${_hl_tarball}")
            message(FATAL_ERROR "The @temporalio/core-bridge@${HL_CORE_BRIDGE_VERSION} tarball does not match the pinned SHA-512")
        endif()
    endif()

    message(STATUS "Extracting the Temporal API protos into ${_hl_tree}")
    file(REMOVE_RECURSE "${_hl_tree}" "${_hl_pkg_dir}/package")
    set(_prefix "package/sdk-core/crates/protos/protos/api_upstream")
    # The bundled google/protobuf copies are left out on purpose: the well-known types come from the installed protobuf.
    file(ARCHIVE_EXTRACT INPUT "${_hl_tarball}" DESTINATION "${_hl_pkg_dir}"
        PATTERNS "${_prefix}/temporal" "${_prefix}/google/api" "${_prefix}/nexusannotations" "${_prefix}/LICENSE")
    file(RENAME "${_hl_pkg_dir}/${_prefix}" "${_hl_tree}")
    file(REMOVE_RECURSE "${_hl_pkg_dir}/package")
    file(TOUCH "${_hl_stamp}")
endif()

set(HL_TEMPORAL_API_DIR "${_hl_tree}")
