"""The embedded default's settings file (``<DATA_DIR>/local.env``, written by ``make run``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import BASE_DIR, local_settings_path

ROOT = Path(__file__).resolve().parents[3]


def test_it_is_read_from_the_data_directory_when_the_environment_has_no_secret():
    assert local_settings_path({}) == BASE_DIR / "var" / "local.env"
    assert local_settings_path({"DATA_DIR": "/srv/data"}) == Path("/srv/data/local.env")
    assert local_settings_path({"DEBUG": "1"}) == BASE_DIR / "var" / "local.env"


@pytest.mark.parametrize(
    "environ",
    [
        {"SECRET_KEY": "x" * 50},
        {"SECRET_KEY_FILE": "/run/secrets/key"},
        {"DEBUG": "0"},
        {"DEBUG": "false"},
        {"LOCAL_SETTINGS_FILE": ""},
    ],
)
def test_production_never_reads_it(environ):
    assert local_settings_path(environ) is None


def test_it_can_be_named_explicitly():
    assert local_settings_path({"LOCAL_SETTINGS_FILE": "/etc/x.env", "SECRET_KEY": "k"}) == Path("/etc/x.env")


def _manage(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **environ},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_after_make_run_wrote_it_commands_need_no_extra_variables_and_production_stays_strict(tmp_path):
    data = tmp_path / "data"
    written = _manage("ensure_local_settings", environ={"DATA_DIR": str(data), "DEBUG": "1"})
    assert written.returncode == 0, written.stderr
    local = data / "local.env"
    assert local.stat().st_mode & 0o777 == 0o600  # it holds a secret key
    text = local.read_text()
    assert "DEBUG=1" in text and f"DATA_DIR={data.resolve()}" in text
    key = next(line.split("=", 1)[1] for line in text.splitlines() if line.startswith("SECRET_KEY="))
    assert len(key) >= 50

    # A second run keeps the secret: sessions and links signed with it stay valid.
    again = _manage("ensure_local_settings", environ={"DATA_DIR": str(data), "DEBUG": "1"})
    assert again.returncode == 0 and "sudah ada" in again.stdout
    assert local.read_text() == text

    # Without any variable but the data folder, a command now works (it failed before: SECRET_KEY wajib diisi).
    shell = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)",
        environ={"DATA_DIR": str(data)},
    )  # fmt: skip
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines()[-1].split() == ["True", key]

    # The environment wins over the file.
    overridden = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.SITE_URL)",
        environ={"DATA_DIR": str(data), "SITE_URL": "http://192.0.2.1:9000"},
    )  # fmt: skip
    assert overridden.returncode == 0, overridden.stderr
    assert overridden.stdout.splitlines()[-1].split()[-1] == "http://192.0.2.1:9000"

    # DEBUG=0 in the environment: the file is not read, and the production check still refuses.
    production = _manage("check", environ={"DATA_DIR": str(data), "DEBUG": "0"})
    assert production.returncode != 0
    assert "SECRET_KEY wajib diisi" in production.stderr


def test_it_is_refused_without_debug(tmp_path):
    done = _manage(
        "ensure_local_settings",
        environ={"DATA_DIR": str(tmp_path), "DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "x"},
    )
    assert done.returncode != 0
    assert not (tmp_path / "local.env").exists()


def test_every_setting_read_from_the_environment_is_documented_in_the_readme():
    import re

    settings_source = (ROOT / "config" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    names = set(re.findall(r'env(?:_bool|_int|_list)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    assert len(names) > 40
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"settings without a README row or mention: {missing}"
