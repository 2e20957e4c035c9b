"""An independent fuzzer holds the API to its own OpenAPI document: schemathesis with every check
against the demo, with an area manager's key. Any failure (an answer outside its schema, a 5xx, an
undocumented status or content type, a schema-valid request refused, HTML instead of JSON) fails
the suite. The number of examples is bounded so the run stays well under a minute."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import CHECKS

from planner.api.services import issue_token
from planner.extensions import db

# API_FUZZ_EXAMPLES=30 for the issue's own run (30 per operation); the suite keeps to 12.
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


@pytest.fixture
def manager_headers(demo):
    _, secret = issue_token(demo.users["manager"], "schemathesis")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_every_operation_keeps_its_documented_word(app, manager_headers):
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checks = CHECKS.get_all()
    failures = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 13
    for operation in operations:

        @given(case=operation.as_strategy())
        @SETTINGS
        def fuzz(case):
            case.call_and_validate(headers=manager_headers, checks=checks)

        try:
            fuzz()
        except Exception as error:  # every operation is run; the report names each that failed
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)


def test_the_fuzzer_follows_list_items_to_their_details(app, manager_headers):
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    called = set()

    class Workflow(api.as_state_machine()):
        def get_call_kwargs(self, case):
            called.add(case.operation.label)
            return {"headers": manager_headers}

        def validate_response(self, response, case, additional_checks=(), **kwargs):
            case.validate_response(response, checks=CHECKS.get_all(), headers=manager_headers)

    Workflow.run(settings=settings(SETTINGS, max_examples=EXAMPLES, stateful_step_count=4))
    # The links were followed: from a list to the detail of one of its items.
    assert any(label.endswith("}") for label in called), called
