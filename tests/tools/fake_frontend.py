#!/usr/bin/env python3
"""A Temporal frontend that misbehaves on purpose, for what a real server will not do on demand. It answers
GetSystemInfo and DescribeWorkflowExecution, and GetWorkflowExecutionHistory by the workflow id asked for:

  denied        PERMISSION_DENIED on every namespaced call
  silent        never answers the history (the client's deadline must end it)
  damaged       page 1 holds events 1-2; page 2 holds event 3 whose bytes are not valid UTF-8 in a string field
  garbage       page 1 is bytes that are not a history answer
  empty-pages   two pages with no events and a token, then the events
  breaks        page 1 holds events 1-2; page 2 fails with INTERNAL
  repeat-token  events 1-3 with a token, then no events and the same token for ever
  endless-empty no events and a new token, for ever
  endless-events 1,000 new events a page and a new token, for ever
  injected      events 1-3 whose workflow type and task queue hold terminal escapes and a line break

and ListWorkflowExecutions (CountWorkflowExecutions says 5) with a page of 1,000 executions and a new token for
ever, the first with a workflow id that holds a terminal escape.

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
    CountWorkflowExecutionsResponse,
    ListWorkflowExecutionsRequest,
    ListWorkflowExecutionsResponse,
)

SERVICE = "/temporal.api.workflowservice.v1.WorkflowService/"
MARKER = "XXXXMARKERXXXX"
# A workflow type that would clear the screen, set the window title and print a line of its own on a terminal.
INJECTED = "Evil\x1b[2J\x1b]0;pwned\x07Type\r\n99  2024-01-01T00:00:00Z  WorkflowExecutionCompleted  forged"


def events(first, last, task_queue="fake-queue", workflow_type="FakeWorkflow"):
    made = []
    for event_id in range(first, last + 1):
        event = HistoryEvent(event_id=event_id)
        event.event_time.FromSeconds(1_700_000_000 + event_id)
        if event_id == 1:
            event.event_type = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
            attributes = event.workflow_execution_started_event_attributes
            attributes.workflow_type.name = workflow_type
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
    if workflow == "repeat-token":
        if not token:
            answer.history.events.extend(events(1, 3))
        answer.next_page_token = b"same-token"
        return answer.SerializeToString()
    if workflow == "endless-empty":
        answer.next_page_token = b"t" + str(time.monotonic_ns()).encode()
        return answer.SerializeToString()
    if workflow == "endless-events":
        page = int(token.decode()) if token else 0
        answer.history.events.extend(events(page * 1000 + 1, page * 1000 + 1000))
        answer.next_page_token = str(page + 1).encode()
        return answer.SerializeToString()
    if workflow == "injected":
        answer.history.events.extend(events(1, 3, task_queue=INJECTED, workflow_type=INJECTED))
        return answer.SerializeToString()
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


def list_answer(request_bytes, context):
    request = ListWorkflowExecutionsRequest.FromString(request_bytes)
    page = int(request.next_page_token.decode()) if request.next_page_token else 0
    answer = ListWorkflowExecutionsResponse()
    for i in range(1000):
        execution = answer.executions.add()
        execution.execution.workflow_id = INJECTED if page == 0 and i == 0 else f"listed-{page}-{i}"
        execution.execution.run_id = "0fa4e0a0-0000-4000-8000-000000000001"
        execution.type.name = "FakeWorkflow"
        execution.start_time.FromSeconds(1_700_000_000)
        execution.status = 1
        execution.task_queue = "fake-queue"
    answer.next_page_token = str(page + 1).encode()
    return answer.SerializeToString()


class Handler(grpc.GenericRpcHandler):
    def service(self, details):
        method = details.method
        if method == SERVICE + "GetSystemInfo":
            behaviour = lambda request, context: GetSystemInfoResponse(server_version="0.0.0-fake").SerializeToString()
        elif method == SERVICE + "DescribeWorkflowExecution":
            behaviour = describe_answer
        elif method in (SERVICE + "GetWorkflowExecutionHistory", SERVICE + "GetWorkflowExecutionHistoryReverse"):
            # The reverse request and answer number their fields as the forward ones do, up to the page token.
            behaviour = history_answer
        elif method == SERVICE + "ListWorkflowExecutions":
            behaviour = list_answer
        elif method == SERVICE + "CountWorkflowExecutions":
            behaviour = lambda request, context: CountWorkflowExecutionsResponse(count=5).SerializeToString()
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
