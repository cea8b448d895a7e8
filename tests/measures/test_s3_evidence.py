"""Evidence on S3-compatible object storage (RECTIFY_S3_BUCKET, django-storages), against a
local S3 server: moto in server mode, spoken to over HTTP like MinIO or a cloud's OSS."""

import hashlib
import socket

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from rectify.measures.services import progress_report_submit
from rectify.settings import s3_storage
from tests.factories import pdf_upload

BUCKET = "rectify-evidence"
KEYS = {"aws_access_key_id": "rectify", "aws_secret_access_key": "rectify-secret"}


@pytest.fixture(scope="module")
def s3_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    endpoint, client = s3_server
    for name, value in {
        "RECTIFY_S3_ENDPOINT_URL": endpoint,
        "RECTIFY_S3_ACCESS_KEY": KEYS["aws_access_key_id"],
        "RECTIFY_S3_SECRET_KEY": KEYS["aws_secret_access_key"],
        "RECTIFY_S3_REGION": "us-east-1",
        "RECTIFY_S3_PREFIX": "media",
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(BUCKET)}  # as the env sets it
    return client


def test_evidence_goes_to_the_bucket_and_comes_back_through_the_permission_check(
    s3, client, cast, measure
):
    report = progress_report_submit(
        measure=measure, actor=cast.reporter, text="已召开专题会议。", files=[pdf_upload()]
    )
    evidence = report.evidence.get()
    key = f"media/{evidence.file.name}"
    stored = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == evidence.sha256
    assert evidence.file.name.startswith(f"evidence/{evidence.sha256[:2]}/")

    client.force_login(cast.leader)
    response = client.get(reverse("measures:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored

    # Altered in the bucket: the checksum refuses it, as on disk.
    s3.put_object(Bucket=BUCKET, Key=key, Body=stored + b"tampered")
    response = client.get(reverse("measures:evidence_download", args=[evidence.pk]))
    assert response.status_code == 409


def test_a_file_outside_the_users_reach_stays_out_of_reach_on_s3(s3, client, cast, measure):
    report = progress_report_submit(
        measure=measure, actor=cast.reporter, text="进展", files=[pdf_upload("方案.pdf")]
    )
    evidence = report.evidence.get()
    client.force_login(cast.outsider)
    assert client.get(reverse("measures:evidence_download", args=[evidence.pk])).status_code == 404
