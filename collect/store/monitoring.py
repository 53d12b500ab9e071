"""The grouped counts the monitoring page shows, each one query over a form's live responses."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import func

from ..extensions import db
from .models import Event, Response
from .responses import ResponseFilter, live_responses


def per_day(form_id: int) -> Counter[str]:
    """Responses per day submitted (ISO date text)."""
    day = func.date(Response.submitted_at)
    rows = db.session.execute(live_responses(form_id, ResponseFilter(), day, func.count()).group_by(day))
    return Counter({str(value): n for value, n in rows if value is not None})


def per_event(form_id: int) -> Counter[int | None]:
    rows = db.session.execute(live_responses(form_id, ResponseFilter(), Response.event_id, func.count())
                              .group_by(Response.event_id))
    return Counter(dict(rows.all()))


def per_place(form_id: int):
    """Rows of (answer_province, answer_district, province, district, responses): the
    participant's answers and the event's place, counted together."""
    answer_province = Response.answers["province"].as_string().label("answer_province")
    answer_district = Response.answers["district"].as_string().label("answer_district")
    query = live_responses(form_id, ResponseFilter(), answer_province, answer_district,
                           Event.province_code.label("province"), Event.district_code.label("district"),
                           func.count().label("responses"))
    return list(db.session.execute(query.group_by(answer_province, answer_district, Event.province_code,
                                                  Event.district_code)))
