"""The SWG report sheet: the one table a Sector Working Group report needs, by form kind.

``FormDefinition.report`` picks it. Each report reads its questions by *name*, so a form
gets the table by following these conventions (a question that is missing just leaves
its column empty):

``satisfaction`` — meeting satisfaction survey (seed 004)
    ``overall``: select_one Likert question (else the form's first Likert question).
    One row per event: Sub-sector meeting (event title) | Theme (event theme) | Overall
    satisfaction (% of answers in the top two boxes, the last two choices of the list,
    e.g. 4 and 5 of 1..5) | n.

``capacity`` — capacity needs assessment (seed 004: category, finding, recommendation,
proposed action, urgency). Either flat, one group of questions per category ``<cat>``
(the built-in ``capacity_assessment`` template):
    ``<cat>_score`` (select_one with numeric choice names, or a number; a calculate such
    as ``average_score`` is not a category), ``<cat>_finding``, ``<cat>_recommendation``,
    ``<cat>_action`` (text), ``<cat>_urgency`` (select_one); the category's label is
    that of the group named ``<cat>``, else that of ``<cat>_score``;
or a repeat holding ``category`` (select_one or text), ``score``, ``finding``,
``recommendation``, ``action``, ``urgency``. Table: Category | Mean score | n | Findings
| Recommendations | Proposed actions | Urgency (the level chosen most often; a tie goes
to the more urgent, i.e. earlier, choice — lists run Immediate, Short-term,
Medium-term). Distinct texts are listed in one cell each, up to Excel's cell limit.

``sdg_seminar`` — SDG localisation seminar knowledge checks (``sdg_seminar`` template):
    ``pre_score``, ``post_score`` (numbers or calculates), ``level`` (select_one:
    province / district / village staff), ``province``. Tables by province and by
    level: n and mean of pre and post, and the learning gain (mean of post − pre over
    responses that have both) in points and as % of the paired pre mean.

``consultation`` — pre-RTM local consultations (``pre_rtm_consultation`` template):
    ``priorities`` (rank: the first of k choices earns k points, the last 1; or
    select_multiple / select_one: 1 point per mention), ``sector`` (select_one),
    ``province``, ``district``, and ``challenge`` (or ``challenges``: text, top level or
    in a repeat, with ``proposal`` beside it; in a repeat, the instance's
    ``topic_sector`` is its sector when answered). Tables: priorities ranked by province
    and by sector (rank | priority | points | mentions), then every challenge with its
    province, district, sector and proposal.

Province and district are the answers to the ``province`` / ``district`` questions when
the form has them and they were answered, else the event's.

All reports accumulate in the same streaming pass as the rest of the workbook; texts go
to a temporary file (see :class:`exports.aggregate.TextBuffer`).
"""
from __future__ import annotations

from forms.definition import FormDefinition, text_in

from .aggregate import TextBuffer, instances
from .columns import Field, Table
from .records import ResponseRecord
from .sheet import Cursor
from .stats import top_two
from .values import number_or_none

_CELL_LIMIT = 32000

LABELS = {
    "meeting": {"lo": "ກອງປະຊຸມຂອງໜ່ວຍງານຍ່ອຍ", "en": "Sub-sector meeting"},
    "theme": {"lo": "ຫົວຂໍ້", "en": "Theme"},
    "overall": {"lo": "ລະດັບຄວາມເພິ່ງພໍໃຈ", "en": "Overall satisfaction"},
    "satisfaction_title": {"lo": "ການປະເມີນຄວາມເພິ່ງພໍໃຈ", "en": "Satisfaction survey results"},
    "category": {"lo": "ປະເພດ", "en": "Category"},
    "mean_score": {"lo": "ຄະແນນສະເລ່ຍ", "en": "Mean score"},
    "findings": {"lo": "ສິ່ງທີ່ຄົ້ນພົບ", "en": "Findings"},
    "recommendations": {"lo": "ຂໍ້ແນະນຳ", "en": "Recommendations"},
    "actions": {"lo": "ສະເໜີແຜນຕໍ່ໜ້າ", "en": "Proposed actions"},
    "urgency": {"lo": "ຄວາມເລັ່ງດ່ວນ", "en": "Urgency"},
    "capacity_title": {"lo": "ການປະເມີນຄວາມຕ້ອງການດ້ານຄວາມສາມາດ", "en": "Capacity needs assessment"},
    "province": {"lo": "ແຂວງ", "en": "Province"},
    "district": {"lo": "ເມືອງ", "en": "District"},
    "level": {"lo": "ຂັ້ນ", "en": "Level"},
    "sector": {"lo": "ຂະແໜງການ", "en": "Sector"},
    "n_pre": {"lo": "n ກ່ອນ", "en": "n pre"},
    "pre": {"lo": "ຄະແນນກ່ອນ", "en": "Pre score"},
    "n_post": {"lo": "n ຫຼັງ", "en": "n post"},
    "post": {"lo": "ຄະແນນຫຼັງ", "en": "Post score"},
    "n_paired": {"lo": "n ຄູ່", "en": "n paired"},
    "gain": {"lo": "ຄວາມຮູ້ເພີ່ມຂຶ້ນ", "en": "Learning gain"},
    "gain_pct": {"lo": "% ເພີ່ມຂຶ້ນ", "en": "Gain %"},
    "sdg_title": {"lo": "ຜົນການທົດສອບກ່ອນ ແລະ ຫຼັງສຳມະນາ", "en": "Pre- and post-seminar scores"},
    "by_province": {"lo": "ແຍກຕາມແຂວງ", "en": "By province"},
    "by_level": {"lo": "ແຍກຕາມຂັ້ນ", "en": "By level"},
    "by_sector": {"lo": "ແຍກຕາມຂະແໜງການ", "en": "By sector"},
    "rank": {"lo": "ອັນດັບ", "en": "Rank"},
    "priority": {"lo": "ບຸລິມະສິດ", "en": "Priority"},
    "points": {"lo": "ຄະແນນ", "en": "Points"},
    "mentions": {"lo": "ຈຳນວນເທື່ອ", "en": "Mentions"},
    "priorities_title": {"lo": "ບຸລິມະສິດ", "en": "Priorities"},
    "challenges": {"lo": "ສິ່ງທ້າທາຍ", "en": "Challenges"},
    "proposal": {"lo": "ຂໍ້ສະເໜີ", "en": "Proposal"},
    "total": {"lo": "ລວມ", "en": "Total"},
    "none": {"lo": "(ບໍ່ມີ)", "en": "(none)"},
}


def _t(key: str, language: str) -> str:
    return text_in(LABELS[key], language, ["en"])


def _choice_labels(field: Field | None, language: str) -> dict:
    return {c.name: field.choice_label(c, language) for c in field.choices} if field else {}


def _place(record: ResponseRecord, name: str):
    return record.answers.get(name) or getattr(record.event, name) or None


class Report:
    """Accumulates what one report table needs, then writes it on its own sheet."""

    def __init__(self, form: FormDefinition, tables: list[Table], language: str):
        self.form = form
        self.language = language
        self.fields = {f.name: f for t in tables for f in t.fields}
        self.tables = tables

    def add(self, record: ResponseRecord) -> None:
        raise NotImplementedError

    def write(self, ws, formats) -> None:
        """Fill the worksheet ``ws`` (added before the data sheets, so it comes first)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release temporary files."""


class SatisfactionReport(Report):
    def __init__(self, form, tables, language):
        super().__init__(form, tables, language)
        overall = self.fields.get("overall")
        if overall is None:
            overall = next((f for f in tables[0].fields if f.is_likert), None)
        self.question = overall
        self.top = top_two(overall) if overall else set()
        #: event key -> [EventInfo, answered, top two, order of first appearance]
        self.events: dict = {}

    def add(self, record):
        event = record.event
        key = event.id if event.id is not None else event.title
        entry = self.events.get(key)
        if entry is None:
            entry = self.events[key] = [event, 0, 0, len(self.events)]
        value = record.answers.get(self.question.name) if self.question else None
        if value is not None:
            entry[1] += 1
            entry[2] += str(value) in self.top

    def write(self, ws, formats):
        lang = self.language
        ws.set_column(0, 1, 45)
        ws.set_column(2, 3, 16)
        c = Cursor(ws, formats)
        c.heading(_t("satisfaction_title", lang))
        c.header(_t("meeting", lang), _t("theme", lang), _t("overall", lang), "n")
        ordered = sorted(self.events.values(), key=lambda e: (e[0].date is None, e[0].date or 0, e[3]))
        for event, answered, top, _ in ordered:
            c.line((event.title, formats.wrap), (event.theme, formats.wrap) if event.theme else None,
                   (top / answered, formats.percent_whole) if answered else None, answered)


class CapacityReport(Report):
    TEXTS = ("finding", "recommendation", "action")

    def __init__(self, form, tables, language):
        super().__init__(form, tables, language)
        #: category key -> {"label", "n", "sum", "finding"/... -> {text: None}, "urgency" -> counts}
        self.categories: dict = {}
        self.urgency_order: dict = {}
        self.urgency_labels: dict = {}
        self.flat = []
        group_labels = {q.name: q.label for q, _ in form.walk() if q.is_container}
        for name, f in self.fields.items():
            if name.endswith("_score") and f.kind in ("select_one", "number"):
                cat = name[: -len("_score")]
                self.flat.append(cat)
                self._category(cat, text_in(group_labels.get(cat), language) or f.label(language))
        self.repeat = next((t for t in tables[1:] if any(f.name == "category" for f in t.fields)), None)
        if self.repeat is not None:
            category = self.fields["category"]
            for choice in category.choices:
                self._category(choice.name, category.choice_label(choice, language))
        for name, f in self.fields.items():
            if name == "urgency" or name.endswith("_urgency"):
                self.urgency_order.update({c.name: i for i, c in enumerate(f.choices)})
                self.urgency_labels.update(_choice_labels(f, language))

    def _category(self, key, label):
        return self.categories.setdefault(key, {"label": label, "n": 0, "sum": 0.0, "urgency": {},
                                                **{kind: {} for kind in self.TEXTS}})

    def _feed(self, cat, answers, prefix):
        entry = self._category(cat, cat)
        score = answers.get(f"{prefix}score")
        score = number_or_none(score) if score is not None else None
        if score is not None:
            entry["n"] += 1
            entry["sum"] += score
        for kind in self.TEXTS:
            text = answers.get(f"{prefix}{kind}")
            if text:
                texts = entry[kind]
                if text not in texts and sum(len(t) + 3 for t in texts) + len(text) < _CELL_LIMIT:
                    texts[str(text)] = None
        urgency = answers.get(f"{prefix}urgency")
        if urgency is not None:
            entry["urgency"][urgency] = entry["urgency"].get(urgency, 0) + 1

    def add(self, record):
        answers = record.answers
        for cat in self.flat:
            self._feed(cat, answers, f"{cat}_")
        if self.repeat is not None:
            for item in instances(answers, self.repeat.path):
                cat = item.get("category")
                if cat is not None:
                    self._feed(str(cat), item, "")

    def write(self, ws, formats):
        lang = self.language
        for col, width in enumerate((34, 12, 6, 50, 50, 50, 16)):
            ws.set_column(col, col, width)
        c = Cursor(ws, formats)
        c.heading(_t("capacity_title", lang))
        c.header(_t("category", lang), _t("mean_score", lang), "n", _t("findings", lang),
                 _t("recommendations", lang), _t("actions", lang), _t("urgency", lang))
        labels = self.urgency_labels
        for entry in self.categories.values():
            urgency = entry["urgency"]
            modal = min(urgency, key=lambda u: (-urgency[u], self.urgency_order.get(u, 99), u)) if urgency else None
            c.line((entry["label"], formats.wrap),
                   (entry["sum"] / entry["n"], formats.decimal) if entry["n"] else None, entry["n"],
                   *[_bullets(entry[kind], formats) for kind in self.TEXTS], labels.get(modal, modal))


def _bullets(texts: dict, formats):
    if not texts:
        return None
    return ("\n".join(f"• {t}" for t in texts), formats.wrap)


class SdgSeminarReport(Report):
    def __init__(self, form, tables, language):
        super().__init__(form, tables, language)
        self.by = {"province": {}, "level": {}}

    def add(self, record):
        answers = record.answers
        pre = answers.get("pre_score")
        post = answers.get("post_score")
        pre = number_or_none(pre) if pre is not None else None
        post = number_or_none(post) if post is not None else None
        if pre is None and post is None:
            return
        for key, value in (("province", _place(record, "province")), ("level", answers.get("level"))):
            # [n pre, sum pre, n post, sum post, n paired, sum paired pre, sum gain]
            s = self.by[key].setdefault(value, [0, 0.0, 0, 0.0, 0, 0.0, 0.0])
            if pre is not None:
                s[0] += 1
                s[1] += pre
            if post is not None:
                s[2] += 1
                s[3] += post
            if pre is not None and post is not None:
                s[4] += 1
                s[5] += pre
                s[6] += post - pre

    def write(self, ws, formats):
        lang = self.language
        ws.set_column(0, 0, 30)
        ws.set_column(1, 7, 13)
        c = Cursor(ws, formats)
        c.heading(_t("sdg_title", lang))
        c.skip()
        for key, title, choices_of in (("province", "by_province", self.fields.get("province")),
                                       ("level", "by_level", self.fields.get("level"))):
            c.heading(_t(title, lang))
            c.header(_t(key, lang), _t("n_pre", lang), _t("pre", lang), _t("n_post", lang), _t("post", lang),
                     _t("n_paired", lang), _t("gain", lang), _t("gain_pct", lang))
            labels = _choice_labels(choices_of, lang)
            order = {name: i for i, name in enumerate(labels)}
            groups = self.by[key]
            total = [sum(s[i] for s in groups.values()) for i in range(7)]
            rows = [(labels.get(v, v) if v is not None else _t("none", lang), groups[v])
                    for v in sorted(groups, key=lambda v: (v is None, order.get(v, len(order)), str(v)))]
            for label, s in rows + [(_t("total", lang), total)]:
                c.line(str(label), s[0], _mean(s[1], s[0], formats), s[2], _mean(s[3], s[2], formats),
                       s[4], _mean(s[6], s[4], formats),
                       (s[6] / s[5], formats.percent) if s[4] and s[5] else None)
            c.skip()


def _mean(total, n, formats):
    return (total / n, formats.decimal) if n else None


class ConsultationReport(Report):
    def __init__(self, form, tables, language):
        super().__init__(form, tables, language)
        self.priorities = self.fields.get("priorities")
        self.k = len(self.priorities.choices) if self.priorities else 0
        #: grouping -> group value -> priority -> [points, mentions]
        self.by = {"province": {}, "sector": {}}
        self.challenges = TextBuffer()
        where = next(((t, f.name) for t in tables for f in t.fields if f.name in ("challenge", "challenges")),
                     (None, None))
        self.challenge_table, self.challenge = where

    def add(self, record):
        answers = record.answers
        province, sector = _place(record, "province"), answers.get("sector")
        value = answers.get("priorities")
        if value is not None and self.priorities is not None:
            chosen = value.split() if isinstance(value, str) and self.priorities.kind != "select_one" else value
            chosen = chosen if isinstance(chosen, list) else [chosen]
            is_rank = self.priorities.kind == "rank"
            for position, priority in enumerate(chosen):
                points = max(self.k - position, 1) if is_rank else 1
                for key, group in (("province", province), ("sector", sector)):
                    entry = self.by[key].setdefault(group, {}).setdefault(priority, [0, 0])
                    entry[0] += points
                    entry[1] += 1
        if self.challenge is None:
            return
        table = self.challenge_table
        items = [answers] if table.repeat is None else instances(answers, table.path)
        district = _place(record, "district")
        for item in items:
            text = item.get(self.challenge)
            if text:
                self.challenges.add(str(province or ""), str(district or ""),
                                    str(item.get("topic_sector") or sector or ""), str(text),
                                    str(item.get("proposal") or ""))

    def write(self, ws, formats):
        lang = self.language
        ws.set_column(0, 2, 22)
        ws.set_column(3, 4, 55)
        c = Cursor(ws, formats)
        c.heading(_t("priorities_title", lang))
        c.skip()
        priority_labels = _choice_labels(self.priorities, lang)
        for key, title in (("province", "by_province"), ("sector", "by_sector")):
            group_labels = _choice_labels(self.fields.get(key), lang)
            c.heading(_t(title, lang))
            c.header(_t(key, lang), _t("rank", lang), _t("priority", lang), _t("points", lang),
                     _t("mentions", lang))
            order = {name: i for i, name in enumerate(group_labels)}
            for group in sorted(self.by[key], key=lambda v: (v is None, order.get(v, len(order)), str(v))):
                ranked = sorted(self.by[key][group].items(), key=lambda kv: (-kv[1][0], -kv[1][1], str(kv[0])))
                name = group_labels.get(group, group) if group is not None else _t("none", lang)
                for rank, (priority, (points, mentions)) in enumerate(ranked, 1):
                    c.line(str(name), rank, priority_labels.get(priority, str(priority)), points, mentions)
            c.skip()
        c.heading(_t("challenges", lang))
        c.header(_t("province", lang), _t("district", lang), _t("sector", lang), _t("challenges", lang),
                 _t("proposal", lang))
        labels = {key: _choice_labels(self.fields.get(key), lang) for key in ("province", "district", "sector")}
        for province, district, sector, text, proposal in self.challenges.rows():
            c.line(labels["province"].get(province, province) or None,
                   labels["district"].get(district, district) or None,
                   labels["sector"].get(sector, sector) or None, (text, formats.wrap),
                   (proposal, formats.wrap) if proposal else None)

    def close(self):
        self.challenges.close()


REPORTS = {
    "satisfaction": SatisfactionReport,
    "capacity": CapacityReport,
    "sdg_seminar": SdgSeminarReport,
    "consultation": ConsultationReport,
}


def make_report(form: FormDefinition, tables: list[Table], language: str) -> Report | None:
    """The report ``form.report`` asks for, or None for a form without one."""
    kind = REPORTS.get(form.report or "")
    return kind(form, tables, language) if kind else None

