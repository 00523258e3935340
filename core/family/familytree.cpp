#include "family/familytree.h"

#include "frontend/workflowlisting.h"
#include "render/failurechain.h"

#include <temporal/api/enums/v1/workflow.pb.h>

#include <QStringList>

namespace hl {

namespace enums = temporal::api::enums::v1;

FamilyTree::FamilyTree(std::vector<Node> nodes, WorkflowRef asked, QString namespaceName, bool truncated, std::vector<QString> notes)
    : m_nodes(std::move(nodes))
    , m_asked(std::move(asked))
    , m_namespace(std::move(namespaceName))
    , m_truncated(truncated)
    , m_notes(std::move(notes))
{
}

int FamilyTree::runCount() const
{
    int count = 0;
    for (const Node& node : m_nodes)
        count += int(node.runs.size());
    return count;
}

DecodeRequest FamilyTree::decodeRequest(const std::shared_ptr<const FamilyTree>& self) const
{
    DecodeRequest request;
    for (const Node& node : m_nodes) {
        for (const Run& run : node.runs) {
            if (run.failure) {
                const auto payloads = FailureChain::encodedAttributes(*run.failure);
                request.payloads.insert(request.payloads.end(), payloads.begin(), payloads.end());
            }
        }
    }
    request.payloadsOwner = self;
    return request;
}

QString FamilyTree::failureMessage(const Run& run, const PayloadContext& context)
{
    return run.failure ? FailureChain::of(*run.failure, context).messages() : QString();
}

QString FamilyTree::statusName(int status)
{
    return WorkflowListing::statusName(status);
}

QString FamilyTree::statusIcon(int status)
{
    switch (status) {
    case enums::WORKFLOW_EXECUTION_STATUS_RUNNING:
        return QStringLiteral("▷");
    case enums::WORKFLOW_EXECUTION_STATUS_COMPLETED:
        return QStringLiteral("✓");
    case enums::WORKFLOW_EXECUTION_STATUS_FAILED:
        return QStringLiteral("!");
    case enums::WORKFLOW_EXECUTION_STATUS_CANCELED:
    case enums::WORKFLOW_EXECUTION_STATUS_TERMINATED:
        return QStringLiteral("x");
    case enums::WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW:
        return QStringLiteral("»");
    case enums::WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
        return QStringLiteral("⏱");
    default:
        return QStringLiteral("•");
    }
}

} // namespace hl
