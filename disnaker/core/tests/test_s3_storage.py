"""STORAGE_BACKEND=s3 (issue 15): uploads, worker Excel files and their reading, through django-storages
against a real S3 API server on loopback (moto's server mode, started here on a free port)."""

from __future__ import annotations

import socket
import uuid

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from disnaker.pkwt.tests.helpers import freeze_today, import_rows, new_registration, worker

pytestmark = pytest.mark.django_db

KEYS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _s3_storage(endpoint: str, bucket: str, **extra) -> dict:
    """The STORAGES entry config/settings.py builds for STORAGE_BACKEND=s3."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket, "endpoint_url": endpoint, "region_name": "us-east-1",
            "access_key": KEYS["aws_access_key_id"], "secret_key": KEYS["aws_secret_access_key"],
            "default_acl": "private", "file_overwrite": False, "querystring_auth": True, "querystring_expire": 60,
            **extra,
        },
    }  # fmt: skip


@pytest.fixture
def bucket(s3_endpoint, settings):
    name = f"disnaker-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "private": _s3_storage(s3_endpoint, name)}
    return client, name


def test_uploads_go_to_the_private_bucket_under_server_names_and_stream_back_through_the_view(
    client, alice, bucket, monkeypatch
):
    s3, name = bucket
    freeze_today(monkeypatch)
    registration = new_registration(alice, with_documents=True)
    pkwt_import = import_rows(registration, alice, [worker(1), worker(2)])  # the task reads the Excel back
    assert pkwt_import.saved and pkwt_import.valid_rows == 2
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=name)["Contents"]}
    letter = registration.application_letter.name
    assert {letter, pkwt_import.file.name} <= keys
    assert letter.endswith(".pdf") and "surat" not in letter.lower()  # the server's name, not the client's
    acl = s3.get_object_acl(Bucket=name, Key=letter)
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in acl["Grants"])  # private
    client.force_login(alice)
    response = client.get(reverse("pkwt:document", args=[registration.pk, "application_letter"]))
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    assert body == s3.get_object(Bucket=name, Key=letter)["Body"].read() and body.startswith(b"%PDF")
    assert "X-Amz" not in str(response.headers) and "Location" not in response.headers  # no presigned URL


def test_server_side_encryption_is_asked_for_each_object(s3_endpoint, settings, alice, monkeypatch):
    name = f"disnaker-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    s3.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": _s3_storage(s3_endpoint, name, object_parameters={"ServerSideEncryption": "AES256"}),
    }
    registration = new_registration(alice, with_documents=True)
    head = s3.head_object(Bucket=name, Key=registration.sample_contract.name)
    assert head["ServerSideEncryption"] == "AES256"


def test_the_settings_build_the_bucket_storage_from_the_environment(s3_endpoint, tmp_path):
    """STORAGE_BACKEND=s3 with the S3_* settings, in a process of its own: a file saved and read back."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    name = f"disnaker-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, **KEYS).create_bucket(Bucket=name)
    code = (
        "import django; django.setup(); from django.core.files.base import ContentFile; "
        "from django.core.files.storage import storages; s = storages['private']; "
        "key = s.save('kept/x.txt', ContentFile(b'isi')); print(type(s).__name__, key, s.open(key).read())"
    )
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "LOCAL_SETTINGS_FILE": "",
        "DATA_DIR": str(tmp_path), "STORAGE_BACKEND": "s3", "S3_BUCKET": name, "S3_ENDPOINT_URL": s3_endpoint,
        "S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"], "S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        "S3_PREFIX": "kabupaten-bekasi",
    }  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[3], env=environment,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["S3Storage", "kept/x.txt", "b'isi'"]
    keys = [
        o["Key"]
        for o in boto3.client("s3", endpoint_url=s3_endpoint, **KEYS).list_objects_v2(Bucket=name)["Contents"]
    ]
    assert keys == ["kabupaten-bekasi/kept/x.txt"]
