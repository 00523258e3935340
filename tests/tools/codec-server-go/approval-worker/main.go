// A workflow served by a worker of the Go SDK, for the call stack tests: the Go SDK answers __stack_trace with every
// coroutine's goroutine stack, file and line, so the line the workflow waits on is named.
//
//	approval-worker -address HOST:PORT -workflow-id ID [-namespace NS] [-task-queue Q] [-seconds N]
//
// Starts ApprovalWorkflow under the id (unless it is running already), then serves it for N seconds; prints "polling"
// once the worker has started.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// ApprovalWorkflow waits for someone to approve the order.
func ApprovalWorkflow(ctx workflow.Context, orderID string) (string, error) {
	var who string
	workflow.GetSignalChannel(ctx, "approve").Receive(ctx, &who) // blocked here until approved
	return fmt.Sprintf("%s approved by %s", orderID, who), nil
}

func main() {
	address := flag.String("address", "127.0.0.1:7233", "the frontend")
	namespace := flag.String("namespace", "default", "namespace")
	taskQueue := flag.String("task-queue", "historylens-go", "task queue")
	workflowID := flag.String("workflow-id", "", "the workflow to start and serve")
	seconds := flag.Int("seconds", 60, "how long to serve")
	flag.Parse()
	c, err := client.Dial(client.Options{HostPort: *address, Namespace: *namespace, Identity: "approval-worker@go"})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if *workflowID != "" {
		_, err = c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{
			ID: *workflowID, TaskQueue: *taskQueue,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		}, ApprovalWorkflow, "order-7")
		if err != nil {
			log.Fatal(err)
		}
	}
	w := worker.New(c, *taskQueue, worker.Options{})
	w.RegisterWorkflow(ApprovalWorkflow)
	if err := w.Start(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("polling")
	time.Sleep(time.Duration(*seconds) * time.Second)
	w.Stop()
}
