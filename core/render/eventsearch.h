#pragma once

#include "history/history.h"
#include "render/payloadcontext.h"

#include <QRegularExpression>
#include <QString>

#include <atomic>
#include <vector>

namespace hl {

// Finds the events a person is looking for: text or a regular expression over the event type, the one-line
// description (activity, signal and timer names), the decoded payload values and the failure messages (restored
// ones included). Plain text is matched case-insensitively for ASCII letters, byte for byte otherwise.
class EventSearch {
public:
    EventSearch(const QString& text, bool regularExpression);

    bool isValid() const; // false for an invalid regular expression
    QString errorString() const;
    bool isEmpty() const { return m_text.isEmpty(); }

    // `scratch`: cipher contexts to decode with, for a run of events on one thread.
    bool matches(const History& history, int eventIndex, const PayloadContext& context, CodecScratch* scratch = nullptr) const;
    // Indexes of the matching events among [first, end) (or all), on the calling thread; empty when `cancelled` turns
    // true. SearchTask runs chunks of a history on the CPU pool.
    std::vector<int> matchingEvents(const History& history, const PayloadContext& context,
                                    const std::atomic<bool>* cancelled = nullptr) const;
    std::vector<int> matchingEvents(const History& history, int first, int end, const PayloadContext& context,
                                    const std::atomic<bool>* cancelled = nullptr) const;

private:
    bool matchesText(const QString& text) const;
    bool matchesBytes(const std::string& bytes) const;

    QString m_text;
    std::string m_folded; // plain text, UTF-8, ASCII lower case
    bool m_regex;
    QRegularExpression m_expression;
};

} // namespace hl
