#pragma once

#include <temporal/api/export/v1/message.pb.h>
#include <temporal/api/history/v1/message.pb.h>

#include <string>

namespace hl::test {

// A history built with the generated protos that touches what the readers must get right: every payload location
// kind, failures with cause chains and nested enums, timers, signals, a child workflow, an update, a Nexus
// operation, memo and search attributes. Payload data is compact JSON with sorted keys, so every dialect round-trips it exactly.
temporal::api::history::v1::History sampleHistory(const std::string& workflowId = "order-1042",
                                                  const std::string& runId = "6a1f1b36-2f0e-4d3c-9a51-0c2ab0e1f001");

// Three workflows, as a Temporal Cloud export file holds them.
temporal::api::export_::v1::WorkflowExecutions sampleExport();

} // namespace hl::test
