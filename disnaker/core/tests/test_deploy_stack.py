"""The shipped production configuration works: gunicorn with deploy/gunicorn.conf.py behind nginx with
deploy/nginx/disnaker.conf (rendered for loopback by deploy/loopback.py), real processes on 127.0.0.1
(issue 10, "Slow bodies"). Needs Debian's nginx (scripts/ensure_nginx.sh; make test installs it)."""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
import threading
import time

import pytest

from deploy import loopback

pytestmark = pytest.mark.deploy
HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if loopback.nginx_binary() is None:
        pytest.fail("nginx is not installed: run scripts/ensure_nginx.sh (make test does)")
    folder = tmp_path_factory.mktemp("stack")
    static = folder / "static"
    static.mkdir()
    (static / "halo.txt").write_text("halo dari STATIC_ROOT")
    # One process with two threads: two stuck requests would be enough to block it, were they to reach it.
    # gunicorn listens on a Unix socket, as shipped.
    with loopback.running_stack(
        folder, workers=1, threads=2, static_root=static, unix_socket=True
    ) as running:
        yield running


def _tls_socket(port: int, *, timeout: float = 10.0) -> ssl.SSLSocket:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=timeout))


def _read_response(sock: socket.socket) -> bytes:
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"</html>" in data:
                break
    except (TimeoutError, ssl.SSLError, ConnectionError):
        pass
    return data


def test_the_rendered_shipped_config_passes_nginx_t(stack):
    checked = loopback.nginx_check(stack.folder / "nginx.conf")
    assert checked.returncode == 0, checked.stderr


def test_an_oversized_body_gets_nginx_413_in_indonesian_without_being_read(stack):
    sock = _tls_socket(stack.https_port)
    started = time.monotonic()
    sock.sendall(
        b"POST /permohonan-akun/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
        b"Content-Length: 314572800\r\n\r\n"
    )
    response = _read_response(sock)
    took = time.monotonic() - started
    sock.close()
    head, _sep, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    assert took < 3
    request_id = re.search(rb"X-Request-ID: ([0-9a-f]{32})", head).group(1)
    assert b"Kiriman terlalu besar" in body and request_id in body  # nginx's page, with the same id


def test_the_request_id_travels_from_nginx_through_django_and_back(stack):
    status, headers, body = loopback.get("127.0.0.1", stack.https_port, "/tidak-ada/", tls=True)
    assert status == 404
    request_id = headers["x-request-id"]
    assert HEX32.fullmatch(request_id)
    assert request_id in body.decode()  # Django's 404 page shows the id nginx gave it
    time.sleep(0.5)  # both servers write their access line after the response
    assert f"rid={request_id}" in stack.nginx_access_log.read_text()
    assert f"rid={request_id}" in stack.gunicorn_access_log.read_text()


def test_slow_bodies_do_not_block_a_healthy_request(stack):
    """Four sockets (twice gunicorn's two threads) each promise a 100 kB form and send one byte a second."""
    stop = threading.Event()
    sockets = []
    for _ in range(4):
        sock = _tls_socket(stack.https_port)
        sock.sendall(
            b"POST /permohonan-akun/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        )
        sockets.append(sock)

    def trickle():
        while not stop.wait(1):
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(b"a")

    dripper = threading.Thread(target=trickle, daemon=True)
    dripper.start()
    try:
        time.sleep(1.5)  # the slow bodies are well under way
        timings = []
        for _ in range(5):
            started = time.monotonic()
            status, _headers, _body = loopback.get(
                "127.0.0.1", stack.https_port, "/sehat/", tls=True, timeout=5
            )
            timings.append(time.monotonic() - started)
            assert status == 200
        assert max(timings) < 2, timings
    finally:
        stop.set()
        dripper.join()
        for sock in sockets:
            sock.close()


def test_static_files_come_from_static_root_and_http_goes_to_https(stack):
    status, headers, body = loopback.get("127.0.0.1", stack.https_port, "/static/halo.txt", tls=True)
    assert status == 200 and body == b"halo dari STATIC_ROOT"
    assert headers["x-content-type-options"] == "nosniff" and HEX32.fullmatch(headers["x-request-id"])
    status, headers, _body = loopback.get("127.0.0.1", stack.http_port, "/lacak/")
    assert status == 301 and headers["location"] == "https://127.0.0.1/lacak/"
