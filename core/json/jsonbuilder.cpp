#include "json/jsonbuilder.h"

#include "json/jsonescape.h"

#include <simdjson.h>

namespace hl {

JsonBuilder::JsonBuilder(std::string* out, int indent) : m_out(out), m_indent(indent) {}

void JsonBuilder::newline()
{
    if (m_indent <= 0)
        return;
    m_out->push_back('\n');
    m_out->append(m_hasItems.size() * size_t(m_indent), ' ');
}

void JsonBuilder::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_hasItems.empty()) {
        if (m_hasItems.back())
            m_out->push_back(',');
        m_hasItems.back() = true;
        newline();
    }
}

void JsonBuilder::beginObject()
{
    beforeValue();
    m_out->push_back('{');
    m_hasItems.push_back(false);
}

void JsonBuilder::close(char bracket)
{
    const bool hadItems = m_hasItems.back();
    m_hasItems.pop_back();
    if (hadItems)
        newline();
    m_out->push_back(bracket);
}

void JsonBuilder::endObject()
{
    close('}');
}

void JsonBuilder::beginArray()
{
    beforeValue();
    m_out->push_back('[');
    m_hasItems.push_back(false);
}

void JsonBuilder::endArray()
{
    close(']');
}

void JsonBuilder::key(std::string_view name)
{
    beforeValue();
    appendJsonString(m_out, name);
    m_out->append(m_indent > 0 ? ": " : ":");
    m_afterKey = true;
}

void JsonBuilder::string(std::string_view text)
{
    beforeValue();
    appendJsonString(m_out, text);
}

void JsonBuilder::literal(std::string_view text)
{
    beforeValue();
    m_out->append(text);
}

void JsonBuilder::value(const simdjson::dom::element& element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
        beginObject();
        const simdjson::dom::object object = element.get_object().value_unsafe();
        for (const auto& member : object) {
            key(member.key);
            value(member.value);
        }
        endObject();
        return;
    }
    case simdjson::dom::element_type::ARRAY: {
        beginArray();
        const simdjson::dom::array array = element.get_array().value_unsafe();
        for (const auto item : array)
            value(item);
        endArray();
        return;
    }
    case simdjson::dom::element_type::STRING:
        return string(element.get_string().value_unsafe());
    default:
        return literal(simdjson::minify(element));
    }
}

} // namespace hl
