"""A fake Bale bot server for tests and demo runs: a real HTTP server on 127.0.0.1 speaking the
bot API's payloads (`/bot<token>/<method>`, `/file/bot<token>/<path>`).

    fake = FakeBale().start()
    fake.queue_update({...})                 # served by getUpdates
    fake.add_file("f1", b"%PDF-...", "documents/report.pdf")   # served by getFile + download
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    ... BALE_BASE_URL=fake.url ...
    fake.requests   # [{"method": "sendMessage", "token": "...", "params": {...}}, ...]
    fake.stop()
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _parse_body(content_type: str, body: bytes) -> dict:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body.decode("utf-8"))
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        params = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename:
                params[name] = {"filename": filename, "size": len(payload), "content": payload}
            else:
                params[name] = payload.decode("utf-8")
        return params
    return dict(urllib.parse.parse_qsl(body.decode("utf-8")))


class FakeBale:
    def __init__(self, port: int = 0, host: str = "127.0.0.1", echo=None):
        self.host, self.port = host, port
        self.echo = echo  # called with a line for each message sent (demo runs)
        self.requests: list[dict] = []
        self.updates: list[dict] = []
        self.files: dict[str, tuple[str, bytes]] = {}
        self.failures: dict[str, list[tuple[int, str]]] = {}
        self.webhook_url = ""
        self._message_ids = itertools.count(1001)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- set-up ------------------------------------------------------------------------------

    def start(self) -> FakeBale:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake._handle(self)

            def do_POST(self):
                fake._handle(self)

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def queue_update(self, update: dict) -> None:
        with self._lock:
            self.updates.append(update)

    def add_file(self, file_id: str, content: bytes, file_path: str) -> None:
        self.files[file_id] = (file_path, content)

    def fail_next(self, method: str, error_code: int, description: str = "") -> None:
        """The next call of `method` answers ok=false with this code (HTTP status the same)."""
        self.failures.setdefault(method, []).append((error_code, description))

    def calls(self, method: str) -> list[dict]:
        return [request["params"] for request in self.requests if request["method"] == method]

    # --- serving -----------------------------------------------------------------------------

    def _reply(self, handler, status: int, body: dict | bytes, content_type="application/json"):
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        parts = parsed.path.strip("/").split("/")
        if parts[0] == "file" and len(parts) >= 3:
            path = "/".join(parts[2:])
            with self._lock:
                self.requests.append({"method": "file", "token": parts[1][3:], "params": {}})
            for file_path, content in self.files.values():
                if file_path == path:
                    return self._reply(handler, 200, content, "application/octet-stream")
            return self._reply(handler, 404, {"ok": False, "error_code": 404})
        if len(parts) != 2 or not parts[0].startswith("bot"):
            return self._reply(
                handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            )
        token, method = parts[0][3:], parts[1]
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        params = dict(urllib.parse.parse_qsl(parsed.query))
        params.update(_parse_body(handler.headers.get("Content-Type", ""), body))
        with self._lock:
            self.requests.append({"method": method, "token": token, "params": params})
            pending = self.failures.get(method)
            failure = pending.pop(0) if pending else None
        if failure:
            code, description = failure
            return self._reply(
                handler, code, {"ok": False, "error_code": code, "description": description}
            )
        answer = getattr(self, f"_m_{method}", None)
        if answer is None:
            return self._reply(
                handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            )
        try:
            result = answer(params)
        except (KeyError, ValueError) as exc:
            return self._reply(
                handler, 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            )
        return self._reply(handler, 200, {"ok": True, "result": result})

    def _message(self, params: dict, **extra) -> dict:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            **extra,
        }

    def _m_sendMessage(self, params):
        if self.echo:
            self.echo(f"Bale → {params.get('chat_id')}: {params.get('text', '')}")
        return self._message(params, text=params.get("text", ""))

    def _m_sendDocument(self, params):
        document = params.get("document") or {}
        name = document.get("filename", "") if isinstance(document, dict) else ""
        return self._message(params, document={"file_id": f"doc-{name}", "file_name": name})

    def _m_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        with self._lock:
            # Telegram's rule: asking from `offset` confirms every update before it.
            self.updates = [update for update in self.updates if update["update_id"] >= offset]
            return list(self.updates)

    def _m_getFile(self, params):
        file_id = params.get("file_id", "")
        file_path, content = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(content),
            "file_path": file_path,
        }

    def _m_setWebhook(self, params):
        self.webhook_url = params.get("url", "")
        return True

    def _m_deleteWebhook(self, params):
        self.webhook_url = ""
        return True

    def _m_answerCallbackQuery(self, params):
        return True

    def _m_getMe(self, params):
        return {"id": 1, "is_bot": True, "first_name": "هماهنگ", "username": "hamahang_bot"}
