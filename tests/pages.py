"""Helpers for tests that fill the demo form as a participant would."""
import re

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
