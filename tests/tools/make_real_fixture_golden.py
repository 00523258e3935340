#!/usr/bin/env python3
"""Writes tests/data/real-fixtures.tsv: for each real history fixture, its event count and event types.

It reads the fixtures independently of HistoryLens: JSON with Python's json module, binary files with
`protoc --decode_raw`, and event type numbers from the Temporal API's event_type.proto.

Usage: make_real_fixture_golden.py FIXTURE_DIR TEMPORAL_API_DIR > tests/data/real-fixtures.tsv
"""
import gzip
import json
import os
import re
import subprocess
import sys


def event_type_numbers(api_dir):
    text = open(os.path.join(api_dir, "temporal/api/enums/v1/event_type.proto")).read()
    numbers = {name: int(num) for name, num in re.findall(r"\b(EVENT_TYPE_[A-Z_]+)\s*=\s*(\d+);", text)}
    for name, num in list(numbers.items()):
        pascal = "".join(part.capitalize() for part in name[len("EVENT_TYPE_"):].split("_"))
        numbers[pascal] = num
    return numbers


def json_events(doc):
    if isinstance(doc, dict):
        if "events" in doc:
            return doc["events"]
        return doc["history"]["events"]
    events = []
    for item in doc:
        events.extend(json_events(item) if isinstance(item, dict) and ("events" in item or "history" in item) else [item])
    return events


def binary_types(path):
    raw = subprocess.run(["protoc", "--decode_raw"], stdin=open(path, "rb"), capture_output=True, check=True).stdout
    types, depth, in_event = [], 0, False
    for line in raw.decode().splitlines():
        stripped = line.strip()
        if depth == 0 and stripped == "1 {":
            in_event, ids = True, None
        if in_event and depth == 1 and stripped.startswith("3: "):
            types.append((ids, int(stripped[3:])))
        if in_event and depth == 1 and stripped.startswith("1: "):
            ids = int(stripped[3:])
        depth += stripped.endswith("{") - (stripped == "}")
    return [t for _, t in sorted(types)]


def main():
    fixture_dir, api_dir = sys.argv[1], sys.argv[2]
    numbers = event_type_numbers(api_dir)
    for name in sorted(os.listdir(fixture_dir)):
        path = os.path.join(fixture_dir, name)
        if name.endswith(".bin"):
            types = binary_types(path)
        elif name.endswith(".json") or name.endswith(".json.gz"):
            opener = gzip.open if name.endswith(".gz") else open
            events = json_events(json.load(opener(path, "rt")))
            events.sort(key=lambda e: int(e.get("eventId", e.get("event_id", 0))))
            types = [numbers.get(e.get("eventType"), 0) for e in events]
        else:
            continue
        print(f"{name}\t{len(types)}\t{','.join(map(str, types))}")


if __name__ == "__main__":
    main()
