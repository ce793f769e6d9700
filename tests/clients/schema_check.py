"""Validates API responses against the Mastodon OpenAPI description (its JSON Schema components).

Usage: python schema_check.py SCHEMA_JSON < cases.json
cases.json: [{"component": "Account", "value": {...}}, ...]. Prints one JSON object:
{"checked": N, "errors": [{"component": ..., "path": ..., "message": ...}]}.
The OpenAPI 3.1 document's schemas are JSON Schema 2020-12; "$ref"s resolve inside the document.
"""

import json
import sys

from jsonschema import Draft202012Validator

with open(sys.argv[1], encoding="utf-8") as f:
    document = json.load(f)
cases = json.load(sys.stdin)
errors = []
for case in cases:
    schema = {"$ref": f"#/components/schemas/{case['component']}", "components": document["components"]}
    validator = Draft202012Validator(schema)
    for error in validator.iter_errors(case["value"]):
        errors.append(
            {
                "component": case["component"],
                "path": "/".join(str(p) for p in error.absolute_path),
                "message": error.message[:300],
            }
        )
print(json.dumps({"checked": len(cases), "errors": errors}))
