"""A real HTTP receiver on 127.0.0.1 for the tests: it checks each delivery with verify.py, as
a subscriber would, and answers with the status the test scripted (default 200)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hamahang.webhooks.verify import Refused, verify


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int
    refused: str = ""  # the code of verify's refusal


@dataclass
class Receiver:
    url: str
    secret: str = ""
    # Statuses to answer before any check (a receiver that is down), in order; then 200.
    script: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def start() -> tuple[Receiver, ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks/hamahang")
    server.receiver = receiver
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = dict(self.headers.items())
        if receiver.script:
            self._answer(receiver, headers, body, receiver.script.pop(0), "", "unavailable")
            return
        try:
            verify(secret=receiver.secret, headers=headers, body=body, seen=receiver.seen)
        except Refused as refusal:
            self._answer(receiver, headers, body, 401, refusal.code, refusal.message)
            return
        receiver.accepted.append(json.loads(body))
        self._answer(receiver, headers, body, 200, "", "ok")

    def _answer(self, receiver, headers, body, status, refused, text):
        receiver.requests.append(Received(headers, body, status, refused))
        answer = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):  # quiet
        pass
