"""The app servers' gunicorn settings (deploy/gunicorn.conf.py): a response's head leaves in
the same write as its body, so an app server killed between the two cannot leave nginx with a
header it has passed on and no body (drill 1's one failed read in 6,290)."""

import importlib.util
from pathlib import Path

from gunicorn.config import Config
from gunicorn.http import wsgi

CONF = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"


def load_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", CONF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Request:
    version = (1, 1)

    def __init__(self, method="GET"):
        self.method = method

    def should_close(self):
        return False


class Socket:
    def __init__(self):
        self.writes: list[bytes] = []

    def sendall(self, data):
        self.writes.append(bytes(data))


def respond(status, headers, body, method="GET"):
    load_conf()
    load_conf()  # gunicorn reads the file again on HUP: the change is made once
    sock = Socket()
    response = wsgi.Response(Request(method), sock, Config())
    response.start_response(status, headers)
    for piece in body:
        response.write(piece)
    response.close()
    return sock.writes


def test_the_settings_are_the_ones_the_guide_names():
    conf = load_conf()
    assert (conf.workers, conf.threads, conf.keepalive) == (2, 4, 75)
    assert conf.keepalive > 60  # nginx closes idle upstream connections, not the app server


def test_head_and_body_leave_in_one_write():
    body = "<p>گزارش</p>".encode()
    writes = respond("200 OK", [("Content-Length", str(len(body)))], [body])
    assert len(writes) == 1
    head, sent = writes[0].split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: %d" % len(body) in head
    assert sent == body


def test_a_chunked_body_is_framed_in_the_same_write_and_ended():
    writes = respond("200 OK", [], [b"first", b"second"])
    assert b"Transfer-Encoding: chunked" in writes[0]
    assert writes[0].endswith(b"\r\n\r\n5\r\nfirst\r\n")
    assert writes[1:] == [b"6\r\nsecond\r\n", b"0\r\n\r\n"]


def test_a_response_without_a_body_still_sends_its_head():
    writes = respond("204 No Content", [], [b""])
    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.1 204 No Content\r\n")
    assert writes[0].endswith(b"\r\n\r\n")
    head_only = respond("200 OK", [("Content-Length", "4")], [b"body"], method="HEAD")
    assert len(head_only) == 1 and head_only[0].endswith(b"\r\n\r\n")
