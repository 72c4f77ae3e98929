"""``manage.py`` on the test suite's clock: the browser tests' server process.

The demo server is a separate process, so the suite's frozen clock (tests/conftest.py) does
not reach it; it runs through this instead, with the clock set to the moment the suite's clock
showed when it started the server (``ONROLL_TEST_NOW``, ISO 8601) and ticking from there. The
demo data it loads, the pages it serves and the sign-in codes it checks then agree with the
tests' ``TODAY`` and TOTP codes, whatever date the machine has.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

import time_machine

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    with time_machine.travel(datetime.fromisoformat(os.environ["ONROLL_TEST_NOW"]), tick=True):
        execute_from_command_line(["manage.py", *sys.argv[1:]])
