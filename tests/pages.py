"""Helpers for tests that fill the demo form as a participant would."""
import re
import uuid

from sqlalchemy import select

from collect.extensions import db
from collect.store.models import Response

SLUG = "psi-aug-2019"
LAO_COMMENT = "ກອງປະຊຸມດີຫຼາຍ ແຕ່ຄວນມີເວລາປຶກສາຫາລືຫຼາຍກວ່ານີ້ =1+1"


def form_fields(html: str) -> dict:
    return dict(re.findall(r'name="(_[a-z_]+)" value="([^"]*)"', html))


def valid_post(page_html: str, **answers) -> dict:
    data = form_fields(page_html)
    data.update({"organisation_kind": "local_gov", "sex": "female", "overall": "4",
                 "content": "5", "organisation": "4", "useful_parts": ["discussion", "documents"],
                 "participants_from_org": "3", "comments": LAO_COMMENT})
    data.update(answers)
    return data


def json_payload(**answers) -> dict:
    """A valid JSON submission of the demo satisfaction form, under a new UUID."""
    return {"uuid": str(uuid.uuid4()), "version": "2019.1", "language": "lo",
            "answers": {"organisation_kind": "dp", "overall": "5", "content": "4", "organisation": "4",
                        "comments": LAO_COMMENT, **answers}}


def stored(app) -> list[Response]:
    """Every stored response, oldest first."""
    with app.app_context():
        return db.session.scalars(select(Response).order_by(Response.id)).all()
