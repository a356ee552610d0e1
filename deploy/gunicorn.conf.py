"""gunicorn settings for the app servers (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Beside the settings, one change to how gunicorn writes a response: the status line and headers
go out in the same `sendall` as the first piece of the body. gunicorn sends them in two; an
app server killed between the two (a crash, the OOM killer: drill 1 kills with SIGKILL) leaves
nginx holding a response header with no body, which it has already passed to the browser and
cannot retry elsewhere: the browser sees a broken response. In one write, the kernel holds the
whole of an ordinary page (well under a socket buffer) once `sendall` returns, so a kill either
comes before it (nothing sent: nginx retries the next server) or after it (the page is
delivered on close).
"""

from gunicorn.http import wsgi

workers = 2
threads = 4
timeout = 60
graceful_timeout = 20
# Longer than nginx keeps an idle upstream connection (60 s): nginx, not the app server,
# closes it, so a request is never sent on a connection closing under it.
keepalive = 75
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(M)sms %({x-request-id}i)s'


def head_with_first_body_write(response_class) -> None:
    """Make `response_class` hold its head back until the first body bytes, and send both in
    one `sendall` (framed as a chunk when the response is chunked). Once only: gunicorn reads
    this file again on a reload (HUP)."""
    if getattr(response_class, "_head_with_first_body", False):
        return
    send_headers = response_class.send_headers
    write = response_class.write
    emit_body = response_class._emit_body

    def held_send_headers(self):
        if self.headers_sent or not getattr(self, "_hold_head", False):
            return send_headers(self)
        sock = self.sock
        pieces = []
        self.sock = _Collect(pieces)
        try:
            send_headers(self)
        finally:
            self.sock = sock
        self._held_head = b"".join(pieces)

    def write_with_head(self, arg):
        self._hold_head = True
        try:
            write(self, arg)
        finally:
            self._hold_head = False
            held = self.__dict__.pop("_held_head", None)
            if held:  # write() returned before the body (no body on this response)
                self.sock.sendall(held)

    def emit_body_with_head(self, data):
        held = self.__dict__.pop("_held_head", None)
        if held is None:
            return emit_body(self, data)
        if self.chunked:
            data = b"%X\r\n%b\r\n" % (len(data), data)
        self.sock.sendall(held + data)

    response_class.send_headers = held_send_headers
    response_class.write = write_with_head
    response_class._emit_body = emit_body_with_head
    response_class._head_with_first_body = True


class _Collect:
    """A stand-in socket that keeps what gunicorn's header writer sends."""

    def __init__(self, pieces: list[bytes]):
        self.pieces = pieces

    def sendall(self, data: bytes) -> None:
        self.pieces.append(bytes(data))


head_with_first_body_write(wsgi.Response)
