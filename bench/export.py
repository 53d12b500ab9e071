"""How far the exports are from the cost of simply writing the cells.

The floor (a) writes exactly the cells of the raw export straight to xlsxwriter in
constant_memory mode with typed writes and no export machinery. Against it, in the same
run: (b) ``exports.raw.write_xlsx``, (c) ``exports.workbook.write_workbook`` (raw, repeats,
codebook, summaries, crosstabs, report), (d) pandas ``DataFrame.to_excel`` of the same rows
(skipped above 100k responses), (e) the raw export and (f) the full workbook through the
web app's real path (what ``export.xlsx`` runs): the same responses stored first in a
database (a temporary SQLite file, or ``--database-url``) and streamed out by
``collect.services.exporting.write_export``.

The CSV ZIP has a floor of its own (g): the same cells as text through a plain
``csv.writer`` into the same deflated ZIP member, against (h) ``exports.tables.write_csv_zip``;
(i) the CSV ZIP and (j) a walk through every page of the OData feed's Submissions (HTTP
Basic with an API token, through the app's own request path, ``@odata.nextLink`` after
``@odata.nextLink``) read the database, so the walk is compared with (i).

Each is run in its own subprocess, fed by a generator of synthetic responses to a
30-question bilingual form, so peak RSS (``ru_maxrss``) is that measurement's alone.
Timings never fail anything: this prints figures and goals.

Ratios are of CPU time (user + system of the export, records generation included), not
wall time: the machine is shared, and wall time mostly measures the neighbours. The modes
run ``--repeat`` times (default 3) interleaved and the fastest of each counts.

    python bench/export.py --n 20000
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from forms.definition import Choice, FormDefinition, Question  # noqa: E402
from exports.records import EventInfo, ResponseRecord  # noqa: E402

PROVINCES = ["VT", "PH", "LM", "OU", "BK", "LP", "HO", "XA", "XI", "VI", "BL", "KH", "SV",
             "SL", "SE", "CH", "AT", "XS"]


def _text(lo: str, en: str) -> dict:
    return {"lo": lo, "en": en}


def _choices(prefix: str, n: int) -> list[Choice]:
    return [Choice(f"{prefix}{i}", _text(f"ທາງເລືອກ {prefix} {i}", f"Option {prefix} {i}")) for i in range(1, n + 1)]


def bench_form() -> FormDefinition:
    """30 questions: 12 select_one (6 in a Likert battery), 3 select_multiple, 6 numbers,
    3 dates, a time, a datetime, 5 texts."""
    q = []

    def add(name, qtype, **kw):
        q.append(Question(name=name, type=qtype, label=_text(f"ຄຳຖາມ {name}", f"Question {name}"), **kw))

    add("organisation_kind", "select_one", choice_list="org")
    add("sex", "select_one", choice_list="sex")
    add("province", "select_one", choice_list="province")
    add("level", "select_one", choice_list="level")
    add("sector", "select_one", choice_list="sector")
    add("attended_before", "select_one", choice_list="yes_no")
    for i in range(1, 7):
        add(f"likert_{i}", "select_one", choice_list="likert5", appearance="likert")
    add("topics", "select_multiple", choice_list="topics")
    add("channels", "select_multiple", choice_list="channels")
    add("barriers", "select_multiple", choice_list="barriers")
    add("age", "integer")
    add("participants", "integer")
    add("years_in_post", "integer")
    add("budget", "decimal")
    add("score", "decimal")
    add("distance_km", "decimal")
    add("meeting_date", "date")
    add("start_date", "date")
    add("report_date", "date")
    add("arrival_time", "time")
    add("interviewed_at", "datetime")
    for name in ("position", "comments", "challenges", "suggestion", "other"):
        add(name, "text")
    choices = {
        "org": _choices("org", 6), "sex": _choices("sex", 2),
        "province": [Choice(p, _text(f"ແຂວງ {p}", f"Province {p}")) for p in PROVINCES],
        "level": _choices("lvl", 3), "sector": _choices("sec", 10), "yes_no": _choices("yn", 2),
        "likert5": [Choice(str(i), _text(f"ລະດັບ {i}", f"Level {i}")) for i in range(1, 6)],
        "topics": _choices("top", 8), "channels": _choices("ch", 5), "barriers": _choices("bar", 6),
    }
    return FormDefinition(form_id="bench", title=_text("ແບບສອບຖາມ", "Bench form"), version="1",
                          languages=["lo", "en"], default_language="lo", questions=q,
                          choices=choices, report="satisfaction")


def records(form: FormDefinition, n: int, seed: int = 4):
    """A generator of ``n`` synthetic responses (never a list: memory must stay flat)."""
    rng = random.Random(seed)
    events = [EventInfo(id=i, title=f"ກອງປະຊຸມ {i} meeting", province=PROVINCES[i % 18],
                        district=f"ເມືອງ {i % 7}", theme=f"Theme {i % 5}", date=date(2024, 1, 1 + i))
              for i in range(20)]
    names = {q.name: [c.name for c in form.choices_for(q)] for q in form.questions if q.choice_list}
    words = ["ການພັດທະນາ", "ແຂວງ", "ເມືອງ", "ບ້ານ", "ງົບປະມານ", "training", "budget", "=1+1", "roads"]
    base = datetime(2024, 3, 1, 8, 0)
    for i in range(n):
        answers = {}
        for q in form.questions:
            if rng.random() < 0.05:
                continue
            t = q.type
            if t == "select_one":
                answers[q.name] = rng.choice(names[q.name])
            elif t == "select_multiple":
                answers[q.name] = rng.sample(names[q.name], rng.randint(1, 3))
            elif t == "integer":
                answers[q.name] = rng.randint(1, 60)
            elif t == "decimal":
                answers[q.name] = round(rng.uniform(0, 1000), 2)
            elif t == "date":
                answers[q.name] = (date(2024, 1, 1) + timedelta(days=rng.randint(0, 365))).isoformat()
            elif t == "time":
                answers[q.name] = f"{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:00"
            elif t == "datetime":
                answers[q.name] = (base + timedelta(seconds=rng.randint(0, 10**7))).isoformat()
            elif rng.random() < 0.5:
                answers[q.name] = " ".join(rng.choices(words, k=rng.randint(2, 12)))
        yield ResponseRecord(uuid=f"{i:08d}-0000-4000-8000-000000000000", version="1", answers=answers,
                             submitted_at=base + timedelta(seconds=i), language="lo",
                             event=events[i % 20])


def floor(form, recs, path):
    """The same cells as the raw export, written with no export machinery at all."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_urls": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("data")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    dt_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    time_fmt = wb.add_format({"num_format": "hh:mm:ss"})
    specs, col = [], 8
    for q in form.questions:
        labels = {c.name: c.label["lo"] for c in form.choices_for(q)}
        specs.append((q.name, q.type, col, labels, [(c, col + 1 + i) for i, c in enumerate(labels)]))
        col += 1 + (len(labels) if q.type == "select_multiple" else 0)
    for c in range(col):
        ws.write_string(0, c, f"column {c}")
    row = 1
    for r in recs:
        ev = r.event
        ws.write_string(row, 0, r.uuid)
        ws.write_string(row, 1, ev.title)
        ws.write_string(row, 2, ev.province)
        ws.write_string(row, 3, ev.district)
        ws.write_datetime(row, 4, r.submitted_at, dt_fmt)
        ws.write_string(row, 5, r.language)
        ws.write_string(row, 6, r.version)
        ws.write_string(row, 7, r.status)
        a = r.answers
        for name, qtype, c, labels, flags in specs:
            v = a.get(name)
            if v is None:
                continue
            if qtype == "select_one":
                ws.write_string(row, c, labels[v])
            elif qtype == "select_multiple":
                ws.write_string(row, c, "; ".join(labels[x] for x in v))
                for choice, fc in flags:
                    ws.write_number(row, fc, 1 if choice in v else 0)
            elif qtype in ("integer", "decimal"):
                ws.write_number(row, c, v)
            elif qtype == "date":
                ws.write_datetime(row, c, datetime.fromisoformat(v), date_fmt)
            elif qtype == "time":
                ws.write_datetime(row, c, datetime.strptime(v, "%H:%M:%S"), time_fmt)
            elif qtype == "datetime":
                ws.write_datetime(row, c, datetime.fromisoformat(v), dt_fmt)
            else:
                ws.write_string(row, c, v)
        row += 1
    wb.close()


def raw(form, recs, path):
    from exports.raw import write_xlsx

    write_xlsx([form], recs, path)


def full(form, recs, path):
    from exports.workbook import ExportOptions, write_workbook

    write_workbook([form], lambda: recs, path, ExportOptions())


def pandas(form, recs, path):
    import pandas as pd

    rows = []
    for r in recs:
        row = {"uuid": r.uuid, "event": r.event.title, "province": r.event.province,
               "district": r.event.district, "submitted_at": r.submitted_at, "language": r.language,
               "version": r.version, "status": r.status}
        row.update({k: ("; ".join(v) if isinstance(v, list) else v) for k, v in r.answers.items()})
        rows.append(row)
    pd.DataFrame(rows).to_excel(path, index=False, engine="xlsxwriter")


def database(form, recs, path):
    """The raw export through the web app's real path: responses streamed from the database
    in batches (``collect.store.responses.iter_records``) into ``exports.raw.write_xlsx``."""
    from collect import create_app
    from collect.services.exporting import describe, write_export
    from collect.services.publishing import get_form

    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"]})
    with app.app_context():
        write_export(describe(get_form(1), "raw"), Path(path))


def _export_from_database(kind: str, path) -> None:
    from collect import create_app
    from collect.services.exporting import describe, write_export
    from collect.services.publishing import get_form

    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"]})
    with app.app_context():
        write_export(describe(get_form(1), kind), Path(path))


def workbook_database(form, recs, path):
    """The full analyst workbook through the path ``export.xlsx`` uses."""
    _export_from_database("workbook", path)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def csv_floor(form, recs, path):
    """The cells of the CSV ZIP's main table through a plain csv.writer, in one ZIP member:
    the submission time on the export's clock, status and language in words, as the
    export writes them (the words looked up once, here as there)."""
    import csv
    import io
    import zipfile
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from exports.cells import language_name, status_words

    zone = ZoneInfo("Asia/Vientiane")
    statuses = status_words("lo", "labels")
    languages = {code: language_name(code, "lo") for code in ("lo", "en")}
    specs = []
    for q in form.questions:
        labels = {c.name: c.label["lo"] for c in form.choices_for(q)}
        specs.append((q.name, q.type, labels))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        with archive.open("data.csv", "w", force_zip64=True) as member:
            text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow([f"column {c}" for c in range(11 + len(specs))])
            for r in recs:
                ev = r.event
                row = [r.uuid, str(ev.id), ev.province_code, r.uuid, ev.title, ev.province, ev.district,
                       r.submitted_at.replace(tzinfo=timezone.utc).astimezone(zone).isoformat(),
                       languages[r.language], r.version, statuses[r.status]]
                a = r.answers
                for name, qtype, labels in specs:
                    v = a.get(name)
                    if qtype == "select_multiple":
                        if v is None:
                            row.extend([""] * (1 + len(labels)))
                        else:
                            row.append("; ".join(labels[x] for x in v))
                            row.extend("1" if choice in v else "0" for choice in labels)
                    elif qtype == "select_one":
                        row.append("" if v is None else labels[v])
                    else:
                        row.append(_csv_cell(v))
                writer.writerow(row)
            text.flush()
            text.detach()


def csv_zip(form, recs, path):
    from exports.tables import write_csv_zip

    write_csv_zip([form], recs, path)


def zip_database(form, recs, path):
    """The CSV ZIP through the path ``export.zip`` uses."""
    _export_from_database("zip", path)


def odata_walk(form, recs, path):
    """Every page of the feed's Submissions, as a connector reads them, written to ``path``."""
    import base64

    from collect import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"], "SERVER_NAME": "bench.local"})
    credentials = base64.b64encode(f"{BENCH_EMAIL}:{os.environ['BENCH_TOKEN']}".encode()).decode()
    headers = {"Authorization": f"Basic {credentials}"}
    client = app.test_client()
    url = "http://bench.local/api/v1/forms/1.svc/Submissions"
    with open(path, "wb") as out:
        while url:
            response = client.get(url, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"OData page {url}: {response.status_code} {response.get_data(as_text=True)[:300]}")
            out.write(response.data)
            url = response.get_json().get("@odata.nextLink")


BENCH_EMAIL = "bench@example.org"


def fill_database(url: str, form: FormDefinition, n: int) -> str:
    """An empty database at ``url``, migrated, holding ``form``, ``n`` of its responses and
    an admin; returns the admin's API token."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import insert, text

    from collect import create_app
    from collect.extensions import db
    from collect.services.accounts import create_user, issue_token
    from collect.services.publishing import publish
    from collect.store.models import Event, EventKind, Response, Role

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        version, _ = publish(form)
        events = [Event(kind=EventKind.MEETING, title_lo=f"ກອງປະຊຸມ {i} meeting", title_en=f"Meeting {i}",
                        theme_en=f"Theme {i % 5}", date=date(2024, 1, 1 + i)) for i in range(20)]
        db.session.add_all(events)
        db.session.flush()
        batch = []
        for i, record in enumerate(records(form, n)):
            batch.append({"uuid": str(uuid.UUID(int=i)), "form_id": version.form_id, "form_version_id": version.id,
                          "event_id": events[i % 20].id, "answers": record.answers, "language": "lo",
                          "submitted_at": record.submitted_at, "received_at": record.submitted_at,
                          "status": "submitted"})
            if len(batch) == 5000:
                db.session.execute(insert(Response), batch)
                batch = []
        if batch:
            db.session.execute(insert(Response), batch)
        user = create_user(BENCH_EMAIL, Role.ADMIN, "bench correct horse battery staple")
        token = issue_token(user, "bench")
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # as the database's own statistics would be, long after the load
        db.session.commit()
    return token


MODES = {"floor": floor, "raw": raw, "full": full, "pandas": pandas, "database": database,
         "workbook_db": workbook_database, "csv_floor": csv_floor, "csv_zip": csv_zip, "zip_db": zip_database,
         "odata": odata_walk}


def run_one(mode: str, n: int) -> dict:
    form = bench_form()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"{mode}.{EXTENSIONS.get(mode, 'xlsx')}")
        started, cpu_started = time.perf_counter(), time.process_time()
        MODES[mode](form, records(form, n), path)
        cpu = time.process_time() - cpu_started
        seconds = time.perf_counter() - started
        size = os.path.getsize(path)
    return {"seconds": seconds, "cpu": cpu, "bytes": size,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(mode: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--n", str(n), "--child", mode],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="responses (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs, fastest counts (default 3)")
    parser.add_argument("--database-url", help="where the database mode stores its responses "
                        "(default: a temporary SQLite file; a PostgreSQL URL is emptied first)")
    parser.add_argument("--modes", default="floor,raw,database,full,workbook_db,pandas,csv_floor,csv_zip,zip_db,odata",
                        help="which measurements, comma-separated (ratios need floor); pandas is "
                             "skipped above 100k responses")
    parser.add_argument("--child", choices=sorted(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        print(fill_database(os.environ["BENCH_DATABASE_URL"], bench_form(), args.n))
        return
    if args.child:
        print(json.dumps(run_one(args.child, args.n)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["BENCH_DATABASE_URL"] = url.replace("postgresql://", "postgresql+psycopg://", 1)
        started = time.perf_counter()
        # In a process of its own: a child inherits its parent's peak RSS across exec on
        # Linux, so the parent must stay small for the children's figures to be theirs.
        filled = subprocess.run([sys.executable, __file__, "--n", str(args.n), "--fill"], check=True,
                                capture_output=True, text=True)
        os.environ["BENCH_TOKEN"] = filled.stdout.strip().splitlines()[-1]
        print(f"stored {args.n} responses in {time.perf_counter() - started:.1f} s", flush=True)
        report(args)


#: The file each mode writes, when it is not a workbook.
EXTENSIONS = {"csv_floor": "zip", "csv_zip": "zip", "zip_db": "zip", "odata": "json"}
#: What each mode is measured against (the others against ``floor``).
BASELINES = {"csv_zip": "csv_floor", "zip_db": "csv_floor", "odata": "zip_db"}


def report(args) -> None:
    modes = [m for m in args.modes.split(",") if m in MODES and (m != "pandas" or args.n <= 100_000)]
    results: dict[str, dict] = {}
    for _ in range(args.repeat):
        for mode in modes:
            r = measure(mode, args.n)
            best = results.get(mode)
            if best is None or r["cpu"] < best["cpu"]:
                results[mode] = r
            baseline = BASELINES.get(mode, "floor")
            ratio = f"{r['cpu'] / results[baseline]['cpu']:5.2f}x {baseline}" if baseline in results else ""
            print(f"{mode:>8}: {r['cpu']:7.2f} s CPU {r['seconds']:7.2f} s wall  {ratio}"
                  f"  peak RSS {r['rss_mb']:5.0f} MB  {r['bytes'] / 1e6:6.1f} MB file", flush=True)
    print(f"n = {args.n}, best of {args.repeat}, CPU seconds: "
          + ", ".join(f"{m} {r['cpu']:.2f}" for m, r in results.items()))
    goals = {"raw": ("raw export", 1.3), "database": ("raw export from the database", 1.3),
             "full": ("full workbook", 1.6), "workbook_db": ("full workbook from the database", 1.6),
             "pandas": ("pandas to_excel", None), "csv_zip": ("CSV ZIP", 1.3),
             "zip_db": ("CSV ZIP from the database", None), "odata": ("OData walk of all rows", 2.0)}
    names = {"floor": "floor", "csv_floor": "csv.writer floor", "zip_db": "CSV ZIP from the database"}
    for mode, (name, goal) in goals.items():
        baseline = BASELINES.get(mode, "floor")
        if mode in results and baseline in results:
            target = f"goal <= {goal}x" if goal else "for comparison"
            print(f"{name}: {results[mode]['cpu'] / results[baseline]['cpu']:.2f}x {names[baseline]} ({target})")
    for mode, (name, _) in goals.items():
        if mode in results and mode != "pandas":
            print(f"peak RSS {name} at n={args.n}: {results[mode]['rss_mb']:.0f} MB (goal < 150 MB)")


if __name__ == "__main__":
    main()
