#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace simdjson::dom {
class element;
}

namespace hl {

// Appends JSON text to a string, with commas and (optional) indentation handled, in the layout Go's protojson
// uses: `"key": value`, nested values indented by `indent` spaces; indent 0 writes compact JSON.
class JsonBuilder {
public:
    JsonBuilder(std::string* out, int indent);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view name);
    void string(std::string_view text);
    // A number, true, false or null, written as given.
    void literal(std::string_view text);
    // A parsed JSON value, re-indented to fit.
    void value(const simdjson::dom::element& element);

    std::string& out() { return *m_out; }

private:
    void beforeValue();
    void newline();
    void close(char bracket);

    std::string* m_out;
    int m_indent;
    std::vector<bool> m_hasItems; // per open container
    bool m_afterKey = false;
};

} // namespace hl
