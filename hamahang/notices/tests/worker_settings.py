"""Settings of the worker processes the kill test starts: the project's, plus the test
channel that POSTs to a local receiver; the lease from WORKER_LEASE_SECONDS (0 where one
worker runs at a time and the restarted one must take over at once)."""

import datetime as dt
import os

from config.settings import *  # noqa: F403
from config.settings import HAMAHANG_NOTICE_CHANNELS

HAMAHANG_NOTICE_CHANNELS = {
    **HAMAHANG_NOTICE_CHANNELS,
    "post": "hamahang.notices.tests.fakes.HttpPostChannel",
}
HAMAHANG_NOTICE_LEASE = dt.timedelta(seconds=int(os.environ.get("WORKER_LEASE_SECONDS", "300")))
