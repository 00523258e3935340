#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hl {

// The proto3 JSON text forms of google.protobuf.Timestamp and Duration.
class ProtoTime {
public:
    // "2024-07-25T14:27:21.964655700Z" or with a "+02:00" offset -> seconds and nanos since the epoch, UTC.
    static bool parseTimestamp(std::string_view text, int64_t* seconds, int32_t* nanos);
    // "10s", "-0.500s", "1.000000001s" -> seconds and nanos (same sign).
    static bool parseDuration(std::string_view text, int64_t* seconds, int32_t* nanos);

    // Z-normalised, with 0, 3, 6 or 9 fractional digits, as protobuf prints it.
    static std::string formatTimestamp(int64_t seconds, int32_t nanos);
    static std::string formatDuration(int64_t seconds, int32_t nanos);
    // What a table shows: to the millisecond, and "-" for an unset (zero) timestamp.
    static std::string displayTimestamp(int64_t seconds, int32_t nanos);

    // Days since 1970-01-01 for a proleptic Gregorian date, and back.
    static int64_t daysFromCivil(int64_t year, unsigned month, unsigned day);
    static void civilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);
};

} // namespace hl
