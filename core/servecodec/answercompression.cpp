#include "servecodec/answercompression.h"

#include <libdeflate.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace hl {

namespace {

struct CompressorDeleter {
    void operator()(libdeflate_compressor* compressor) const { libdeflate_free_compressor(compressor); }
};

// Whether `accept` lists gzip with a non-zero quality ("gzip", "gzip;q=0.5", "*"), as RFC 9110 §12.5.3 reads it.
bool acceptsGzip(std::string_view accept)
{
    bool star = false;
    while (!accept.empty()) {
        const size_t comma = accept.find(',');
        std::string_view item = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
        const size_t semicolon = item.find(';');
        std::string_view coding = item.substr(0, semicolon);
        std::string_view parameters = semicolon == std::string_view::npos ? std::string_view() : item.substr(semicolon + 1);
        auto trim = [](std::string_view text) {
            while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
                text.remove_prefix(1);
            while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
                text.remove_suffix(1);
            return text;
        };
        coding = trim(coding);
        parameters = trim(parameters);
        std::string name(coding);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        const bool refused = parameters.size() >= 3 && (parameters.substr(0, 2) == "q=" || parameters.substr(0, 2) == "Q=")
                             && parameters.find_first_not_of("0.", 2) == std::string_view::npos;
        if (name == "gzip" || name == "x-gzip")
            return !refused;
        if (name == "*")
            star = !refused;
    }
    return star;
}

} // namespace

bool AnswerCompression::worthIt(std::string_view acceptEncoding, size_t bodyBytes, bool clientIsLocal)
{
    return !clientIsLocal && bodyBytes >= kMinimumBytes && acceptsGzip(acceptEncoding);
}

std::string AnswerCompression::gzip(std::string_view body)
{
    std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressor(libdeflate_alloc_compressor(1));
    if (!compressor)
        return {};
    std::string out(libdeflate_gzip_compress_bound(compressor.get(), body.size()), '\0');
    const size_t written = libdeflate_gzip_compress(compressor.get(), body.data(), body.size(), out.data(), out.size());
    if (written == 0 || written >= body.size())
        return {};
    out.resize(written);
    return out;
}

} // namespace hl
