"""What organisers see of their forms: versions, links and how many responses arrived."""
from __future__ import annotations

from collections import Counter

from flask import current_app

from forms.definition import text_in

from ..store import form_versions, links
from ..store.tallies import Tally


def live_counts() -> Counter:
    """Live responses per (form version id, link id), from this app's tally."""
    return current_app.extensions.setdefault("collect.tally", Tally()).live()


def summaries(language: str = "en") -> list[dict]:
    tally = live_counts()
    per_version, per_link = Counter(), Counter()
    for (version_id, link_id), n in tally.items():
        per_version[version_id] += n
        per_link[link_id] += n
    all_links = links.links_of_forms()
    result = []
    for form in form_versions.all_forms():
        current = form.current_version
        result.append({
            "id": form.id,
            "form_id": form.form_id,
            "title": text_in(current.definition.get("title"), language, ["en", "lo"]),
            "versions": [v.version for v in form.versions],
            "current_version": current.version,
            "responses": sum(per_version[v.id] for v in form.versions),
            "links": [{"slug": link.slug, "is_open": link.is_open, "responses": per_link.get(link.id, 0),
                       "event": link.event.title(language) if link.event else None}
                      for link in all_links if link.form_id == form.id],
        })
    return result
