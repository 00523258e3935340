# Builds hl_temporal_api: C++ messages for the whole Temporal API plus gRPC stubs for its services, generated into the
# build tree only.
include(FetchTemporalApi)

file(GLOB_RECURSE _hl_protos RELATIVE "${HL_TEMPORAL_API_DIR}" CONFIGURE_DEPENDS
    "${HL_TEMPORAL_API_DIR}/temporal/*.proto"
    "${HL_TEMPORAL_API_DIR}/google/api/*.proto"
    "${HL_TEMPORAL_API_DIR}/nexusannotations/*.proto")
list(SORT _hl_protos)
set(_hl_service_protos ${_hl_protos})
list(FILTER _hl_service_protos INCLUDE REGEX "service\\.proto$")

set(HL_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
set(_hl_outputs)
foreach(_proto IN LISTS _hl_protos)
    string(REGEX REPLACE "\\.proto$" "" _stem "${_proto}")
    list(APPEND _hl_outputs "${HL_GENERATED_DIR}/${_stem}.pb.cc" "${HL_GENERATED_DIR}/${_stem}.pb.h")
endforeach()
foreach(_proto IN LISTS _hl_service_protos)
    string(REGEX REPLACE "\\.proto$" "" _stem "${_proto}")
    list(APPEND _hl_outputs "${HL_GENERATED_DIR}/${_stem}.grpc.pb.cc" "${HL_GENERATED_DIR}/${_stem}.grpc.pb.h")
endforeach()
list(TRANSFORM _hl_protos PREPEND "${HL_TEMPORAL_API_DIR}/" OUTPUT_VARIABLE _hl_proto_paths)
list(TRANSFORM _hl_service_protos PREPEND "${HL_TEMPORAL_API_DIR}/" OUTPUT_VARIABLE _hl_service_paths)

get_target_property(_hl_protobuf_includes protobuf::libprotobuf INTERFACE_INCLUDE_DIRECTORIES)
set(_hl_import_args "-I${HL_TEMPORAL_API_DIR}")
foreach(_dir IN LISTS _hl_protobuf_includes)
    list(APPEND _hl_import_args "-I${_dir}")
endforeach()

add_custom_command(
    OUTPUT ${_hl_outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${HL_GENERATED_DIR}"
    COMMAND protobuf::protoc ${_hl_import_args} "--cpp_out=${HL_GENERATED_DIR}" ${_hl_proto_paths}
    COMMAND protobuf::protoc ${_hl_import_args} "--grpc_out=${HL_GENERATED_DIR}"
            "--plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN}" ${_hl_service_paths}
    # `namespace` and `export` are package segments and C++ keywords; protoc 3.21 emits them verbatim.
    COMMAND ${CMAKE_COMMAND} -DDIR=${HL_GENERATED_DIR} -P "${CMAKE_CURRENT_LIST_DIR}/EscapeCppKeywordPackages.cmake"
    DEPENDS ${_hl_proto_paths} "${CMAKE_CURRENT_LIST_DIR}/EscapeCppKeywordPackages.cmake"
    COMMENT "Generating C++ for the Temporal API (${HL_CORE_BRIDGE_VERSION})"
    VERBATIM)

add_library(hl_temporal_api STATIC ${_hl_outputs})
target_include_directories(hl_temporal_api SYSTEM PUBLIC "$<BUILD_INTERFACE:${HL_GENERATED_DIR}>")
target_link_libraries(hl_temporal_api PUBLIC protobuf::libprotobuf gRPC::grpc++ PRIVATE hl_generated_config)
set_target_properties(hl_temporal_api PROPERTIES POSITION_INDEPENDENT_CODE ON)
