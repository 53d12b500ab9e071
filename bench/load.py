"""Ingestion under load: collect's submission endpoint against a bare INSERT endpoint.

Both run under gunicorn with the project's own settings (gunicorn.conf.py: gthread,
``WEB_CONCURRENCY`` workers, ``GUNICORN_THREADS`` threads) on 127.0.0.1, against
PostgreSQL, and are driven once every worker has loaded its app (gunicorn_ready.py).
``--clients`` clients (threads spread over two processes) post the demo satisfaction
survey to ``/submit/<slug>`` for ``--seconds``; one send in ten re-sends a UUID already
acknowledged, as phones do. A send the server did not acknowledge (5xx, a
reset connection) is kept and sent again, as the phone's queue would, and after the run
the clients drain what is left. The baseline (bench/bare_ingest.py) takes the same
bodies. Each mode runs ``--repeat`` times (best of three by default) and the best run is
reported.

Then the run is checked against the database: every acknowledged UUID must be stored,
once. With ``--faults`` a further run of collect has one gunicorn worker SIGKILLed at a
third of the time and the database taken away for four seconds at two thirds (a proxy
drops every connection, or ``--restart-postgres`` restarts the real server), and must
still lose and duplicate nothing.

    .venv/bin/python bench/load.py --clients 50 --seconds 30 [--faults] [--restart-postgres]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.bare_ingest import TABLE, create_table  # noqa: E402
from faults import TcpProxy  # noqa: E402

SLUG = "psi-aug-2019"
ANSWERS = {"organisation_kind": "local_gov", "sex": "female", "overall": "4", "content": "5",
           "organisation": "4", "useful_parts": ["discussion", "documents"], "participants_from_org": 3,
           "comments": "ກອງປະຊຸມດີຫຼາຍ ແຕ່ຄວນມີເວລາປຶກສາຫາລືຫຼາຍກວ່ານີ້"}
RESEND_SHARE = 0.10
DRAIN_SECONDS = 60


def new_body() -> tuple[str, bytes]:
    submission_uuid = str(uuid.uuid4())
    body = {"uuid": submission_uuid, "version": "2019.1", "language": "lo", "answers": ANSWERS}
    return submission_uuid, json.dumps(body, ensure_ascii=False).encode()


# -- the clients ---------------------------------------------------------------------------

def _client(port: int, deadline: float, drain_until: float, out: list) -> None:
    """One phone: sends until the deadline, then drains its unacknowledged sends."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    acknowledged: list[tuple[str, bytes]] = []
    pending: list[tuple[str, bytes]] = []
    rng = random.Random()
    while True:
        now = time.monotonic()
        draining = now >= deadline
        if draining and (not pending or now >= drain_until):
            break
        if pending:
            item, kind = pending.pop(0), "retry"
        elif acknowledged and rng.random() < RESEND_SHARE:
            item, kind = rng.choice(acknowledged), "resend"
        else:
            item, kind = new_body(), "new"
        started = time.monotonic()
        try:
            connection.request("POST", f"/submit/{SLUG}", body=item[1],
                               headers={"Content-Type": "application/json", "Accept": "application/json"})
            reply = connection.getresponse()
            data = reply.read()
            status = reply.status
            taken = status in (200, 201) and json.loads(data).get("uuid") == item[0]
        except (OSError, ValueError):
            connection.close()
            connection = HTTPConnection("127.0.0.1", port, timeout=30)
            status, taken = "network", False
        out.append((started, time.monotonic() - started, status, kind, item[0] if taken else None, draining))
        if taken and kind != "resend":
            acknowledged.append(item)
        elif not taken:
            pending.append(item)
            time.sleep(0.2)  # the phone waits before trying again


def _client_process(port: int, threads: int, seconds: float, results) -> None:
    deadline = time.monotonic() + seconds
    drain_until = deadline + DRAIN_SECONDS
    outs = [[] for _ in range(threads)]
    workers = [threading.Thread(target=_client, args=(port, deadline, drain_until, out)) for out in outs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put([row for out in outs for row in out])


def drive(port: int, clients: int, seconds: float, processes: int = 2) -> list[tuple]:
    results = multiprocessing.Queue()
    split = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    children = [multiprocessing.Process(target=_client_process, args=(port, n, seconds, results))
                for n in split if n]
    for child in children:
        child.start()
    rows = [row for _ in children for row in results.get()]
    for child in children:
        child.join()
    return rows


# -- the servers ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    """gunicorn serving ``app`` with the project's settings, once each of its workers has
    loaded the app (see gunicorn_ready.py)."""
    ready = Path(tempfile.mkdtemp(prefix="bench-ready-"))
    workers = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "bench" / "gunicorn_ready.py"), app],
        cwd=ROOT, env={**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port), "BENCH_READY_DIR": str(ready)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    process.ready_dir = ready
    for _ in range(600):
        if len(list(ready.iterdir())) >= workers:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        if process.poll() is not None:
            break
        time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(process.ready_dir, ignore_errors=True)


def workers_of(master: subprocess.Popen) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


# -- databases -----------------------------------------------------------------------------

def plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def ensure_database(url: str) -> None:
    target = make_url(url)
    with psycopg.connect(plain(str(target.set(database="postgres"))), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)).fetchone():
            admin.execute(f'CREATE DATABASE "{target.database}"')


def prepare_collect(url: str) -> None:
    """An empty collect database at ``url``, migrated, with the demo forms and links."""
    from flask_migrate import upgrade

    from collect import create_app
    from collect.extensions import db
    from collect.services.demo import load_demo

    with psycopg.connect(plain(url), autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_demo(with_responses=False)
        db.session.commit()
        db.engine.dispose()


def stored_uuids(url: str, table: str) -> Counter:
    with psycopg.connect(plain(url)) as connection:
        return Counter(row[0] for row in connection.execute(f"SELECT uuid FROM {table}"))


def statements_per_submission(url: str) -> int:
    """SQL statements of one new submission through the app (its definition already cached)."""
    from sqlalchemy import event

    from collect import create_app
    from collect.extensions import db

    prepare_collect(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    client.post(f"/submit/{SLUG}", json=json.loads(new_body()[1]))
    seen: list[str] = []
    with app.app_context():
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        response = client.post(f"/submit/{SLUG}", json=json.loads(new_body()[1]))
        event.remove(db.engine, "before_cursor_execute", listener)
        db.engine.dispose()
    assert response.status_code == 201, response.data
    return len(seen)


# -- one run -------------------------------------------------------------------------------

def summarise(rows: list[tuple], seconds: float, stored: Counter) -> dict:
    main = [r for r in rows if not r[5]]
    latencies = sorted(r[1] for r in main)
    acknowledged = {r[4] for r in rows if r[4]}

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    return {
        "rate": sum(1 for r in main if r[2] == 201) / seconds,
        "p50": percentile(0.50), "p95": percentile(0.95), "p99": percentile(0.99),
        "statuses": dict(Counter(str(r[2]) for r in rows)),
        "acknowledged": len(acknowledged),
        "stored": sum(1 for u in stored),
        "lost": len(acknowledged - set(stored)),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
    }


def run_collect(url: str, args, faults: bool = False) -> dict:
    prepare_collect(url)
    proxy = TcpProxy((make_url(url).host or "127.0.0.1", make_url(url).port or 5432)) if faults else None
    served_url = proxy.url(url) if proxy and not args.restart_postgres else url
    port = free_port()
    server = start_gunicorn("wsgi:app", port, {"DATABASE_URL": served_url})
    injector = threading.Thread(target=inject_faults, args=(server, proxy, args), daemon=True) if faults else None
    try:
        if injector:
            injector.start()
        rows = drive(port, args.clients, args.seconds)
    finally:
        stop(server)
    return summarise(rows, args.seconds, stored_uuids(url, "response"))


def inject_faults(server: subprocess.Popen, proxy: TcpProxy | None, args) -> None:
    time.sleep(args.seconds / 3)
    victim = workers_of(server)[0]
    os.kill(victim, signal.SIGKILL)
    print(f"  fault: SIGKILLed gunicorn worker {victim}", flush=True)
    time.sleep(args.seconds / 3)
    if args.restart_postgres:
        cluster = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True).stdout.split()[0]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
        print("  fault: PostgreSQL restarted", flush=True)
    else:
        proxy.cut()
        print("  fault: database connections cut for 4 s", flush=True)
        time.sleep(4)
        proxy.restore()


def run_bare(url: str, args) -> dict:
    create_table(plain(url))
    port = free_port()
    server = start_gunicorn("bench.bare_ingest:app", port, {"BARE_DATABASE_URL": plain(url)})
    try:
        rows = drive(port, args.clients, args.seconds)
    finally:
        stop(server)
    return summarise(rows, args.seconds, stored_uuids(url, TABLE))


def report(name: str, result: dict) -> None:
    print(f"  {name:9} {result['rate']:8.1f} submissions/s  p50 {result['p50'] * 1000:6.1f} ms  "
          f"p95 {result['p95'] * 1000:6.1f} ms  p99 {result['p99'] * 1000:6.1f} ms  statuses {result['statuses']}  "
          f"acknowledged {result['acknowledged']} stored {result['stored']} lost {result['lost']} "
          f"duplicated {result['duplicated']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30, help="Length of each run (at most 300).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each mode; the best is reported.")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/collect_bench")
    parser.add_argument("--faults", action="store_true", help="Also run collect with a worker killed and "
                                                              "the database away.")
    parser.add_argument("--restart-postgres", action="store_true",
                        help="With --faults: restart the real PostgreSQL server (every client of it notices).")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 300)
    ensure_database(args.database_url)
    statements = statements_per_submission(args.database_url)
    best: dict[str, dict] = {}
    for attempt in range(args.repeat):
        for name, run in (("baseline", run_bare), ("collect", run_collect)):
            result = run(args.database_url, args)
            report(f"{name} #{attempt + 1}", result)
            if name not in best or result["rate"] > best[name]["rate"]:
                best[name] = result
    runs = [best["collect"], best["baseline"]]
    if args.faults:
        faulted = run_collect(args.database_url, args, faults=True)
        report("faults", faulted)
        runs.append(faulted)
    collect, baseline = best["collect"], best["baseline"]
    print(f"ingestion: {collect['rate'] / baseline['rate']:.2f}x baseline (goal >= 0.5x)")
    print(f"p99: {collect['p99'] / baseline['p99']:.2f}x baseline p99 (goal <= 2x)")
    print(f"statements per new submission: {statements} (goal <= 3)")
    print(f"lost: {sum(r['lost'] for r in runs)} (goal 0)")
    print(f"duplicated: {sum(r['duplicated'] for r in runs)} (goal 0)")


if __name__ == "__main__":
    main()
