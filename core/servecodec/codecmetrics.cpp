#include "servecodec/codecmetrics.h"

#include <cstdio>
#include <cstdlib>

namespace hl {

namespace {

// The shortest text that reads back as `value` ("0.0025", not "0.0025000000000000001").
std::string number(double value)
{
    char buffer[64];
    for (int digits = 6; digits <= 17; ++digits) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
        if (std::strtod(buffer, nullptr) == value)
            break;
    }
    return buffer;
}

void header(std::string& out, const char* name, const char* type, const char* help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace

std::string CodecMetrics::escapeLabel(const std::string& value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void CodecMetrics::recordRequest(const CodecRequestRecord& record)
{
    const std::string operation = record.operation.empty() ? std::string("other") : record.operation;
    QMutexLocker lock(&m_mutex);
    std::string space = record.temporalNamespace;
    if (!m_namespaces.count(space)) {
        if (int(m_namespaces.size()) < kMaxNamespaces)
            m_namespaces.emplace(space, true);
        else
            space = "(other)";
    }
    ++m_requests[{operation, space, record.status}];
    if (!record.operation.empty()) {
        const bool denied = record.outcome.startsWith(QLatin1String("denied"));
        if (record.decoded > 0)
            m_payloads[{operation, "decoded"}] += quint64(record.decoded);
        if (record.unchanged > 0)
            m_payloads[{operation, denied ? "denied" : "passed_through"}] += quint64(record.unchanged);
        if (record.failed > 0)
            m_payloads[{operation, record.missingKeyIds.empty() ? "failed" : "missing_key"}] += quint64(record.failed);
        if (record.overBudget > 0)
            m_payloads[{operation, "over_budget"}] += quint64(record.overBudget);
    }
    Histogram& histogram = m_durations[operation];
    const double seconds = record.milliseconds / 1000.0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++histogram.buckets[i];
    }
    histogram.sum += seconds;
    ++histogram.count;
}

void CodecMetrics::recordKeyReload(bool ok)
{
    QMutexLocker lock(&m_mutex);
    ++m_keyReloads[ok ? "ok" : "failed"];
}

void CodecMetrics::recordJwksRefresh(bool ok)
{
    QMutexLocker lock(&m_mutex);
    ++m_jwksRefreshes[ok ? "ok" : "failed"];
}

std::string CodecMetrics::text() const
{
    std::string out;
    QMutexLocker lock(&m_mutex);
    header(out, "historylens_codec_requests_total", "counter", "Requests answered, by operation, namespace and HTTP status.");
    for (const auto& [key, count] : m_requests) {
        const auto& [operation, space, status] = key;
        out += "historylens_codec_requests_total{operation=\"" + escapeLabel(operation) + "\",namespace=\"" + escapeLabel(space)
            + "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + '\n';
    }
    header(out, "historylens_codec_payloads_total", "counter",
           "Payloads, by operation and outcome: decoded (or encoded), passed_through (not ours), denied (returned encoded by a "
           "rule), missing_key, failed, over_budget.");
    for (const auto& [key, count] : m_payloads)
        out += "historylens_codec_payloads_total{operation=\"" + escapeLabel(key.first) + "\",outcome=\"" + key.second + "\"} "
            + std::to_string(count) + '\n';
    header(out, "historylens_codec_request_duration_seconds", "histogram", "Time to answer a request, by operation.");
    for (const auto& [operation, histogram] : m_durations) {
        const std::string label = "operation=\"" + escapeLabel(operation) + "\"";
        for (size_t i = 0; i < kBuckets.size(); ++i)
            out += "historylens_codec_request_duration_seconds_bucket{" + label + ",le=\"" + number(kBuckets[i]) + "\"} "
                + std::to_string(histogram.buckets[i]) + '\n';
        out += "historylens_codec_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(histogram.count) + '\n';
        out += "historylens_codec_request_duration_seconds_sum{" + label + "} " + number(histogram.sum) + '\n';
        out += "historylens_codec_request_duration_seconds_count{" + label + "} " + std::to_string(histogram.count) + '\n';
    }
    header(out, "historylens_codec_requests_in_flight", "gauge", "Requests being answered now.");
    out += "historylens_codec_requests_in_flight " + std::to_string(m_inFlight.load()) + '\n';
    header(out, "historylens_codec_key_reloads_total", "counter", "Key reloads, by result.");
    for (const auto& [result, count] : m_keyReloads)
        out += "historylens_codec_key_reloads_total{result=\"" + result + "\"} " + std::to_string(count) + '\n';
    header(out, "historylens_codec_jwks_refreshes_total", "counter", "JWKS fetches, by result.");
    for (const auto& [result, count] : m_jwksRefreshes)
        out += "historylens_codec_jwks_refreshes_total{result=\"" + result + "\"} " + std::to_string(count) + '\n';
    return out;
}

} // namespace hl
