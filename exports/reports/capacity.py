"""``capacity``: mean score, findings, recommendations, actions and urgency per category."""
from __future__ import annotations

from forms.definition import text_in

from ..aggregate import instances
from ..sheet import Cursor
from ..values import number_or_none
from .base import CELL_LIMIT, Report, bullets, choice_labels, term


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
                self.urgency_labels.update(choice_labels(f, language))

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
                if text not in texts and sum(len(t) + 3 for t in texts) + len(text) < CELL_LIMIT:
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
        c.heading(term("capacity_title", lang))
        c.header(term("category", lang), term("mean_score", lang), "n", term("findings", lang),
                 term("recommendations", lang), term("actions", lang), term("urgency", lang))
        labels = self.urgency_labels
        for entry in self.categories.values():
            urgency = entry["urgency"]
            modal = min(urgency, key=lambda u: (-urgency[u], self.urgency_order.get(u, 99), u)) if urgency else None
            c.line((entry["label"], formats.wrap),
                   (entry["sum"] / entry["n"], formats.decimal) if entry["n"] else None, entry["n"],
                   *[bullets(entry[kind], formats) for kind in self.TEXTS], labels.get(modal, modal))
