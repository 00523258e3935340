#pragma once

#include "family/familytree.h"
#include "render/payloadcontext.h"

#include <QJsonObject>
#include <QSet>
#include <QStringList>

namespace hl {

// A family tree as text in the temporal CLI's `workflow trace` shape (a node per run: its status mark, type, how long
// it took, its ids, its failure decoded), and as JSON for scripts.
class FamilyText {
public:
    struct Options {
        // Below the root, runs of these statuses do not show their children ("↳ execution folded").
        QSet<int> foldStatuses;
        qint64 nowMs = 0; // for a running run's age
    };

    // The temporal CLI's default: completed, canceled and terminated runs folded.
    static QSet<int> defaultFoldStatuses();
    // "completed" -> its status, as the temporal CLI's --fold takes them; -1 for a name it does not know.
    static int foldStatusOf(const QString& name);

    static QStringList lines(const FamilyTree& tree, const PayloadContext& context, const Options& options);
    static QJsonObject json(const FamilyTree& tree, const PayloadContext& context);
    // "3s", "1m 2s", "12ms": how long a run took, or has been running.
    static QString took(const FamilyTree::Run& run, qint64 nowMs);
};

} // namespace hl
