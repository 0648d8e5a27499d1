"""A small SMTP server on loopback for the outbox tests: it speaks enough of RFC 5321 (EHLO/HELO, MAIL,
RCPT, DATA, RSET, NOOP, QUIT) for Django's SMTP backend, and keeps every message it accepts. With ``hold``
set it accepts connections and never answers, like a mail server that hangs."""

from __future__ import annotations

import email
import socket
import socketserver
import threading
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        if self.server.hold.is_set():
            # A mail server that accepts the connection and then says nothing: the client waits.
            self.server.held += 1
            self.server.release.wait(timeout=120)
            return
        self._reply("220 sink.test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._reply("250 sink.test")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data = self.rfile.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.server.messages.append(email.message_from_bytes(b"".join(lines)))
                self._reply("250 OK queued")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0):
        self.messages: list[Message] = []
        self.hold = threading.Event()
        self.release = threading.Event()
        self.held = 0
        super().__init__(("127.0.0.1", port), _Handler)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self) -> SmtpSink:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()

    def bodies(self) -> list[str]:
        return [m.get_payload(decode=True).decode(m.get_content_charset() or "utf-8") for m in self.messages]


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
