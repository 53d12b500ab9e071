"""What organisers see of their forms: versions, links and how many responses arrived."""
from __future__ import annotations

from forms.definition import text_in

from ..store import form_versions, links, responses


def summaries(language: str = "en") -> list[dict]:
    counts = responses.counts_per_form()
    per_link = responses.counts_per_link()
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
            "responses": counts.get(form.id, 0),
            "links": [{"slug": link.slug, "is_open": link.is_open, "responses": per_link.get(link.id, 0),
                       "event": link.event.title(language) if link.event else None}
                      for link in all_links if link.form_id == form.id],
        })
    return result
