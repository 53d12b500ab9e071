"""Every broken workbook of the forms/ error table, uploaded through the API, is refused with
its issue (sheet, row, column) in the organiser's language and leaves the database as it was."""
import importlib.util
import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from collect.extensions import db
from collect.store.models import AuditEntry, Form, FormVersion, Role

FORMS_TESTS = Path(__file__).parent / "forms"


def _error_table() -> dict:
    sys.path.insert(0, str(FORMS_TESTS))  # the table module imports its helpers by name
    try:
        spec = importlib.util.spec_from_file_location("xlsform_error_table", FORMS_TESTS / "test_xlsform_errors.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.CASES
    finally:
        sys.path.remove(str(FORMS_TESTS))


CASES = _error_table()


@pytest.mark.parametrize("source, expected", CASES.values(), ids=CASES.keys())
def test_broken_upload_is_refused_and_changes_nothing(app, client, make_token, source, expected):
    code, sheet, row, column, _ = expected
    headers = make_token(Role.ORGANISER)
    response = client.post("/api/v1/forms?lang=lo", headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(source), "broken.xlsx")})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_form"
    assert any(ch >= "\u0e80" and ch <= "\u0eff" for ch in error["message"])  # Lao, as asked
    issue = error["details"]["issues"][0]
    assert (issue["code"], issue["sheet"], issue["row"], issue["column"]) == (code, sheet, row, column)
    assert issue["message"] == issue["message_lo"]
    with app.app_context():
        assert [db.session.scalar(select(func.count()).select_from(model))
                for model in (Form, FormVersion, AuditEntry)] == [0, 0, 0]


def test_the_table_has_at_least_twenty_kinds_of_broken_workbook():
    assert len(CASES) >= 20
