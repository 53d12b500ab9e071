"""``consultation``: priorities ranked overall, by province and by sector, and the
challenges listed on a sheet of their own."""
from __future__ import annotations

from forms.definition import text_in

from ..aggregate import instances
from ..spool import TextBuffer
from ..stats import competition_ranks
from .base import Report, ReportPage, choice_labels, place

METHOD = {
    "lo": ("ຄະແນນ: ບຸລິມະສິດອັນດັບ 1 ຈາກ {k} ທາງເລືອກ ໄດ້ {k} ຄະແນນ, ອັນດັບສຸດທ້າຍ 1 ຄະແນນ (ການເລືອກຫຼາຍ: "
           "1 ຄະແນນຕໍ່ການເລືອກ). ອັນດັບ: ຕາມຄະແນນ; ຄະແນນເທົ່າກັນ ໄດ້ອັນດັບດຽວກັນ (1, 1, 3). "
           "% ເລືອກເປັນອັນດັບ 1: ສ່ວນຮ້ອຍຂອງຜູ້ຕອບ (ໃນກຸ່ມ) ທີ່ຈັດບຸລິມະສິດນີ້ເປັນອັນດັບ 1."),
    "en": ("Points: a priority ranked first of {k} earns {k} points, the last 1 (multiple choice: 1 point "
           "per mention). Rank: by points; equal points share a rank (1, 1, 3). % first choice: the share "
           "of the group's respondents who put this priority first."),
}


class ConsultationReport(Report):
    sheets = ("report", "challenges")

    def __init__(self, form, tables, language, scope=None):
        super().__init__(form, tables, language, scope)
        self.priorities = self.fields.get("priorities")
        self.k = len(self.priorities.choices) if self.priorities else 0
        #: grouping -> group value -> priority -> [points, mentions, first choices]
        self.by = {"all": {}, "province": {}, "sector": {}}
        #: grouping -> group value -> respondents who answered the priorities
        self.respondents = {key: {} for key in self.by}
        self.challenges = TextBuffer()
        where = next(((t, f.name) for t in tables for f in t.fields if f.name in ("challenge", "challenges")),
                     (None, None))
        self.challenge_table, self.challenge = where

    def add(self, record):
        answers = record.answers
        province, sector = place(record, "province"), answers.get("sector")
        value = answers.get("priorities")
        if value is not None and self.priorities is not None:
            chosen = value.split() if isinstance(value, str) and self.priorities.kind != "select_one" else value
            chosen = chosen if isinstance(chosen, list) else [chosen]
            is_rank = self.priorities.kind == "rank"
            groups = (("all", None), ("province", province), ("sector", sector))
            for key, group in groups:
                counts = self.respondents[key]
                counts[group] = counts.get(group, 0) + 1
            for position, priority in enumerate(chosen):
                points = max(self.k - position, 1) if is_rank else 1
                for key, group in groups:
                    entry = self.by[key].setdefault(group, {}).setdefault(priority, [0, 0, 0])
                    entry[0] += points
                    entry[1] += 1
                    entry[2] += position == 0
        if self.challenge is None:
            return
        table = self.challenge_table
        items = [answers] if table.repeat is None else instances(answers, table.path)
        district = place(record, "district")
        for item in items:
            text = item.get(self.challenge)
            if text:
                self.challenges.add(str(province or ""), str(district or ""),
                                    str(item.get("topic_sector") or sector or ""), str(text),
                                    str(item.get("proposal") or ""))

    def write(self, pages: list[ReportPage]):
        self._priorities(pages[0])
        self._challenges(pages[1])

    def _priorities(self, page: ReportPage) -> None:
        f = page.formats
        page.columns(28, 8, 52, 10, 11, 15)
        page.title_block(self.term("priorities_title"), self)
        priority_labels = choice_labels(self.priorities, self.language)
        for key, title in (("all", "all_responses"), ("province", "by_province"), ("sector", "by_sector")):
            page.heading(self.term(title))
            group_term = self.term(key) if key != "all" else ""
            page.header(group_term, self.term("rank"), self.term("priority"), self.term("points"),
                        self.term("mentions"), self.term("first_share"))
            group_labels = choice_labels(self.fields.get(key), self.language) if key != "all" else {}
            order = {name: i for i, name in enumerate(group_labels)}
            first = page.cursor.row
            for group in sorted(self.by[key], key=lambda v: (v is None, order.get(v, len(order)), str(v))):
                ranked = sorted(self.by[key][group].items(), key=lambda kv: (-kv[1][0], -kv[1][1], str(kv[0])))
                name = self.term("total") if key == "all" else \
                    group_labels.get(group, group) if group is not None else self.term("none")
                respondents = self.respondents[key].get(group, 0)
                ranks = competition_ranks([points for _, (points, _, _) in ranked])
                for i, (rank, (priority, (points, mentions, firsts))) in enumerate(zip(ranks, ranked)):
                    page.line((str(name), f.row_label) if i == 0 else None, rank, (priority_labels.get(priority, str(priority)), f.wrap),
                              points, mentions, (firsts / respondents, f.percent) if respondents else None)
            if key == "all" and page.cursor.row > first:  # the headline: all responses' priorities
                page.bar_chart(self.term("points"), first, page.cursor.row - 1, 2, [3], horizontal=True)
            page.skip()
        page.method_note(self.method())
        page.finish()

    def method_lines(self, language: str) -> list[str]:
        return [text_in(METHOD, language, ["en"]).format(k=self.k)]

    def _challenges(self, page: ReportPage) -> None:
        f = page.formats
        page.columns(18, 18, 22, 55, 55)
        page.title_block(self.term("challenges"), self)
        page.heading(self.term("challenges"))
        page.header(self.term("province"), self.term("district"), self.term("sector"), self.term("challenges"),
                    self.term("proposal"), repeat=True)
        labels = {key: choice_labels(self.fields.get(key), self.language) for key in ("province", "district", "sector")}
        for province, district, sector, text, proposal in self.challenges.rows():
            page.line((labels["province"].get(province, province), f.wrap) if province else None,
                      (labels["district"].get(district, district), f.wrap) if district else None,
                      (labels["sector"].get(sector, sector), f.wrap) if sector else None, (text, f.wrap),
                      (proposal, f.wrap) if proposal else None)
        page.finish()

    def close(self):
        self.challenges.close()
