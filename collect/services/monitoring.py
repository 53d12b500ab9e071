"""Watching answers arrive: responses per day and per event, and which of the 18 provinces
(and their districts) they came from — and where none did.

A response's province is the participant's own answer when the form asks for one (a
top-level select_one called ``province``, as the consultation and seminar templates do),
else the province of the event it was given at — the reports' rule. Its district is the
participant's ``district`` answer (the templates name districts without their province:
``chanthabuly`` is ``LA-VT-chanthabuly``), else the event's.
"""
from __future__ import annotations

from collections import Counter

from ..store import monitoring, reference
from ..store.form_versions import definition_of
from ..store.models import EventKind, Form
from .events import get_event


def _asked(form: Form) -> set[str]:
    """Which of province and district the form asks participants itself."""
    return {q.name for version in form.versions for q in definition_of(version).answer_questions()
            if q.name in ("province", "district") and q.type == "select_one"}


def _place(row, asked: set[str], provinces: set[str]) -> tuple[str | None, str | None]:
    province = row.answer_province if "province" in asked and row.answer_province in provinces else row.province
    district = row.district
    if "district" in asked and row.answer_district:
        district = row.answer_district if row.answer_district.startswith("LA-") else f"{province}-{row.answer_district}"
    return province, district


def overview(form: Form, language: str) -> dict:
    """Counts of the form's live responses by day, by event, by province and by district."""
    by_day = monitoring.per_day(form.id)
    per_event = monitoring.per_event(form.id)
    events = {event_id: get_event(event_id) for event_id in per_event if event_id is not None}
    asked = _asked(form)
    all_provinces = reference.all_provinces()
    codes = {p.code for p in all_provinces}
    province_names = {p.code: p.name_lo if language == "lo" else p.name_en for p in all_provinces}
    provinces, districts = Counter(), Counter()
    for row in monitoring.per_place(form.id):
        province, district = _place(row, asked, codes)
        provinces[province] += row.responses
        districts[district] += row.responses
    consultation = "district" in asked or any(e.kind == EventKind.LOCAL_CONSULTATION for e in events.values())
    return {
        "total": sum(by_day.values()),
        "by_day": [{"day": day, "responses": n} for day, n in sorted(by_day.items())],
        "by_event": [{"event_id": event_id, "title": events[event_id].title(language) if event_id else "",
                      "date": events[event_id].date if event_id else None, "responses": n}
                     for event_id, n in sorted(per_event.items(), key=lambda item: -item[1])],
        "provinces": [{"code": p.code, "name": p.name_lo if language == "lo" else p.name_en,
                       "responses": provinces.get(p.code, 0)} for p in all_provinces],
        "districts": [{"code": d.code, "province_code": d.province_code, "name": d.name(language),
                       "province_name": province_names[d.province_code], "responses": districts.get(d.code, 0)}
                      for d in reference.all_districts()] if consultation else [],
    }
