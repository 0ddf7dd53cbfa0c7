"""Drive cdcshell in a real terminal, as a person would: tmux send-keys to type, capture-pane to read the screen."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path


class Terminal:
    def __init__(self, args: list[str], *, env: dict[str, str], width: int = 200, height: int = 50) -> None:
        self.name = f"cdcshell-test-{uuid.uuid4().hex[:8]}"
        # A tmux server of its own (`-L`): on the shared default socket, a new session could meet the server of
        # the previous test's session as it shut down, and `new-session` failed (make test, 2026-12-03).
        self.tmux = ["tmux", "-L", self.name]
        cmd = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "cdcshell", *args])
        env_args = [f"{k}={v}" for k, v in env.items()]
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                "env",
                *env_args,
                "bash",
                "-c",
                cmd + "; echo EXITED=$?; sleep 30",
            ],
            check=True,
        )

    def screen(self) -> str:
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name, "-S", "-200"],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        args = [*self.tmux, "send-keys", "-t", self.name]
        if literal:
            args.append("-l")
        subprocess.run([*args, *keys], check=True)

    def type(self, text: str) -> None:
        # tmux takes an argument that ends in ';' as a command separator; a backslash keeps it literal.
        self.send(text[:-1] + "\\;" if text.endswith(";") else text, literal=True)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 60.0) -> str:
        check = predicate if callable(predicate) else (lambda s, p=predicate: p in s)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting; screen was:\n{screen}")

    def wait_ready_after(self, marker: str, timeout: float = 60.0, prompt: str = "Flink SQL") -> str:
        """Wait until `marker` was printed AND a fresh prompt stands after it.

        Keys typed while a statement still runs are echoed by the terminal itself (it is in cooked mode until the
        next prompt), as with any shell; a test that types only at a prompt sees only what cdcshell drew.
        """
        return self.wait_for(lambda s: marker in s and s.rfind(prompt) > s.rfind(marker), timeout=timeout)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-session", "-t", self.name], check=False, capture_output=True)
        # The server of this terminal ends with its session and leaves its socket file behind.
        socket_dir = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (socket_dir / self.name).unlink(missing_ok=True)


def shell_env(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "HOME")}
    return {**keep, "CDCSHELL_HOME": str(home), "CDCSHELL_LANG": "en", "TERM": "xterm-256color"}
