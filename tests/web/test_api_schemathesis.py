"""schemathesis against the generated /api/v1/openapi.json: every operation, called with each
role's token on real objects and on generated ids; no server error, every response conforms
to the document (status, content type, body schema)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from conftest import simple_outline
from webapp.extensions import db
from webapp.services import (
    accounts,
    assembly,
    comments,
    drafting,
    final_documents,
    notifications,
    reports,
)

ROLES = ("admin", "leader", "drafter", "reviewer", "outsider")
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def api_world(app, make_user, make_department):
    """A report with two sections, a comment, a notification and an assembled draft copy;
    a token per role."""
    department = make_department("zonghe")
    make_department("xiangmu")
    users = {
        "admin": make_user("admin"),
        "leader": make_user("leader"),
        "drafter": make_user("drafter", department),
        "reviewer": make_user("reviewer", department),
        "outsider": make_user("drafter", "auto"),
    }
    outline = simple_outline(("总体情况", "今年工作稳中有进。"), ("下一步打算", "继续努力。"))
    report = reports.create_from_outline(outline, users["admin"])
    for section in report.sections:
        section.department = department
    db.session.commit()
    section = report.sections[0]
    drafting.save_revision(section.id, users["drafter"], 1, "今年工作稳中有进，成效明显。")
    comment = comments.add(section.id, users["reviewer"], 2, "请核实", 0, 2)
    notifications.add([users["drafter"]], "assigned", "请起草", f"/sections/{section.id}")
    db.session.commit()
    job = assembly.request_assembly(report.id, users["leader"], ["txt", "md"], draft=True)
    assembly.run_job(job.id)
    document = final_documents.job_status(job.id, users["leader"]).documents[0]
    tokens = {role: accounts.issue_token(user.username) for role, user in users.items()}
    ids = {
        "report_id": report.id,
        "section_id": section.id,
        "comment_id": comment.id,
        "job_id": job.id,
        "document_id": document.id,
        "notification_id": notifications.list_for(users["drafter"], 1)[0].id,
    }
    return tokens, ids


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_conforms_for_every_role(app, api_world):
    tokens, ids = api_world
    operations = _operations(app)
    documented = app.test_client().get("/api/v1/openapi.json").json["paths"]
    # schemathesis leaves out the document it was loaded from.
    assert len(operations) == sum(len(item) for item in documented.values()) - 1

    def call_as(case, role: str) -> None:
        # Left out: the auth probe (our explicit token rides along on its no-auth requests;
        # tests/web/test_api_auth.py covers 401s) and "schema-valid data is accepted" (a
        # business rule — base revision beyond the head, four-eyes — answers 422 by design).
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        case.call_and_validate(
            headers=headers, excluded_checks=[ignored_auth, positive_data_acceptance]
        )

    def call_as_every_role(case) -> None:
        call_as(case, "drafter")
        for name in case.path_parameters or {}:
            if name in ids:
                case.path_parameters[name] = ids[name]
        for role in ROLES:
            call_as(case, role)

    for operation in operations:
        run = settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )(given(case=operation.as_strategy())(call_as_every_role))
        run()


def test_stateful_runs_follow_the_links(app, api_world):
    """Chains of calls along the OpenAPI links (outline → section → save → diff/review …)."""
    tokens, _ = api_world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    machine = schema.as_state_machine()

    class AsAdmin(machine):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {tokens['admin']}"}}

        def validate_response(self, response, case, **kwargs):
            case.validate_response(
                response, excluded_checks=[ignored_auth, positive_data_acceptance]
            )

    run_state_machine_as_test(
        AsAdmin,
        settings=settings(
            max_examples=15,
            deadline=None,
            stateful_step_count=6,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
