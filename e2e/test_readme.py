"""The README's commands work exactly as printed, on a fresh data directory, in the order given.

A command block is runnable when the line before it (blank lines aside) is a marker comment:

- ``<!-- readme-test: run -->``: each line runs to the end and must exit 0;
- ``<!-- readme-test: serve -->``: the command runs until the app answers on http://127.0.0.1:$PORT/, then
  it is stopped (``make run``);
- ``<!-- readme-test: until "TEXT" -->``: the command runs until it prints TEXT, then it is stopped (``make test``
  runs its installs, lint, migration and deploy checks, and is stopped as its pytest starts: this test is part of
  that pytest);
- ``<!-- readme-test: quick -->``: each line runs with ``--quick`` appended (the benchmarks' small size).

The commands run as a person types them: in the checkout, with the person's environment — none of the variables
the test suite sets for itself — plus a fresh ``DATA_DIR`` and a free ``PORT``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = re.compile(r'^<!--\s*readme-test:\s*(run|serve|until|quick)(?:\s+"([^"]*)")?\s*-->\s*$')
SERVE_TIMEOUT = 600
COMMAND_TIMEOUT = 600

pytestmark = pytest.mark.readme


@dataclass(frozen=True)
class Block:
    mode: str
    argument: str
    commands: tuple[str, ...]
    line: int


def runnable_blocks(text: str) -> list[Block]:
    """Every marked command block of ``text``: an indented block or a fenced one after its marker."""
    lines = text.splitlines()
    blocks = []
    for number, line in enumerate(lines):
        match = MARKER.match(line.strip())
        if not match:
            continue
        index = number + 1
        while index < len(lines) and not lines[index].strip():
            index += 1
        commands: list[str] = []
        if index < len(lines) and lines[index].startswith("```"):
            index += 1
            while index < len(lines) and not lines[index].startswith("```"):
                commands.append(lines[index].strip())
                index += 1
        else:
            while index < len(lines) and lines[index].startswith("    "):
                commands.append(lines[index].strip())
                index += 1
        commands = [command for command in commands if command]
        assert commands, f"README.md:{number + 1}: the marker is not followed by a command block"
        blocks.append(Block(match.group(1), match.group(2) or "", tuple(commands), number + 1))
    return blocks


def test_the_marker_parser_finds_indented_and_fenced_blocks():
    text = (
        "intro\n\n<!-- readme-test: run -->\n\n    echo one\n    echo two\n\nprose\n\n"
        '<!-- readme-test: until "ready" -->\n```sh\nmake thing\n```\n\n    not marked\n'
    )
    blocks = runnable_blocks(text)
    assert [(b.mode, b.argument, b.commands) for b in blocks] == [
        ("run", "", ("echo one", "echo two")),
        ("until", "ready", ("make thing",)),
    ]


def test_every_command_of_the_set_up_and_worker_excel_sections_is_marked():
    text = README.read_text(encoding="utf-8")
    marked = {command for block in runnable_blocks(text) for command in block.commands}
    for section in ("## Set-up", "## The worker list outside the browser"):
        body = text.split(section, 1)[1].split("\n## ", 1)[0]
        shown = [line.strip() for line in body.splitlines() if line.startswith("    ") and line.strip()]
        assert shown, section
        assert set(shown) <= marked, f"{section}: not marked runnable: {sorted(set(shown) - marked)}"


def _person_environment(data_dir: Path, port: int) -> dict[str, str]:
    """The developer's environment without what pytest-env and scripts/test.sh set for the suite."""
    suite = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["env"]
    drop = {item.split("=", 1)[0] for item in suite} | {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    environ = {key: value for key, value in os.environ.items() if key not in drop}
    environ = {key: value for key, value in environ.items() if not key.startswith(("PYTEST_", "DJANGO_"))}
    environ.update(DATA_DIR=str(data_dir), PORT=str(port))
    return environ


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(command: str, environ: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S602 - the README's own command, as a person types it
        command,
        shell=True,
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    """Stop the command and everything it started (``make run`` starts a task worker too)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # children that outlived their parent


class _Output:
    """Collects a running command's output in a thread, so waiting never blocks on a full pipe."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _serve(command: str, environ: dict[str, str], where: str) -> str:
    process = _start(command, environ)
    output = _Output(process)
    url = f"http://127.0.0.1:{environ['PORT']}/"
    deadline = time.monotonic() + SERVE_TIMEOUT
    served = False
    try:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                    served = response.status == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if served:
                break
            time.sleep(1)
    finally:
        _stop(process)
        output.thread.join(timeout=10)
    assert served, f"{where}: `{command}` did not serve {url}:\n{output.text[-4000:]}"
    return output.text


def _until(command: str, text: str, environ: dict[str, str], where: str) -> str:
    process = _start(command, environ)
    output = _Output(process)
    deadline = time.monotonic() + COMMAND_TIMEOUT
    try:
        while time.monotonic() < deadline and text not in output.text and process.poll() is None:
            time.sleep(0.5)
        time.sleep(0.5)
    finally:
        _stop(process)
        output.thread.join(timeout=10)
    assert text in output.text, f"{where}: `{command}` never printed {text!r}:\n{output.text[-4000:]}"
    return output.text


def _run(command: str, environ: dict[str, str], where: str) -> str:
    done = subprocess.run(  # noqa: S602 - the README's own command, as a person types it
        command,
        shell=True,
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, (
        f"{where}: `{command}` exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="the README's set-up is for a Debian machine")
def test_every_runnable_readme_command_works_as_printed(tmp_path):
    blocks = runnable_blocks(README.read_text(encoding="utf-8"))
    assert {block.mode for block in blocks} >= {"serve", "run", "quick"}
    environ = _person_environment(tmp_path / "data", _free_port())
    samples = [ROOT / "var" / "contoh-pekerja.xlsx", ROOT / "var" / "contoh-pekerja.ods"]
    existed = {sample: sample.exists() for sample in samples}
    outputs: dict[str, str] = {}
    try:
        for block in blocks:
            for command in block.commands:
                where = f"README.md:{block.line}"
                if block.mode == "serve":
                    outputs[command] = _serve(command, environ, where)
                elif block.mode == "until":
                    outputs[command] = _until(command, block.argument, environ, where)
                elif block.mode == "quick":
                    outputs[command] = _run(f"{command} --quick", environ, where)
                else:
                    outputs[command] = _run(command, environ, where)
    finally:
        for sample, was_there in existed.items():
            if not was_there:
                sample.unlink(missing_ok=True)
    # make run printed a demo account for every role, and left the settings every later command read.
    from disnaker.accounts.constants import Role

    for role in Role.values:
        assert f"{role}@demo.local" in outputs["make run"], role
    local = (tmp_path / "data" / "local.env").read_text()
    assert "DEBUG=1" in local and "SECRET_KEY=" in local
    report = outputs[".venv/bin/python manage.py pkwt_validate var/contoh-pekerja.xlsx --json"]
    assert '"valid_rows": 20' in report
    summary = outputs[".venv/bin/python manage.py pkwt_validate var/contoh-pekerja.ods"]
    assert "Baris data: 20; baris valid: 20" in summary
