# Renames the C++ namespaces of proto packages whose segments are C++ keywords (temporal.api.namespace.v1 and
# temporal.api.export.v1) to `namespace_` and `export_`. Only C++ identifiers change: the serialized descriptors keep the
# proto package names, so full message names and the wire format stay exactly as upstream.
file(GLOB_RECURSE _files "${DIR}/*.pb.h" "${DIR}/*.pb.cc")
foreach(_file IN LISTS _files)
    file(READ "${_file}" _text)
    set(_orig "${_text}")
    foreach(_kw namespace export)
        string(REPLACE "namespace ${_kw} {" "namespace ${_kw}_ {" _text "${_text}")
        string(REPLACE "::${_kw}::" "::${_kw}_::" _text "${_text}")
    endforeach()
    if(NOT _text STREQUAL _orig)
        file(WRITE "${_file}" "${_text}")
    endif()
endforeach()
