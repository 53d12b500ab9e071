"""``sdg_seminar``: pre and post knowledge scores and the learning gain, by province and
level, and the share of right answers to each knowledge question before and after."""
from __future__ import annotations

from forms.definition import text_in

from ..sheet import in_language
from ..values import number_or_none
from .base import Report, ReportPage, choice_labels, mean_cell, place

METHOD = {
    "lo": ("ຄະແນນ: ຈຳນວນຄຳຕອບທີ່ຖືກ ຈາກ {k} ຄຳຖາມ (0 ຫາ {k}). ຄະແນນກ່ອນ ແລະ ຫຼັງ: ຄ່າສະເລ່ຍ, n ຜູ້ທີ່ມີຄະແນນ. "
           "ຄວາມຮູ້ເພີ່ມຂຶ້ນ: ຄ່າສະເລ່ຍຂອງ (ຫຼັງ − ກ່ອນ) ຂອງຜູ້ທີ່ມີທັງສອງຄະແນນ (n ຄູ່); % ເພີ່ມຂຶ້ນ: "
           "ທຽບກັບຄະແນນກ່ອນສະເລ່ຍຂອງຜູ້ດຽວກັນ. % ຕອບຖືກ: ສ່ວນຮ້ອຍຂອງຄຳຕອບທີ່ຖືກ ຕໍ່ຄຳຖາມ."),
    "en": ("Score: the number of right answers to the {k} knowledge questions (0 to {k}). Pre and post score: "
           "the mean, n the participants with a score. Learning gain: the mean of post − pre over the "
           "participants with both (n paired); Gain %: that gain as a share of the same participants' pre "
           "mean. % correct: the share of right answers to each question."),
}


class SdgSeminarReport(Report):
    def __init__(self, form, tables, language, scope=None):
        super().__init__(form, tables, language, scope)
        self.by = {"province": {}, "level": {}}
        #: (pre field, post field, right choices) of each knowledge question asked before and after.
        self.questions = []
        for name, pre in self.fields.items():
            post = self.fields.get("post_" + name[4:]) if name.startswith("pre_") else None
            right = {c.name for c in pre.choices if c.extra.get("correct") in ("yes", "true", "1")}
            if post is not None and right:
                self.questions.append((pre, post, right))
        #: per knowledge question: [answered pre, right pre, answered post, right post]
        self.correct = [[0, 0, 0, 0] for _ in self.questions]

    def add(self, record):
        answers = record.answers
        for counts, (pre, post, right) in zip(self.correct, self.questions):
            for i, field in ((0, pre), (2, post)):
                value = answers.get(field.name)
                if value is not None:
                    counts[i] += 1
                    counts[i + 1] += str(value) in right
        pre = answers.get("pre_score")
        post = answers.get("post_score")
        pre = number_or_none(pre) if pre is not None else None
        post = number_or_none(post) if post is not None else None
        if pre is None and post is None:
            return
        for key, value in (("province", place(record, "province")), ("level", answers.get("level"))):
            # [n pre, sum pre, n post, sum post, n paired, sum paired pre, sum gain]
            s = self.by[key].setdefault(value, [0, 0, 0, 0, 0, 0, 0])
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

    def write(self, pages: list[ReportPage]):
        page = pages[0]
        f = page.formats
        page.columns(34, 8, 13, 8, 13, 9, 12, 11)
        page.title_block(self.term("sdg_title"), self)
        chart_rows = None
        for key, title in (("province", "by_province"), ("level", "by_level")):
            page.heading(self.term(title))
            scale = f" (0–{len(self.questions)})" if self.questions else ""
            page.header(self.term(key), self.term("n_pre"), self.term("pre") + scale, self.term("n_post"),
                        self.term("post") + scale, self.term("n_paired"), self.term("gain"), self.term("gain_pct"))
            labels = choice_labels(self.fields.get(key), self.language)
            order = {name: i for i, name in enumerate(labels)}
            groups = self.by[key]
            total = [sum(s[i] for s in groups.values()) for i in range(7)]
            rows = [(labels.get(v, v) if v is not None else self.term("none"), groups[v])
                    for v in sorted(groups, key=lambda v: (v is None, order.get(v, len(order)), str(v)))]
            first = page.cursor.row
            for label, s in rows + [(self.term("total"), total)]:
                page.line((str(label), f.row_label), s[0], mean_cell(s[1], s[0], f), s[2], mean_cell(s[3], s[2], f),
                          s[4], mean_cell(s[6], s[4], f), (s[6] / s[5], f.percent) if s[4] and s[5] else None)
            if chart_rows is None and rows:
                chart_rows = (first, page.cursor.row - 2)  # the groups, not the total
            page.skip()
        if self.questions:
            self._by_question(page)
        if chart_rows:
            page.bar_chart(f"{self.term('pre')} / {self.term('post')}", *chart_rows, 0, [2, 4])
        page.method_note(self.method())
        page.finish()

    def method_lines(self, language: str) -> list[str]:
        return [text_in(METHOD, language, ["en"]).format(k=len(self.questions) or "?")]

    def _by_question(self, page: ReportPage) -> None:
        f = page.formats
        page.heading(self.term("by_question"), keep=60 + 34 * len(self.questions))
        page.header(self.term("question"), "n", self.term("correct_pre"), "n", self.term("correct_post"),
                    self.term("change"))
        for (pre, post, _), (n_pre, right_pre, n_post, right_post) in zip(self.questions, self.correct):
            before = right_pre / n_pre if n_pre else None
            after = right_post / n_post if n_post else None
            page.line((in_language(pre.labels[0], self.language) or pre.name, f.wrap), n_pre,
                      (before, f.percent) if before is not None else None, n_post,
                      (after, f.percent) if after is not None else None,
                      ((after - before) * 100, f.decimal) if before is not None and after is not None else None)
        page.skip()
