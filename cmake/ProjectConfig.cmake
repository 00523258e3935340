# One interface target carries the language level, warnings and Qt safety macros for every HistoryLens target.
add_library(hl_config INTERFACE)
target_compile_features(hl_config INTERFACE cxx_std_17)
target_compile_definitions(hl_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    HL_VERSION_STRING="${PROJECT_VERSION}"
    HL_APP_ID="${HL_APP_ID}")

if(MSVC)
    target_compile_options(hl_config INTERFACE /W4 /permissive- /utf-8 /Zc:__cplusplus)
    if(HL_WARNINGS_AS_ERRORS)
        target_compile_options(hl_config INTERFACE /WX)
    endif()
else()
    target_compile_options(hl_config INTERFACE
        -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-qual
        -fstack-protector-strong)
    if(HL_WARNINGS_AS_ERRORS)
        target_compile_options(hl_config INTERFACE -Werror)
    endif()
    if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
        target_compile_definitions(hl_config INTERFACE _FORTIFY_SOURCE=2)
    endif()
endif()

# Code that must know it runs under AddressSanitizer (its leak checker, its memory overhead) asks this one macro;
# clang 14 does not define __SANITIZE_ADDRESS__.
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address")
    target_compile_definitions(hl_config INTERFACE HL_ADDRESS_SANITIZER=1)
endif()

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    target_link_options(hl_config INTERFACE -Wl,-z,relro,-z,now)
endif()

# Generated protobuf code is third-party output: compile it with the same language level but no project warnings.
add_library(hl_generated_config INTERFACE)
target_compile_features(hl_generated_config INTERFACE cxx_std_17)
# Under the sanitizer and fuzzer presets it is also left uninstrumented and without debug info: it is upstream's
# output parsed through upstream's library, the larger part of the compile, with nothing in it of ours to fix.
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=")
    target_compile_options(hl_generated_config INTERFACE -fno-sanitize=all -g0)
endif()
