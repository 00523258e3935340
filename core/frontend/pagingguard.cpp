#include "frontend/pagingguard.h"

#include <QCryptographicHash>

#include <utility>

namespace hl {

PagingGuard::PagingGuard(qint64 maxItems, QString what, QString raise)
    : m_maxItems(maxItems), m_what(std::move(what)), m_raise(std::move(raise))
{
}

Result<void> PagingGuard::accept(qint64 items, const QByteArray& nextToken, bool repeatAllowed)
{
    ++m_answers;
    m_items += items;
    if (m_maxItems > 0 && m_items > m_maxItems)
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("the server sent more than %1 %2 (answer %3), more than it should, so reading "
                                    "stopped here; %4")
                         .arg(m_maxItems)
                         .arg(m_what)
                         .arg(m_answers)
                         .arg(m_raise)};
    if (nextToken.isEmpty())
        return {};
    m_emptyInARow = items == 0 ? m_emptyInARow + 1 : 0;
    if (!repeatAllowed && m_emptyInARow >= kMaxEmptyAnswersInARow)
        return Error{ErrorCode::ServerError,
                     QStringLiteral("the server sent %1 empty answers in a row, each with a token for more (answer %2): "
                                    "reading stopped, as it would never end")
                         .arg(m_emptyInARow)
                         .arg(m_answers)};
    const QByteArray digest = QCryptographicHash::hash(nextToken, QCryptographicHash::Sha256);
    if (!m_seenTokens.insert(digest.toStdString()).second && !repeatAllowed)
        return Error{ErrorCode::ServerError,
                     QStringLiteral("the server sent a page token it had already sent (answer %1): reading stopped, as "
                                    "following it would never end")
                         .arg(m_answers)};
    return {};
}

} // namespace hl
