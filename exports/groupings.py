"""The fields a workbook breaks responses down by: event, province, district, and
select_one questions such as sex or kind of organisation.

Each grouping turns a response into a value (a hashable key) and later into a label for
the crosstab rows. Event, province and district are always computed, because the open
answers are listed with them; the caller chooses which groupings get a crosstab sheet.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Hashable

from forms.definition import text_in

from .columns import Field, Table
from .records import ResponseRecord

#: Questions used as grouping fields by default when a form has them (select_one only).
DEFAULT_GROUP_QUESTIONS = ("sex", "gender", "organisation_kind", "organization_kind", "org_kind",
                           "organisation_type", "level", "sector")
NO_VALUE_LABEL = {"lo": "(ບໍ່ມີຄຳຕອບ)", "en": "(no answer)"}
GROUPING_LABELS = {
    "event": {"lo": "ກິດຈະກຳ", "en": "Event"},
    "province": {"lo": "ແຂວງ", "en": "Province"},
    "district": {"lo": "ເມືອງ", "en": "District"},
}


@dataclass
class Grouping:
    """A field responses are broken down by: the event, a place, or a select_one question."""

    key: str
    label: dict
    value_of: Callable[[ResponseRecord], Hashable]
    #: Display label of each value (choice labels; event titles are added while streaming).
    value_labels: dict = field(default_factory=dict)
    #: Values in display order when known in advance (a question's choices).
    order: list = field(default_factory=list)
    #: The grouping this one lies within (a district's province): values are then
    #: (outer value, own value), so that two districts of one name in two provinces stay apart.
    within: "Grouping | None" = None

    def label_of(self, value, language: str) -> str:
        """The value's label; within another grouping, followed by the outer one's: "Xaybouathong (Khammouane)"."""
        if value is None:
            return text_in(NO_VALUE_LABEL, language)
        if self.within is None:
            return self._own_label(value, language)
        outer, own = value
        if outer is None:
            return self._own_label(own, language)
        return f"{self._own_label(own, language)} ({self.within.label_of(outer, language)})"

    def short_label_of(self, value, language: str) -> str:
        """The value's own label, without the outer grouping's (for a table that shows both)."""
        if value is None or self.within is None:
            return self.label_of(value, language)
        return self._own_label(value[1], language)

    def _own_label(self, value, language: str) -> str:
        found = self.value_labels.get(value)
        if isinstance(found, dict):
            return text_in(found, language) or str(value)
        return found or str(value)

    def sorted_values(self, values) -> list:
        rank = {v: i for i, v in enumerate(self.order)}
        if self.within is None:
            return sorted(values, key=lambda v: (v is None, rank.get(v, len(rank)), str(v)))
        outer = {v: i for i, v in enumerate(self.within.sorted_values({v[0] for v in values if v}))}
        return sorted(values, key=lambda v: (v is None, outer[v[0]] if v else 0,
                                             rank.get(v[1], len(rank)) if v else 0, str(v)))


def _place_getter(name: str, question_exists: bool):
    """The answer to the province/district question when the form has one and it was
    answered (the participant's own place), else the event's."""
    if question_exists:
        return lambda r: r.answers.get(name) or getattr(r.event, name) or None
    return lambda r: getattr(r.event, name) or None


def _district_getter(district, province):
    """(province, district) of a response, or None when it names no district."""
    def value_of(record):
        own = district(record)
        return None if own is None else (province(record), own)
    return value_of


def make_groupings(main: Table, group_by: list[str] | None) -> tuple[list[Grouping], list[Grouping]]:
    """(all groupings, those asked for): event, province, district always come first.

    ``group_by`` names the crosstab groupings (``event``, ``province``, ``district`` or a
    top-level select_one question); None means the three places plus every question of
    :data:`DEFAULT_GROUP_QUESTIONS` the form has.
    """
    fields = {f.name: f for f in main.fields}
    event_titles: dict = {}
    event_order: list = []  # events are listed in the order their first response came

    def event_key(record):
        event = record.event
        key = event.id if event.id is not None else (event.title or None)
        if key is not None and key not in event_titles:
            event_titles[key] = event.title or str(key)
            event_order.append(key)
        return key

    groupings = [Grouping("event", GROUPING_LABELS["event"], event_key, event_titles, event_order)]
    places = {}
    for place in ("province", "district"):
        question = fields.get(place)
        labels = {c.name: c.label for c in question.choices} if question else {}
        places[place] = Grouping(place, GROUPING_LABELS[place], _place_getter(place, question is not None),
                                 labels, list(labels))
    province = places["province"]
    district = replace(places["district"], within=province,
                       value_of=_district_getter(places["district"].value_of, province.value_of))
    groupings += [province, district]
    wanted = list(group_by) if group_by is not None else (
        ["event", "province", "district"] + [n for n in DEFAULT_GROUP_QUESTIONS if n in fields])
    for name in wanted:
        if name in ("event", "province", "district"):
            continue
        question = fields.get(name)
        if question is None or question.kind != "select_one":
            raise ValueError(f"Cannot group by {name!r}: not a top-level select_one question.")
        groupings.append(Grouping(name, _all_labels(question) or {"en": name},
                                  lambda r, n=name: r.answers.get(n),
                                  {c.name: c.label for c in question.choices},
                                  [c.name for c in question.choices]))
    chosen = [g for g in groupings if g.key in wanted]
    return groupings, chosen


def _all_labels(f: Field) -> dict:
    merged: dict = {}
    for text in reversed(f.labels):
        if isinstance(text, dict):
            merged.update(text)
    return merged
