"""What organisers and analysts see of their forms: versions, links, how many responses
arrived and when the last one did — without counting the response table (see
``collect/store/tallies.py``)."""
from __future__ import annotations

from collections import Counter

from forms.definition import text_in

from ..store import links, per_database, responses
from ..store.models import Form, User
from ..store.tallies import Tally
from .links import state
from .publishing import visible_forms


def live_counts() -> tuple[Counter, dict]:
    """Live responses per (form version id, link id) and each key's last response id,
    from this app's tally."""
    return per_database("tally", Tally).live()


def summaries(reader: User, language: str = "en", forms: list[Form] | None = None) -> list[dict]:
    """The forms ``reader`` may see (or ``forms``), each with its versions, links, count of
    live responses and the time of its last submission."""
    tally, last = live_counts()
    per_version, per_link, last_of_version = Counter(), Counter(), {}
    for (version_id, link_id), n in tally.items():
        per_version[version_id] += n
        per_link[link_id] += n
    for (version_id, _), response_id in last.items():
        last_of_version[version_id] = max(last_of_version.get(version_id, 0), response_id)
    forms = visible_forms(reader) if forms is None else forms
    arrived = responses.received_at_of([last_of_version[v.id] for form in forms for v in form.versions
                                        if v.id in last_of_version])
    all_links = links.links_of_forms([form.id for form in forms])
    result = []
    for form in forms:
        current = form.current_version
        last_ids = [last_of_version[v.id] for v in form.versions if v.id in last_of_version]
        result.append({
            "id": form.id,
            "form_id": form.form_id,
            "title": text_in(current.definition.get("title"), language, ["en", "lo"]),
            "swg": form.swg.code if form.swg else None,
            "swg_name": form.swg.name(language) if form.swg else "",
            "versions": [{"version": v.version, "created_at": v.created_at} for v in reversed(form.versions)],
            "current_version": current.version,
            "responses": sum(per_version[v.id] for v in form.versions),
            "last_submission": arrived.get(max(last_ids)) if last_ids else None,
            "links": [{"slug": link.slug, "state": state(link), "is_open": link.is_open,
                       "responses": per_link.get(link.id, 0),
                       "event": link.event.title(language) if link.event else None}
                      for link in all_links if link.form_id == form.id],
        })
    return result
