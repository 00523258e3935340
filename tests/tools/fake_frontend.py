#!/usr/bin/env python3
"""A Temporal frontend that misbehaves on purpose, for what a real server will not do on demand. It answers
GetSystemInfo and DescribeWorkflowExecution, and GetWorkflowExecutionHistory by the workflow id asked for:

  denied        PERMISSION_DENIED on every namespaced call
  silent        never answers the history (the client's deadline must end it)
  damaged       page 1 holds events 1-2; page 2 holds event 3 whose bytes are not valid UTF-8 in a string field
  garbage       page 1 is bytes that are not a history answer
  empty-pages   two pages with no events and a token, then the events
  breaks        page 1 holds events 1-2; page 2 fails with INTERNAL

  fake_frontend.py PORT_FILE     serves on 127.0.0.1 (a free port, written to PORT_FILE) until killed
"""
import sys
import time
from concurrent import futures

import grpc
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.api.workflowservice.v1 import (
    DescribeWorkflowExecutionRequest,
    DescribeWorkflowExecutionResponse,
    GetSystemInfoResponse,
    GetWorkflowExecutionHistoryRequest,
    GetWorkflowExecutionHistoryResponse,
)

SERVICE = "/temporal.api.workflowservice.v1.WorkflowService/"
MARKER = "XXXXMARKERXXXX"


def events(first, last, task_queue="fake-queue"):
    made = []
    for event_id in range(first, last + 1):
        event = HistoryEvent(event_id=event_id)
        event.event_time.FromSeconds(1_700_000_000 + event_id)
        if event_id == 1:
            event.event_type = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
            attributes = event.workflow_execution_started_event_attributes
            attributes.workflow_type.name = "FakeWorkflow"
            attributes.task_queue.name = task_queue
        else:
            event.event_type = EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
            event.workflow_task_scheduled_event_attributes.task_queue.name = task_queue
        made.append(event)
    return made


def history_answer(request_bytes, context):
    request = GetWorkflowExecutionHistoryRequest.FromString(request_bytes)
    workflow = request.execution.workflow_id
    token = request.next_page_token
    if workflow == "denied":
        context.abort(grpc.StatusCode.PERMISSION_DENIED, "namespace default: request unauthorized")
    if workflow == "silent":
        time.sleep(600)
    if workflow == "garbage":
        return b"\x0a\xff\xff\xff\x0f\x01"
    answer = GetWorkflowExecutionHistoryResponse()
    if workflow == "damaged":
        if not token:
            answer.history.events.extend(events(1, 2))
            answer.next_page_token = b"page-2"
            return answer.SerializeToString()
        answer.history.events.extend(events(3, 3, task_queue=MARKER))
        # Protobuf will not write text that is not UTF-8; the bytes are changed after serializing.
        return answer.SerializeToString().replace(MARKER.encode(), b"\xff\xfe" + b"X" * (len(MARKER) - 2))
    if workflow == "breaks":
        if not token:
            answer.history.events.extend(events(1, 2))
            answer.next_page_token = b"page-2"
            return answer.SerializeToString()
        context.abort(grpc.StatusCode.INTERNAL, "history shard 3 is unavailable")
    if workflow == "empty-pages":
        if token in (b"", b"a"):
            answer.next_page_token = b"a" if not token else b"b"
            return answer.SerializeToString()
    answer.history.events.extend(events(1, 3))
    return answer.SerializeToString()


def describe_answer(request_bytes, context):
    request = DescribeWorkflowExecutionRequest.FromString(request_bytes)
    if request.execution.workflow_id == "denied":
        context.abort(grpc.StatusCode.PERMISSION_DENIED, "namespace default: request unauthorized")
    answer = DescribeWorkflowExecutionResponse()
    info = answer.workflow_execution_info
    info.execution.workflow_id = request.execution.workflow_id
    info.execution.run_id = "0fa4e0a0-0000-4000-8000-000000000001"
    info.type.name = "FakeWorkflow"
    info.history_length = 3
    return answer.SerializeToString()


class Handler(grpc.GenericRpcHandler):
    def service(self, details):
        method = details.method
        if method == SERVICE + "GetSystemInfo":
            behaviour = lambda request, context: GetSystemInfoResponse(server_version="0.0.0-fake").SerializeToString()
        elif method == SERVICE + "DescribeWorkflowExecution":
            behaviour = describe_answer
        elif method == SERVICE + "GetWorkflowExecutionHistory":
            behaviour = history_answer
        else:
            return None
        return grpc.unary_unary_rpc_method_handler(behaviour)


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((Handler(),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with open(sys.argv[1], "w") as out:
        out.write(f"FAKE_ADDRESS=127.0.0.1:{port}\n")
    server.wait_for_termination()


if __name__ == "__main__":
    main()
