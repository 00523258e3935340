#!/usr/bin/env python3
"""Real histories for the frontend tests, made by real workers of the official Python SDK against a real Temporal
dev server. Payloads go through the samples-python encryption codec (AES-256-GCM over the serialized Payload, key id
`test-key-id`), and failures through the converter that moves messages and stack traces into encoded attributes.

  frontend_histories.py make ADDRESS MANIFEST      run the workflows, write a manifest of what was made
  frontend_histories.py signal ADDRESS WORKFLOW_ID NAME VALUE   signal with an encrypted payload
  frontend_histories.py serve ADDRESS IDENTITY SECONDS           a worker polling the tests' task queue a while
  frontend_histories.py big ADDRESS WORKFLOW_ID EVENTS           a history of at least EVENTS events (benchmark)
  frontend_histories.py fanout ADDRESS WORKFLOW_ID CHILDREN      a family of one parent and CHILDREN children (benchmark)
"""
import asyncio
import dataclasses
import json
import logging
import os
import sys
from datetime import timedelta

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio import activity, workflow
from temporalio.api.common.v1 import Payload
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes, PayloadCodec
from temporalio.exceptions import ActivityError, ApplicationError, ChildWorkflowError
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

KEY_ID = "test-key-id"
KEY = b"test-key-test-key-test-key-test!"
TASK_QUEUE = "historylens-tests"


class EncryptionCodec(PayloadCodec):
    """The samples-python encryption codec's format: nonce(12) || AES-256-GCM(serialized Payload) || tag(16)."""

    async def encode(self, payloads):
        out = []
        for payload in payloads:
            nonce = os.urandom(12)
            data = nonce + AESGCM(KEY).encrypt(nonce, payload.SerializeToString(), None)
            out.append(Payload(metadata={"encoding": b"binary/encrypted", "encryption-key-id": KEY_ID.encode()}, data=data))
        return out

    async def decode(self, payloads):
        out = []
        for payload in payloads:
            if payload.metadata.get("encoding", b"") != b"binary/encrypted":
                out.append(payload)
                continue
            inner = Payload()
            inner.ParseFromString(AESGCM(KEY).decrypt(payload.data[:12], payload.data[12:], None))
            out.append(inner)
        return out


class StrictEncryptionCodec(EncryptionCodec):
    """Refuses what is not encrypted: a query argument sent in the clear fails instead of being read."""

    async def decode(self, payloads):
        for payload in payloads:
            if payload.metadata.get("encoding", b"") != b"binary/encrypted":
                raise ValueError("this worker reads only encrypted payloads")
        return await super().decode(payloads)


CONVERTER = dataclasses.replace(
    DataConverter.default,
    payload_codec=EncryptionCodec(),
    failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
)


@activity.defn
async def charge(order: dict) -> dict:
    return {"charged": order["amount"], "card": "**** 4242", "currency": "EUR"}


# reserve_stock's busy spell: its attempts before this one fail (the comparison tests make one run retry twice more).
BUSY_UNTIL = 3


@activity.defn
async def reserve_stock(sku: str) -> str:
    attempt = activity.info().attempt
    if attempt < BUSY_UNTIL:
        raise RuntimeError(f"warehouse busy (attempt {attempt})")
    return f"reserved {sku} on attempt {attempt}"


@activity.defn
async def notify_fraud_desk(order_id: str) -> None:
    try:
        raise ValueError(f"card for {order_id} reported stolen")
    except ValueError as cause:
        raise ApplicationError("fraud check rejected the order", {"order": order_id, "score": 97}, non_retryable=True) from cause


@activity.defn
async def ship(order_id: str) -> dict:
    return {"carrier": "DHL", "tracking": f"JD0146{order_id[-4:]}"}


@activity.defn
async def scan_parcel(parcel_count: int) -> None:
    activity.heartbeat({"scanned": parcel_count})
    raise ApplicationError(f"scanner jammed on parcel {parcel_count}", {"station": 7})


@workflow.defn
class InspectionWorkflow:
    """Stays running with a pending activity: its heartbeat details and last failure wait for a describe."""

    @workflow.run
    async def run(self, parcels: int) -> None:
        await workflow.execute_activity(scan_parcel, parcels, start_to_close_timeout=timedelta(seconds=30),
                                        retry_policy=RetryPolicy(initial_interval=timedelta(hours=1), maximum_attempts=5))


@workflow.defn
class ApprovalWorkflow:
    """Stays running, blocked until someone approves: its call stack names the line it waits on."""

    def __init__(self) -> None:
        self.approved = False

    @workflow.signal(description="Approve the order; the workflow then completes.")
    def approve(self, who: str) -> None:
        self.approved = True

    @workflow.query(description="Who may approve, and whether anyone has.")
    def status(self, asked_by: str) -> dict:
        return {"askedBy": asked_by, "approved": self.approved, "approvers": ["maria@example.com"]}

    @workflow.run
    async def run(self, order_id: str) -> str:
        await workflow.wait_condition(lambda: self.approved)  # blocked here until approved
        return f"{order_id} approved"


@workflow.defn
class PackingWorkflow:
    @workflow.run
    async def run(self, order_id: str) -> dict:
        return {"packed": order_id, "boxes": 2}


@workflow.defn
class OrderWorkflow:
    def __init__(self) -> None:
        self.approved_by = None
        self.notes = []

    @workflow.signal
    def approve(self, who: str) -> None:
        self.approved_by = who

    @workflow.update
    def add_note(self, note: str) -> int:
        self.notes.append(note)
        return len(self.notes)

    @workflow.run
    async def run(self, order: dict) -> dict:
        timeout = timedelta(seconds=10)
        # Summaries tell the steps apart in a UI (the SDK encodes them through the codec like any payload).
        charged = await workflow.execute_activity(charge, order, start_to_close_timeout=timeout,
                                                  summary=f"Charge {order['amount']} EUR for {order['id']}")
        reserved = await workflow.execute_activity(
            reserve_stock, order["sku"], start_to_close_timeout=timeout, summary=f"Reserve {order['sku']}",
            retry_policy=RetryPolicy(initial_interval=timedelta(milliseconds=100), backoff_coefficient=1.0, maximum_attempts=5))
        fraud = "passed"
        try:
            await workflow.execute_activity(notify_fraud_desk, order["id"], start_to_close_timeout=timeout,
                                            retry_policy=RetryPolicy(maximum_attempts=1))
        except ActivityError:
            fraud = "rejected"
        await workflow.sleep(timedelta(milliseconds=300))
        await workflow.wait_condition(lambda: self.approved_by is not None)
        packed = await workflow.execute_child_workflow(PackingWorkflow.run, order["id"], id=f"{workflow.info().workflow_id}-packing")
        shipped = await workflow.execute_activity(ship, order["id"], start_to_close_timeout=timeout)
        return {"order": order["id"], "charged": charged, "stock": reserved, "fraud": fraud, "approvedBy": self.approved_by,
                "notes": self.notes, "packed": packed, "shipped": shipped}


@activity.defn
async def price_line(line: dict) -> dict:
    return {"line": line["line"], "sku": line["sku"], "price": round(line["line"] * 1.37, 2), "currency": "EUR"}


@workflow.defn
class InvoiceWorkflow:
    """Prices invoice lines in batches of parallel activities until the history holds the events asked for."""

    @workflow.run
    async def run(self, events: int) -> int:
        line = 0
        while workflow.info().get_current_history_length() < events - 800:
            batch = [workflow.execute_activity(price_line, {"line": line + i, "sku": f"SKU-{(line + i) % 997:04d}"},
                                               start_to_close_timeout=timedelta(seconds=60)) for i in range(200)]
            await asyncio.gather(*batch)
            line += 200
        return line


@workflow.defn
class RefundWorkflow:
    @workflow.run
    async def run(self, order_id: str) -> dict:
        if order_id.endswith("0043"):  # the one payment the ledger has
            return {"refunded": order_id, "amount": 99.0}
        try:
            raise KeyError(f"payment {order_id} not found in the ledger")
        except KeyError as cause:
            raise ApplicationError("refund failed", {"order": order_id}, non_retryable=True) from cause


@workflow.defn
class BatchWorkflow:
    @workflow.run
    async def run(self, batch: int) -> str:
        await workflow.execute_activity(charge, {"id": f"batch-{batch}", "amount": batch}, start_to_close_timeout=timedelta(seconds=10))
        if batch < 2:
            workflow.continue_as_new(batch + 1)
        return f"finished after batch {batch}"


DEPOTS = {"eu": ["lisbon", "porto"], "us": ["boston"]}


@workflow.defn
class DepotWorkflow:
    @workflow.run
    async def run(self, depot: str) -> str:
        if depot == "boston":  # retried once by its retry policy, then the region fails with it
            raise ApplicationError(f"no courier at depot {depot}", {"depot": depot})
        return f"{depot} loaded"


@workflow.defn
class RegionWorkflow:
    @workflow.run
    async def run(self, region: str) -> dict:
        prefix = workflow.info().workflow_id
        loaded = []
        for depot in DEPOTS[region]:
            try:
                loaded.append(await workflow.execute_child_workflow(
                    DepotWorkflow.run, depot, id=f"{prefix}-{depot}",
                    retry_policy=RetryPolicy(initial_interval=timedelta(milliseconds=200), maximum_attempts=2)))
            except ChildWorkflowError as error:
                raise ApplicationError(f"region {region}: depot {depot} failed", non_retryable=True) from error
        if region == "eu":  # a continue-as-new chain of three runs, two levels down
            await workflow.execute_child_workflow(BatchWorkflow.run, 0, id=f"{prefix}-batch")
        return {"region": region, "loaded": loaded}


@workflow.defn
class FulfilmentWorkflow:
    """A three-level family: two regions, their depots and a continue-as-new chain; region us fails with its depot."""

    @workflow.run
    async def run(self, order_id: str) -> dict:
        outcome = {}
        for region in ("eu", "us"):
            try:
                outcome[region] = await workflow.execute_child_workflow(RegionWorkflow.run, region, id=f"{order_id}-{region}")
            except ChildWorkflowError:
                outcome[region] = "failed"
        return outcome


async def make_family(address: str) -> dict:
    """The family tree's workflows, in the `family` namespace."""
    client = await Client.connect(address, namespace="family", data_converter=CONVERTER)
    queue = "historylens-family"
    async with Worker(client, task_queue=queue, workflows=[FulfilmentWorkflow, RegionWorkflow, DepotWorkflow, BatchWorkflow],
                      activities=[charge], workflow_runner=UnsandboxedWorkflowRunner()):
        handle = await client.start_workflow(FulfilmentWorkflow.run, "family-0042", id="family-0042", task_queue=queue)
        await wait_closed(client, "family-0042")
        for _ in range(100):  # visibility follows the runs by a moment
            runs = [execution async for execution in client.list_workflows("RootWorkflowId='family-0042'")]
            if len(runs) == 10:  # root, 2 regions, 3 depots (boston twice), 3 batch runs
                break
            await asyncio.sleep(0.1)
    return {"workflowId": "family-0042", "runId": handle.result_run_id}


@workflow.defn
class FanOutWorkflow:
    """A parent of `children` depots started at once, for measuring a family trace."""

    @workflow.run
    async def run(self, children: int) -> int:
        prefix = workflow.info().workflow_id
        handles = [await workflow.start_child_workflow(DepotWorkflow.run, f"depot-{i}", id=f"{prefix}-{i}") for i in range(children)]
        for handle in handles:
            await handle
        return children


async def fan_out(address: str, workflow_id: str, children: int) -> None:
    client = await Client.connect(address, namespace="family", data_converter=CONVERTER)
    async with Worker(client, task_queue="historylens-fanout", workflows=[FanOutWorkflow, DepotWorkflow],
                      workflow_runner=UnsandboxedWorkflowRunner(), max_concurrent_workflow_tasks=200):
        await client.start_workflow(FanOutWorkflow.run, children, id=workflow_id, task_queue="historylens-fanout")
        await wait_closed(client, workflow_id, timeout_s=1800)
    print(f"{workflow_id}: {children} children")


async def wait_closed(client: Client, workflow_id: str, timeout_s: int = 60) -> None:
    """Waits by DescribeWorkflowExecution, not by reading history: the Python SDK refuses raw_history answers
    (it asserts there are none), and one of the test servers sends only those."""
    from temporalio.client import WorkflowExecutionStatus

    for _ in range(timeout_s * 10):
        description = await client.get_workflow_handle(workflow_id).describe()
        if description.status not in (WorkflowExecutionStatus.RUNNING, WorkflowExecutionStatus.CONTINUED_AS_NEW):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{workflow_id} did not close within {timeout_s} s")


async def make(address: str, manifest_path: str) -> None:
    client = await Client.connect(address, namespace="default", data_converter=CONVERTER)
    made = []
    async with Worker(client, task_queue=TASK_QUEUE, workflows=[OrderWorkflow, PackingWorkflow, RefundWorkflow, BatchWorkflow, InspectionWorkflow,
                                                                  ApprovalWorkflow],
                      activities=[charge, reserve_stock, notify_fraud_desk, ship, scan_parcel], workflow_runner=UnsandboxedWorkflowRunner()):
        order = await client.start_workflow(OrderWorkflow.run, {"id": "order-0042", "sku": "LAMP-7", "amount": 129.5},
                                            id="order-0042", task_queue=TASK_QUEUE, memo={"customer": "maria@example.com"},
                                            static_summary="Order order-0042: one lamp",
                                            static_details="## Order order-0042\n\n- **LAMP-7** x 1\n- ships to *Lisbon*\n")
        assert await order.execute_update(OrderWorkflow.add_note, "gift wrap, please") == 1
        await order.signal(OrderWorkflow.approve, "maria@example.com")
        await wait_closed(client, "order-0042")
        made.append({"workflowId": "order-0042", "runId": order.result_run_id, "status": "completed"})
        made.append({"workflowId": "order-0042-packing", "runId": "", "status": "completed", "parent": "order-0042"})

        refund = await client.start_workflow(RefundWorkflow.run, "order-0042", id="refund-0042", task_queue=TASK_QUEUE)
        await wait_closed(client, "refund-0042")
        made.append({"workflowId": "refund-0042", "runId": refund.result_run_id, "status": "failed"})

        inspection = await client.start_workflow(InspectionWorkflow.run, 3, id="inspect-0042", task_queue=TASK_QUEUE)
        # Running and blocked on a signal: a worker started by a test answers its __stack_trace query.
        await client.start_workflow(ApprovalWorkflow.run, "order-0042", id="approval-0042", task_queue=TASK_QUEUE)
        for _ in range(300):  # until the first attempt failed and the retry waits its hour
            pending = (await inspection.describe()).raw_description.pending_activities
            if pending and pending[0].HasField("last_failure"):
                break
            await asyncio.sleep(0.1)
        made.append({"workflowId": "inspect-0042", "runId": inspection.result_run_id, "status": "running"})

        batch = await client.start_workflow(BatchWorkflow.run, 0, id="batch-7", task_queue=TASK_QUEUE)
        await wait_closed(client, "batch-7")
        made.append({"workflowId": "batch-7", "runId": "", "status": "completed", "continuedAsNew": 2})

    # A workflow no worker serves: it stays running, so a test can follow it while it receives signals.
    await client.start_workflow("WatchWorkflow", {"watching": "order-0042"}, id="watch-0042", task_queue="nobody-polls-this")
    made.append({"workflowId": "watch-0042", "runId": "", "status": "running"})
    # Another that no worker serves and no test ends: a running workflow its task queue's warning is about.
    await client.start_workflow("WatchWorkflow", {"watching": "order-0043"}, id="stranded-0042", task_queue="nobody-polls-this")
    pairs = await make_pairs(address)
    family = await make_family(address)
    with open(manifest_path, "w") as out:
        json.dump({"keyId": KEY_ID, "keyText": KEY.decode(), "workflows": made, "compare": pairs, "family": family}, out, indent=2)


async def run_order(client: Client, order: dict, workflow_id: str, task_queue: str) -> str:
    handle = await client.start_workflow(OrderWorkflow.run, order, id=workflow_id, task_queue=task_queue)
    assert await handle.execute_update(OrderWorkflow.add_note, "gift wrap, please") == 1
    await handle.signal(OrderWorkflow.approve, "maria@example.com")
    await wait_closed(client, workflow_id)
    return handle.result_run_id


async def make_pairs(address: str) -> list:
    """Pairs of runs to compare, in the `compare` namespace (so the default one's listings stay as they are)."""
    global BUSY_UNTIL
    from temporalio.api.common.v1 import WorkflowExecution
    from temporalio.api.workflowservice.v1 import ResetWorkflowExecutionRequest

    client = await Client.connect(address, namespace="compare", data_converter=CONVERTER)
    queue = "historylens-compare"
    made = []
    async with Worker(client, task_queue=queue, workflows=[OrderWorkflow, PackingWorkflow, RefundWorkflow, BatchWorkflow],
                      activities=[charge, reserve_stock, notify_fraud_desk, ship], workflow_runner=UnsandboxedWorkflowRunner()):
        lamp = {"id": "order-0042", "sku": "LAMP-7", "amount": 129.5}
        # The same workflow with two inputs.
        made.append({"workflowId": "order-a", "runId": await run_order(client, lamp, "order-a", queue)})
        made.append({"workflowId": "order-b", "runId": await run_order(client, {"id": "order-0043", "sku": "LAMP-7", "amount": 99.0}, "order-b", queue)})
        # The same input, and reserve_stock busy for two more attempts.
        BUSY_UNTIL = 5
        made.append({"workflowId": "order-busy", "runId": await run_order(client, lamp, "order-busy", queue)})
        BUSY_UNTIL = 3
        # A run that fails and one that completes.
        for workflow_id, order_id in (("refund-a", "order-0042"), ("refund-b", "order-0043")):
            handle = await client.start_workflow(RefundWorkflow.run, order_id, id=workflow_id, task_queue=queue)
            await wait_closed(client, workflow_id)
            made.append({"workflowId": workflow_id, "runId": handle.result_run_id})
        # Two identical runs.
        for workflow_id in ("pack-a", "pack-b"):
            handle = await client.start_workflow(PackingWorkflow.run, "order-0042", id=workflow_id, task_queue=queue)
            await wait_closed(client, workflow_id)
            made.append({"workflowId": workflow_id, "runId": handle.result_run_id})
        # A continue-as-new chain of three runs.
        await client.start_workflow(BatchWorkflow.run, 0, id="batch-c", task_queue=queue)
        await wait_closed(client, "batch-c")
        runs = []
        for _ in range(50):  # visibility follows the runs by a moment
            runs = [execution async for execution in client.list_workflows("WorkflowId='batch-c'")]
            if len(runs) == 3:
                break
            await asyncio.sleep(0.1)
        made.append({"workflowId": "batch-c", "runs": [execution.run_id for execution in sorted(runs, key=lambda e: e.start_time)]})
        # A reset run and its original: reset to the first workflow task, so everything after it runs again.
        original = await run_order(client, lamp, "order-reset", queue)
        reset = await client.workflow_service.reset_workflow_execution(ResetWorkflowExecutionRequest(
            namespace="compare", workflow_execution=WorkflowExecution(workflow_id="order-reset", run_id=original),
            reason="historylens comparison test", workflow_task_finish_event_id=4, request_id="historylens-reset-1"))
        await wait_closed(client, "order-reset")
        made.append({"workflowId": "order-reset", "runId": original, "resetRunId": reset.run_id})
    return made


async def signal(address: str, workflow_id: str, name: str, value: str) -> None:
    client = await Client.connect(address, namespace="default", data_converter=CONVERTER)
    await client.get_workflow_handle(workflow_id).signal(name, value)


async def serve(address: str, identity: str, seconds: float) -> None:
    """Polls the tests' task queue for a while, as a worker a developer runs would, under a known identity."""
    strict = dataclasses.replace(CONVERTER, payload_codec=StrictEncryptionCodec())
    client = await Client.connect(address, namespace="default", data_converter=strict, identity=identity)
    async with Worker(client, task_queue=TASK_QUEUE, workflows=[InspectionWorkflow, ApprovalWorkflow], activities=[scan_parcel],
                      workflow_runner=UnsandboxedWorkflowRunner()):
        print("polling", flush=True)
        await asyncio.sleep(seconds)


async def big(address: str, workflow_id: str, events: int) -> None:
    client = await Client.connect(address, namespace="default", data_converter=CONVERTER)
    async with Worker(client, task_queue="historylens-bench", workflows=[InvoiceWorkflow], activities=[price_line],
                      workflow_runner=UnsandboxedWorkflowRunner(), max_concurrent_activities=400):
        handle = await client.start_workflow(InvoiceWorkflow.run, events, id=workflow_id, task_queue="historylens-bench")
        await wait_closed(client, workflow_id, timeout_s=3600)
    length = (await client.get_workflow_handle(workflow_id).describe()).raw_description.workflow_execution_info.history_length
    print(f"{workflow_id}: {length} events")


def main() -> int:
    logging.getLogger("temporalio").setLevel(logging.CRITICAL)  # the failing activities are on purpose
    if len(sys.argv) == 4 and sys.argv[1] == "make":
        asyncio.run(make(sys.argv[2], sys.argv[3]))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "big":
        asyncio.run(big(sys.argv[2], sys.argv[3], int(sys.argv[4])))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "fanout":
        asyncio.run(fan_out(sys.argv[2], sys.argv[3], int(sys.argv[4])))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        asyncio.run(serve(sys.argv[2], sys.argv[3], float(sys.argv[4])))
        return 0
    if len(sys.argv) == 6 and sys.argv[1] == "signal":
        asyncio.run(signal(*sys.argv[2:6]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    code = main()
    # The SDK's native threads can still hold the GIL machinery while the interpreter finalizes, which aborts the
    # process now and then after all the work is done; leave without finalizing.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
