#pragma once

#include "support/result.h"

#include <QByteArray>

#include <string>
#include <unordered_set>

namespace hl {

// What a frontend may answer while one history or listing is paged, so that a server which never ends it (a page
// token it already sent, endless empty pages, more events than any history holds) is stopped with a reason instead
// of being followed for ever. One guard per paging.
class PagingGuard {
public:
    // Answers in a row with nothing in them and a token for more: a real server ends a history in one or two.
    static constexpr int kMaxEmptyAnswersInARow = 32;

    // `what` names the items in messages ("events", "executions") and `raise` says how to raise the bound;
    // maxItems <= 0 leaves their count unbounded.
    PagingGuard(qint64 maxItems, QString what, QString raise);

    // After each answer with `items` in it and the token for the next: an error when paging must stop here. A
    // repeated token is refused only when `repeatAllowed` is false (a long poll that timed out may send it again).
    Result<void> accept(qint64 items, const QByteArray& nextToken, bool repeatAllowed = false);

    qint64 items() const { return m_items; }
    int answers() const { return m_answers; }

private:
    qint64 m_maxItems;
    QString m_what;
    QString m_raise;
    qint64 m_items = 0;
    int m_answers = 0;
    int m_emptyInARow = 0;
    std::unordered_set<std::string> m_seenTokens; // digests, so a server's huge tokens cost nothing to keep
};

} // namespace hl
