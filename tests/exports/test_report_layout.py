"""Report sheets ready to paste into an SWG report: title block, method note, intervals,
bilingual cells, print setup, row heights, the headline chart, and what a page looks like
once LibreOffice has printed it."""
from __future__ import annotations

import math
import os
import shutil
import subprocess
import zipfile
from datetime import date

import openpyxl
import pytest

from exports.records import EventInfo
from exports.workbook import ExportOptions, write_workbook

from conftest import SEED_EVENTS, read_rows, record, table
from test_exports_report import seed_004_responses

PRODUCED = date(2019, 11, 13)


def _wilson(k, n, z=1.959963984540054):
    """The Wilson score interval, written out from its textbook formula."""
    p = k / n
    denominator = 1 + z * z / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / denominator, (centre + spread) / denominator


@pytest.fixture
def satisfaction(demo_form, tmp_path):
    path = tmp_path / "satisfaction.xlsx"
    write_workbook([demo_form], lambda: iter(seed_004_responses()), path,
                   ExportOptions(language="en", produced=PRODUCED))
    return path


def test_title_block_names_the_swg_sub_groups_events_period_and_date(satisfaction):
    first_cells = [row[0] for row in read_rows(satisfaction, "Report")[:8]]
    assert first_cells[0] == "Satisfaction survey results"
    assert "Form: Meeting satisfaction survey" in first_cells
    assert "Sector working group: GSWG" in first_cells
    assert "Sub-group: PSI, LIO" in first_cells
    assert f"Events (3): {'; '.join(e.title for e in SEED_EVENTS)}" in first_cells
    assert "Period: 2019-08-20 – 2019-10-24" in first_cells
    assert "Produced: 2019-11-13" in first_cells


def test_wilson_intervals_and_the_small_n_note(satisfaction):
    rows = read_rows(satisfaction, "Report")
    got = table(rows, "Sub-sector meeting")
    for event, (n, k) in zip(SEED_EVENTS, ((30, 22), (24, 19), (20, 16))):
        row = got[event.title]
        assert row[2:4] == [pytest.approx(k / n), n]
        assert row[4:6] == pytest.approx(_wilson(k, n))
        assert row[6] == ("n < 30" if n < 30 else "")
    method = [row[0] for row in rows[rows.index(next(r for r in rows if r[0] == "Method")):]]
    note = next(line for line in method if line.startswith("n < 30"))
    widest = max((_wilson(k, n)[1] - _wilson(k, n)[0]) / 2 for n, k in ((24, 19), (20, 16)))
    assert f"±{round(widest * 100)} points" in note
    assert "PSI – SSWG (October) (n = 24)" in note and "LIO – SSWG (October) (n = 20)" in note
    assert "PSI – SSWG (August)" not in note
    assert any(line.startswith("Overall satisfaction: the share of answers") for line in method)
    assert "Responses included: 74 (status: submitted 74). Rejected and deleted responses are not included." in method


def test_method_note_says_when_rejected_responses_were_asked_for(demo_form, tmp_path):
    records = [record(str(i), {"overall": "5"}, event=SEED_EVENTS[0], language="lo") for i in range(3)]
    records.append(record("r", {"overall": "1"}, event=SEED_EVENTS[0]).__class__(
        uuid="r", version="2019.1", answers={"overall": "1"}, status="rejected", event=SEED_EVENTS[0]))
    path = tmp_path / "r.xlsx"
    write_workbook([demo_form], lambda: records, path,
                   ExportOptions(language="en", statuses=("submitted", "rejected")))
    rows = read_rows(path, "Report")
    assert table(rows, "Sub-sector meeting")[SEED_EVENTS[0].title][2:4] == [pytest.approx(3 / 4), 4]
    assert ("Responses included: 4 (status: rejected 1, submitted 3). Rejected responses are included, "
            "as asked; deleted responses are not.") in [row[0] for row in rows]


def test_bilingual_cells_hold_lao_then_english(demo_form, tmp_path):
    path = tmp_path / "both.xlsx"
    write_workbook([demo_form], lambda: iter(seed_004_responses()), path, ExportOptions(language="lo+en"))
    rows = read_rows(path, "ລາຍງານ")  # sheets are named in the first language
    assert rows[0][0] == "ການປະເມີນຄວາມເພິ່ງພໍໃຈ\nSatisfaction survey results"
    header = next(row for row in rows if row[0].startswith("ກອງປະຊຸມຂອງໜ່ວຍງານຍ່ອຍ"))
    assert header[:4] == ["ກອງປະຊຸມຂອງໜ່ວຍງານຍ່ອຍ\nSub-sector meeting", "ຫົວຂໍ້\nTheme",
                          "ລະດັບຄວາມເພິ່ງພໍໃຈ\nOverall satisfaction", "n"]
    method = [row[0] for row in rows if row[0]]
    lao = method.index("ຄຳຕອບທີ່ນັບ: 74 (ສະຖານະ: ສົ່ງແລ້ວ 74). ຄຳຕອບທີ່ຖືກປະຕິເສດ ແລະ ຄຳຕອບທີ່ຖືກລຶບ ບໍ່ໄດ້ນັບ.")
    assert method.index("Responses included: 74 (status: submitted 74). Rejected and deleted responses are "
                        "not included.") > lao
    # the summary and the data sheets stay in the first language
    assert read_rows(path, "ສະຫຼຸບ")[0][0] == "ຈຳນວນຄຳຕອບ"


def test_print_setup_landscape_one_page_wide_header_repeated(satisfaction):
    book = openpyxl.load_workbook(satisfaction)
    for name in ("Report", "Summary", "By event"):
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape", name
        # fitToWidth is left out when it is 1, OOXML's default
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
    report = book["Report"]
    header_row = next(cell.row for cell in report["A"] if cell.value == "Sub-sector meeting")
    assert report.print_title_rows == f"${header_row}:${header_row}"


def test_rows_of_wrapped_text_are_tall_enough(tmp_path, demo_form):
    long_theme = "Penal Code, Criminal Procedure Law and access to justice for vulnerable groups " * 3
    event = EventInfo(id=9, title="LIO – SSWG (October)", theme=long_theme, sub_group="LIO")
    path = tmp_path / "tall.xlsx"
    write_workbook([demo_form], lambda: [record("1", {"overall": "5"}, event=event)], path,
                   ExportOptions(language="en"))
    sheet = openpyxl.load_workbook(path)["Report"]
    row = next(cell.row for cell in sheet["A"] if cell.value == event.title)
    width = sheet.column_dimensions["B"].width
    lines = math.ceil(len(long_theme) * 0.7 / width)  # a lower bound: LibreOffice fits ~1.4 letters per unit
    assert sheet.row_dimensions[row].height >= lines * 13
    assert sheet[f"B{row}"].alignment.wrap_text


def test_headline_chart_is_native_and_reads_the_table(satisfaction):
    with zipfile.ZipFile(satisfaction) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
        report_drawing = z.read("xl/drawings/drawing1.xml").decode()
    headline = next(c for c in charts if '<c:barDir val="col"/>' in c)
    rows = read_rows(satisfaction, "Report")
    first = next(i for i, row in enumerate(rows) if row[0] == "Sub-sector meeting") + 2  # 1-based, below header
    assert f"Report!$C${first}:$C${first + 2}" in headline
    assert "<xdr:graphicFrame" in report_drawing


def _pdf_pages(xlsx, tmp_path) -> list[tuple[float, float, str]]:
    """(width, height, text) of every page LibreOffice prints from ``xlsx``."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (xlsx.stem + ".pdf")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "3", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    pages = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, height = (float(x) for x in line.split("size:")[1].split("pts")[0].split(" x "))
            number = int(line.split()[1])
            text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                                  check=True, capture_output=True, text=True).stdout
            pages.append((width, height, text))
    return pages


# CI installs both (.ci/run), so there a missing one is a failure, never a skip.
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo"))
                    and not os.environ.get("CI"),
                    reason="LibreOffice (libreoffice-calc-nogui) and poppler-utils are installed by .ci/run")
def test_libreoffice_prints_the_report_on_landscape_pages_one_page_wide(satisfaction, tmp_path):
    width, height, text = _pdf_pages(satisfaction, tmp_path)[0]
    assert width > height  # landscape
    # one page wide: every column of the table, the last one too, is on the first page
    for header in ("Sub-sector meeting", "Theme", "Overall satisfaction", "95 % CI from", "95 % CI to", "Note"):
        assert header in text
    for event in SEED_EVENTS:
        assert event.title in text
    assert "73%" in text and "79%" in text and "80%" in text
