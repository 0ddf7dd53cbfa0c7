"""How often to heartbeat a session, from what the gateway says about its own idle timeout.

The gateway closes a session that saw no request for ``sql-gateway.session.idle-timeout`` (10 min by default;
checked every ``sql-gateway.session.check-interval``). Its session configuration carries the gateway's own
settings, so when the key is there the shell can beat well inside it instead of guessing; when it is not, the
default of 10 minutes is far away and one beat a minute is plenty.


`KeepAlive` is the thread that beats.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from typing import Protocol

from cdcshell.gateway.errors import GatewayError, SessionNotFound

_log = logging.getLogger(__name__)
_log.addHandler(logging.NullHandler())

IDLE_TIMEOUT_KEY = "sql-gateway.session.idle-timeout"
DEFAULT_INTERVAL = 60.0
MIN_INTERVAL = 0.5

_UNITS: dict[str, float] = {}
for _names, _seconds in (
    (("ns", "nano", "nanos", "nanosecond", "nanoseconds"), 1e-9),
    (("µs", "us", "micro", "micros", "microsecond", "microseconds"), 1e-6),
    (("", "ms", "milli", "millis", "millisecond", "milliseconds"), 1e-3),  # Flink: no unit means milliseconds
    (("s", "sec", "secs", "second", "seconds"), 1.0),
    (("m", "min", "mins", "minute", "minutes"), 60.0),
    (("h", "hour", "hours"), 3600.0),
    (("d", "day", "days"), 86400.0),
):
    for _name in _names:
        _UNITS[_name] = _seconds

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> float | None:
    """Seconds in a Flink duration (`5 s`, `10 min`, `600000`); None when it is not one."""
    m = _DURATION.match(text or "")
    if not m:
        return None
    unit = _UNITS.get(m.group(2).lower())
    if unit is None:
        return None
    return float(m.group(1)) * unit


def heartbeat_interval(session_config: Mapping[str, str], default: float = DEFAULT_INTERVAL) -> float:
    """A third of the idle timeout (so one lost beat is survivable), at most `default`, at least half a second.

    A timeout of zero or less means sessions never expire; then the default is kept (beating costs nothing).
    """
    idle = parse_duration(session_config.get(IDLE_TIMEOUT_KEY, ""))
    if idle is None or idle <= 0:
        return default
    return max(MIN_INTERVAL, min(default, idle / 3))


class Beats(Protocol):
    """What the heartbeat needs of the gateway client (`GatewayClient` is one); the client starts the heartbeat,
    so naming the client here would make the two modules import each other."""

    @property
    def timeout(self) -> float: ...

    def heartbeat(self, session: str, *, timeout: float | None = None) -> None: ...


class KeepAlive:
    """A background heartbeat for one session; ``stop()`` ends it promptly."""

    def __init__(self, client: Beats, session: str, interval: float) -> None:
        self.client = client
        self.session = session
        self.interval = interval
        self.beats = 0
        self.last_error: GatewayError | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"gateway-heartbeat-{session[:8]}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                # A beat that takes longer than the interval is as good as lost: do not let one stall the next.
                self.client.heartbeat(self.session, timeout=min(self.client.timeout, max(1.0, self.interval)))
                self.beats += 1
                self.last_error = None
            except SessionNotFound as exc:
                self.last_error = exc
                _log.warning("heartbeat: session %s is gone", self.session)
                return
            except GatewayError as exc:
                self.last_error = exc
                _log.warning("heartbeat for session %s failed: %s", self.session, exc)
            except (
                Exception
            ):  # e.g. the client closed under a beat in flight at exit: never a thread traceback
                if self._stop.is_set():
                    return

    def stop(self, timeout: float | None = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the heartbeat thread to end (after ``stop()``, or once the session is gone)."""
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()
