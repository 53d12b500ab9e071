"""Background exports on RQ with the real Redis: queue, progress, download, ownership."""
import io
import uuid

import openpyxl
import pytest

from collect.services import export_jobs as jobs
from collect.store.models import Role


@pytest.fixture
def queue_name(app):
    """A queue of this test's own, emptied afterwards."""
    app.config["EXPORT_QUEUE"] = f"collect-test-{uuid.uuid4().hex}"
    yield app.config["EXPORT_QUEUE"]
    with app.app_context():
        jobs.export_queue(_settings(app)).empty()


def _settings(app) -> jobs.JobSettings:
    return jobs.JobSettings.from_config(app.config)


def _form_id(client, headers) -> int:
    return client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]


def test_a_queued_export_runs_in_the_worker_and_is_downloaded(app, client, demo, make_token, queue_name):
    headers = make_token(Role.ANALYST)
    queued = client.post(f"/api/v1/forms/{_form_id(client, headers)}/exports?kind=workbook&language=en"
                         "&from=2019-10-01", headers=headers)
    assert queued.status_code == 202
    job = queued.get_json()
    assert job["status"] == "queued" and "download" not in job
    early = client.get(f"/api/v1/exports/{job['id']}/file", headers=headers)
    assert early.status_code == 409
    with app.app_context():
        jobs.work(_settings(app), burst=True)
    status = client.get(f"/api/v1/exports/{job['id']}", headers=headers).get_json()
    assert status["status"] == "finished", status
    assert status["done"] == status["total"] == 44
    download = client.get(status["download"], headers=headers)
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(download.data), read_only=True)
    assert book.sheetnames[0] == "Report"


def test_a_csv_job_and_someone_elses_job(app, client, demo, make_token, queue_name):
    owner = make_token(Role.ANALYST, "owner@example.org")
    other = make_token(Role.ANALYST, "other@example.org")
    job = client.post(f"/api/v1/forms/{_form_id(client, owner)}/exports?kind=csv", headers=owner).get_json()
    with app.app_context():
        jobs.work(_settings(app), burst=True)
    assert client.get(f"/api/v1/exports/{job['id']}", headers=other).status_code == 404
    assert client.get(f"/api/v1/exports/{job['id']}/file", headers=other).status_code == 404
    admin = make_token(Role.ADMIN, "admin@example.org")
    download = client.get(f"/api/v1/exports/{job['id']}/file", headers=admin)
    assert download.status_code == 200 and download.data.startswith(b"\xef\xbb\xbf")
    assert download.data.decode("utf-8-sig").count("\n") == 75  # header + 74 responses


def test_unknown_jobs_and_bad_kinds(client, demo, make_token, queue_name):
    headers = make_token()
    assert client.get("/api/v1/exports/no-such-job", headers=headers).status_code == 404
    bad = client.post(f"/api/v1/forms/{_form_id(client, headers)}/exports?kind=pdf", headers=headers)
    assert bad.status_code == 400
    assert client.post(f"/api/v1/forms/{_form_id(client, headers)}/exports").status_code == 401


def test_a_direct_download_too_large_to_wait_for_becomes_a_job(app, client, demo, make_token, queue_name):
    app.config["DIRECT_EXPORT_MAX_RESPONSES"] = 10
    headers = make_token(Role.ANALYST)
    handed = client.get(f"/api/v1/forms/{_form_id(client, headers)}/export.xlsx?language=en", headers=headers)
    assert handed.status_code == 202
    job = handed.get_json()
    assert handed.headers["Location"].endswith(f"/api/v1/exports/{job['id']}")
    with app.app_context():
        jobs.work(_settings(app), burst=True)
    status = client.get(handed.headers["Location"], headers=headers).get_json()
    assert status["status"] == "finished" and status["total"] == 74
    book = openpyxl.load_workbook(io.BytesIO(client.get(status["download"], headers=headers).data), read_only=True)
    assert "Report" in book.sheetnames


def test_the_exports_page_offers_every_kind_the_feed_and_the_files(app, client, demo, make_user, queue_name):
    """An analyst finds every kind of file, the feed's address and the attachments on the
    page, and a ZIP of every table asked for there is made in the background."""
    import re
    import zipfile

    from apps import PASSWORD

    make_user(Role.ANALYST, "analyst@example.org")
    page_of = lambda path: client.get(path).get_data(as_text=True)  # noqa: E731
    csrf = re.search(r'name="csrf" value="([^"]+)"', page_of("/login")).group(1)
    assert client.post("/login", data={"csrf": csrf, "email": "analyst@example.org", "password": PASSWORD,
                                       "language": "en"}).status_code == 302
    form_id = client.get("/api/v1/forms").get_json()["forms"][0]["id"]
    html = page_of(f"/forms/{form_id}/exports?lang=en")
    offered = re.findall(r'<option value="([a-z+]+)"', html)
    assert {"workbook", "raw", "csv", "zip", "sav", "dta", "paths", "lo+en"} <= set(offered)
    assert f"<code>http://localhost/api/v1/forms/{form_id}.svc</code>" in html
    assert f'href="/api/v1/forms/{form_id}/attachments.zip"' in html
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    started = client.post(f"/forms/{form_id}/exports", data={"csrf": csrf, "kind": "zip", "language": "en",
                                                            "headers": "names"})
    assert started.status_code == 302
    with app.app_context():
        jobs.work(_settings(app), burst=True)
    download = re.search(r'href="(/api/v1/exports/[^"]+/file)"', page_of(f"/forms/{form_id}/exports")).group(1)
    archive = zipfile.ZipFile(io.BytesIO(client.get(download).data))
    main = archive.read(archive.namelist()[0]).decode("utf-8-sig").splitlines()
    assert main[0].startswith("KEY,event_id,province_code") and len(main) == 1 + 74
