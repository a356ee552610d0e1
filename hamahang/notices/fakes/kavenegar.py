"""A local Kavenegar for tests and demo runs: a real HTTP server on 127.0.0.1 speaking the
documented payloads of `sms/send.json` and `sms/status.json`.

    fake = FakeKavenegar().start()        # port 0: the system picks a free port
    settings.KAVENEGAR_BASE_URL = fake.url
    ...
    fake.requests                         # every call, in order: method, path, key, params
    fake.sent                             # the messages it "sent" (one per localid)
    fake.stop()

Switches: `error_code` (answer every call with that Kavenegar code), `server_error` (HTTP 500
with an HTML page, as a proxy in front of it would), `delay` (seconds to wait before answering,
after the message is taken: a client that times out has still had its message sent, which is
what `localid` is for). `deliver(messageid)` marks a message delivered (status 10).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PATH = re.compile(r"^/v1/(?P<key>[^/]+)/(?P<method>[a-z]+/[a-z]+)\.json$")
RECEPTOR = re.compile(r"^09\d{9}$")
MAX_MESSAGE = 900

STATUS_TEXTS = {
    1: "در صف ارسال",
    4: "ارسال شده به مخابرات",
    6: "خطا در ارسال",
    10: "رسیده به گیرنده",
    11: "نرسیده به گیرنده",
    100: "شناسه پیامک نامعتبر است",
}
ERROR_MESSAGES = {
    400: "پارامترها ناقص هستند",
    403: "کد شناسائی API-Key معتبر نمی‌باشد",
    404: "متدی با این نام پیدا نشده است",
    409: "سرور قادر به پاسخگوئی نیست بعدا تلاش کنید",
    411: "دریافت کننده نامعتبر است",
    413: "پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد",
    418: "اعتبار حساب شما کافی نیست",
}


class FakeKavenegar:
    def __init__(self, port: int = 0, *, api_key: str = "", host: str = "127.0.0.1", echo=None):
        self.host = host
        self.port = port
        self.api_key = api_key  # "": any key is accepted
        self.echo = echo  # called with a line for each message sent (demo runs)
        self.requests: list[dict] = []
        self.sent: list[dict] = []
        self.error_code: int | None = None
        self.server_error = False
        self.delay = 0.0
        self._by_localid: dict[str, dict] = {}
        self._by_id: dict[str, dict] = {}
        self._ids = itertools.count(8792343)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle -------------------------------------------------------------------------

    def start(self) -> FakeKavenegar:
        self._stopping.clear()
        self._server = ThreadingHTTPServer((self.host, self.port), _handler_for(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes a delayed answer
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeKavenegar:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.sent.clear()
            self._by_localid.clear()
            self._by_id.clear()
        self.error_code, self.server_error, self.delay = None, False, 0.0

    def deliver(self, messageid, status: int = 10) -> None:
        with self._lock:
            entry = self._by_id[str(messageid)]
            entry["status"], entry["statustext"] = status, STATUS_TEXTS[status]

    # --- the API ----------------------------------------------------------------------------

    def answer(self, method_name: str, path: str, params: dict) -> tuple[int, dict | str]:
        """(HTTP status, JSON body or an HTML page) for one request."""
        match = PATH.match(path)
        with self._lock:
            self.requests.append(
                {
                    "method": method_name,
                    "path": path,
                    "api_key": match["key"] if match else "",
                    "params": params,
                }
            )
        if self.server_error:
            return 500, "<html><body>500 Internal Server Error</body></html>"
        if self.error_code:
            return self._error(self.error_code)
        if not match:
            return self._error(404)
        if self.api_key and match["key"] != self.api_key:
            return self._error(403)
        if match["method"] == "sms/send":
            return self._send(params)
        if match["method"] == "sms/status":
            return self._status(params)
        return self._error(404)

    def _send(self, params: dict) -> tuple[int, dict]:
        receptor, message = params.get("receptor", ""), params.get("message", "")
        if not receptor or not message:
            return self._error(400)
        if not RECEPTOR.match(receptor):
            return self._error(411)
        if len(message) > MAX_MESSAGE:
            return self._error(413)
        localid = params.get("localid", "")
        with self._lock:
            entry = self._by_localid.get(localid) if localid else None
            if entry is None:
                entry = {
                    "messageid": next(self._ids),
                    "message": message,
                    "status": 1,
                    "statustext": STATUS_TEXTS[1],
                    "sender": params.get("sender") or "10004346",
                    "receptor": receptor,
                    "date": int(time.time()),
                    "cost": 120 * (1 if len(message) <= 70 else -(-len(message) // 67)),
                }
                self.sent.append({**entry, "localid": localid})
                if self.echo:
                    self.echo(f"SMS {entry['messageid']} → {receptor}: {message}")
                self._by_id[str(entry["messageid"])] = entry
                if localid:
                    self._by_localid[localid] = entry
            return 200, self._ok([dict(entry)])

    def _status(self, params: dict) -> tuple[int, dict]:
        ids = [i for i in params.get("messageid", "").split(",") if i]
        if not ids:
            return self._error(400)
        with self._lock:
            entries = [
                {
                    "messageid": int(i) if i.isdigit() else i,
                    "status": self._by_id[i]["status"] if i in self._by_id else 100,
                    "statustext": self._by_id[i]["statustext"]
                    if i in self._by_id
                    else STATUS_TEXTS[100],
                }
                for i in ids
            ]
        return 200, self._ok(entries)

    @staticmethod
    def _ok(entries: list) -> dict:
        return {"return": {"status": 200, "message": "تایید شد"}, "entries": entries}

    @staticmethod
    def _error(code: int) -> tuple[int, dict]:
        message = ERROR_MESSAGES.get(code, "خطا")
        return code, {"return": {"status": code, "message": message}, "entries": None}


def _handler_for(fake: FakeKavenegar):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self._reply(parse_qs(urlsplit(self.path).query))

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            self._reply({**parse_qs(urlsplit(self.path).query), **parse_qs(body)})

        def _reply(self, raw: dict) -> None:
            params = {key: values[-1] for key, values in raw.items()}
            status, body = fake.answer(self.command, urlsplit(self.path).path, params)
            if fake.delay:
                fake._stopping.wait(fake.delay)
            if isinstance(body, dict):
                payload, kind = json.dumps(body, ensure_ascii=False).encode(), "application/json"
            else:
                payload, kind = body.encode(), "text/html"
            try:
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                pass

        def log_message(self, format, *args):  # quiet under pytest
            pass

    return Handler


def main(argv=None) -> None:
    """`python -m hamahang.notices.fakes.kavenegar --port 8199`: a Kavenegar for demo runs
    (then KAVENEGAR_BASE_URL=http://127.0.0.1:8199 and any KAVENEGAR_API_KEY)."""
    parser = argparse.ArgumentParser(description="A local stand-in for Kavenegar's SMS API.")
    parser.add_argument("--port", type=int, default=8199)
    args = parser.parse_args(argv)
    fake = FakeKavenegar(port=args.port, echo=lambda line: print(line, flush=True)).start()
    print(f"Kavenegar stand-in on {fake.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
