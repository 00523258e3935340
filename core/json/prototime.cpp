#include "json/prototime.h"

#include <cstdio>

namespace hl {
namespace {

bool digits(std::string_view text, size_t pos, size_t count, int64_t* value)
{
    if (pos + count > text.size())
        return false;
    int64_t v = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + (text[i] - '0');
    }
    *value = v;
    return true;
}

// Parses ".123456789" at `pos` into nanos; advances `pos`. Up to nine digits.
bool fraction(std::string_view text, size_t* pos, int32_t* nanos)
{
    *nanos = 0;
    if (*pos >= text.size() || text[*pos] != '.')
        return true;
    ++*pos;
    int count = 0;
    int32_t value = 0;
    while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
        if (++count > 9)
            return false;
        value = value * 10 + (text[*pos] - '0');
        ++*pos;
    }
    if (count == 0)
        return false;
    for (int i = count; i < 9; ++i)
        value *= 10;
    *nanos = value;
    return true;
}

std::string fractionText(int32_t nanos)
{
    if (nanos == 0)
        return {};
    char buffer[16];
    if (nanos % 1000000 == 0)
        std::snprintf(buffer, sizeof buffer, ".%03d", nanos / 1000000);
    else if (nanos % 1000 == 0)
        std::snprintf(buffer, sizeof buffer, ".%06d", nanos / 1000);
    else
        std::snprintf(buffer, sizeof buffer, ".%09d", nanos);
    return buffer;
}

} // namespace

int64_t ProtoTime::daysFromCivil(int64_t year, unsigned month, unsigned day)
{
    // Howard Hinnant's days_from_civil.
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = unsigned(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + int64_t(doe) - 719468;
}

void ProtoTime::civilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day)
{
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = int64_t(yoe) + era * 400 + (*month <= 2);
}

bool ProtoTime::parseTimestamp(std::string_view text, int64_t* seconds, int32_t* nanos)
{
    int64_t year, month, day, hour, minute, second;
    if (!digits(text, 0, 4, &year) || text.size() < 20 || text[4] != '-' || !digits(text, 5, 2, &month) || text[7] != '-'
        || !digits(text, 8, 2, &day) || (text[10] != 'T' && text[10] != 't') || !digits(text, 11, 2, &hour)
        || text[13] != ':' || !digits(text, 14, 2, &minute) || text[16] != ':' || !digits(text, 17, 2, &second))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return false;
    size_t pos = 19;
    if (!fraction(text, &pos, nanos))
        return false;
    int64_t offset = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int64_t oh, om;
        if (!digits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':'
            || !digits(text, pos + 4, 2, &om))
            return false;
        offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return false;
    }
    if (pos != text.size())
        return false;
    *seconds = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 + second - offset;
    return true;
}

bool ProtoTime::parseDuration(std::string_view text, int64_t* seconds, int32_t* nanos)
{
    if (text.size() < 2 || text.back() != 's')
        return false;
    text.remove_suffix(1);
    const bool negative = !text.empty() && text.front() == '-';
    if (negative)
        text.remove_prefix(1);
    size_t pos = 0;
    int64_t whole = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (whole > 315576000000LL)
            return false;
        whole = whole * 10 + (text[pos] - '0');
        ++pos;
    }
    if (pos == 0)
        return false;
    if (!fraction(text, &pos, nanos) || pos != text.size())
        return false;
    *seconds = negative ? -whole : whole;
    if (negative)
        *nanos = -*nanos;
    return true;
}

std::string ProtoTime::formatTimestamp(int64_t seconds, int32_t nanos)
{
    int64_t days = seconds / 86400;
    int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    int64_t year;
    unsigned month, day;
    civilFromDays(days, &year, &month, &day);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(year), month, day,
                  static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                  static_cast<long long>(rest % 60));
    return buffer + fractionText(nanos) + "Z";
}

std::string ProtoTime::formatDuration(int64_t seconds, int32_t nanos)
{
    const bool negative = seconds < 0 || nanos < 0;
    std::string text = negative ? "-" : "";
    text += std::to_string(seconds < 0 ? -seconds : seconds);
    text += fractionText(nanos < 0 ? -nanos : nanos);
    return text + "s";
}

std::string ProtoTime::displayTimestamp(int64_t seconds, int32_t nanos)
{
    if (seconds == 0 && nanos == 0)
        return "-";
    const int32_t millis = nanos / 1000000 * 1000000;
    return formatTimestamp(seconds, millis);
}

} // namespace hl
