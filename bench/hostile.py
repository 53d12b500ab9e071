"""What hostile input costs a worker: time to refuse it, and the worker's peak memory.

One gunicorn worker (the project's settings, one process) serves collect on SQLite. Each
mode posts its request ``--n`` times and keeps the best time; the baseline is an honest
submission of the demo survey in the same run. The worker's peak resident memory
(VmHWM, reset before each mode) is read after it. Targets: a flood of 700,000 answer keys refused within
10× an honest submission's time plus the JSON decode of its body, a zip-bomb workbook
refused with the worker under 200 MB.

    .venv/bin/python bench/hostile.py [--n 3]
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import uuid
import zipfile
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import ANSWERS, SLUG, free_port, start_gunicorn, stop, workers_of  # noqa: E402


def reset_peak(pid: int) -> None:
    """Start the worker's peak-memory mark again from what it holds now (Linux)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def post(port: int, path: str, body: bytes, content_type: str, headers: dict | None = None) -> tuple[float, int, int]:
    connection = HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers={"Content-Type": content_type, **(headers or {})})
    reply = connection.getresponse()
    data = reply.read()
    return time.perf_counter() - started, reply.status, len(data)


def honest() -> bytes:
    return json.dumps({"uuid": str(uuid.uuid4()), "version": "2019.1", "answers": ANSWERS}).encode()


def flood() -> bytes:
    answers = dict(ANSWERS, **{f"k{i}": "x" for i in range(700_000)})
    return json.dumps({"uuid": str(uuid.uuid4()), "version": "2019.1", "answers": answers}).encode()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(1024):
                sheet.write(b"0" * (1024 * 1024))  # 1 GB of sheet XML in about 1 MB
    return out.getvalue()


def multipart(name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def prepare(database: Path) -> str:
    from flask_migrate import upgrade

    from collect import create_app
    from collect.extensions import db
    from collect.services.accounts import create_user, issue_token
    from collect.services.demo import load_demo
    from collect.store.models import Role

    url = f"sqlite:///{database}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_demo(with_responses=False)
        token = issue_token(create_user("organiser@example.org", Role.ORGANISER, "a-long-password"))
        db.session.commit()
    return token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3, help="Times each request is posted; the best is kept.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        token = prepare(Path(folder) / "hostile.sqlite3")
        port = free_port()
        server = start_gunicorn("wsgi:app", port, {"DATABASE_URL": f"sqlite:///{Path(folder) / 'hostile.sqlite3'}",
                                                   "WEB_CONCURRENCY": "1", "MAX_CONTENT_LENGTH": str(64 << 20),
                                                   "GUNICORN_TIMEOUT": "600"})
        try:
            worker = workers_of(server)[0]
            for _ in range(20):  # warm: imports, the form's plan
                post(port, f"/submit/{SLUG}", honest(), "application/json")
            results = {}
            modes = {
                "honest": lambda: post(port, f"/submit/{SLUG}", honest(), "application/json"),
                # The zip bomb before the flood: a worker keeps the memory the flood's
                # parsed JSON took, which would hide the bomb's own peak.
                "zip bomb": lambda: post(port, "/api/v1/forms", bomb_body, bomb_type,
                                         {"Authorization": f"Bearer {token}"}),
                "flood": lambda: post(port, f"/submit/{SLUG}", flood_body, "application/json"),
            }
            flood_body = flood()
            bomb_body, bomb_type = multipart("file", "survey.xlsx", zip_bomb())
            for name, run in modes.items():
                reset_peak(worker)
                best = min((run() for _ in range(args.n)), key=lambda r: r[0])
                results[name] = {"seconds": best[0], "status": best[1], "bytes": best[2], "rss": peak_rss_mb(worker)}
                print(f"  {name:9} {best[0] * 1000:9.1f} ms  status {best[1]}  answer {best[2]} bytes  "
                      f"worker peak {results[name]['rss']:.0f} MB", flush=True)
        finally:
            stop(server)
    decode = min(_timed(lambda: json.loads(flood_body)) for _ in range(args.n))
    ratio = results["flood"]["seconds"] / (results["honest"]["seconds"] + decode)
    print(f"  (decoding the flood's {len(flood_body) / 1e6:.1f} MB of JSON alone: {decode * 1000:.1f} ms)")
    print(f"flood refusal: {ratio:.2f}x an honest submission plus its JSON decode (goal <= 10x)")
    print(f"flood answer: {results['flood']['bytes']} bytes (goal <= 2048)")
    print(f"zip bomb: worker peak {results['zip bomb']['rss']:.0f} MB (goal < 200 MB)")


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
