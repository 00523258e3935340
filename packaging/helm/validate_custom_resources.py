#!/usr/bin/env python3
"""Validates the custom resources in rendered manifests against the CRDs that define them.

kubernetes-validate knows the built-in kinds only; a ServiceMonitor or a Certificate it passes over. This reads each
CRD's openAPIV3Schema (as the Prometheus Operator and cert-manager publish them) and checks every object of that
kind with jsonschema, strictly: a property the schema does not name is an error, as kubectl --validate=strict makes
it, unless the schema keeps unknown fields (x-kubernetes-preserve-unknown-fields).

  validate_custom_resources.py CRD_DIR MANIFEST...

Exits 1 naming each object and path that does not validate, or a custom resource whose CRD is not in CRD_DIR.
"""
import pathlib
import sys

import jsonschema
import yaml


def strict(schema):
    """The schema with additionalProperties false wherever it lists properties and keeps no unknown fields."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if ("properties" in schema and "additionalProperties" not in schema
                and not schema.get("x-kubernetes-preserve-unknown-fields")):
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


def load_crds(folder):
    schemas = {}
    for path in sorted(pathlib.Path(folder).glob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                # metadata is the API server's; the CRD leaves it open.
                schema.setdefault("properties", {})["metadata"] = {"type": "object"}
                schema["properties"]["apiVersion"] = {"type": "string"}
                schema["properties"]["kind"] = {"type": "string"}
                schemas[(f"{group}/{version['name']}", kind)] = schema
    return schemas


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schemas = load_crds(sys.argv[1])
    failures = checked = 0
    for manifest in sys.argv[2:]:
        for document in yaml.safe_load_all(pathlib.Path(manifest).read_text()):
            if not document:
                continue
            api, kind = document.get("apiVersion", ""), document.get("kind", "")
            if "/" not in api or api.split("/")[0].endswith(".k8s.io") or "." not in api.split("/")[0]:
                continue  # a built-in kind: kubernetes-validate's part
            name = f"{manifest}: {kind} {document.get('metadata', {}).get('name', '?')}"
            schema = schemas.get((api, kind))
            if schema is None:
                print(f"ERROR {name}: no CRD for {api} {kind} in {sys.argv[1]}")
                failures += 1
                continue
            checked += 1
            errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=lambda e: list(e.path))
            for error in errors:
                print(f"ERROR {name}: {'.'.join(str(p) for p in error.path) or '(top)'}: {error.message}")
            failures += len(errors)
            if not errors:
                print(f"OK {name} against its CRD")
    print(f"{checked} custom resources checked, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
