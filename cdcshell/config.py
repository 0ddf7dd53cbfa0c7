"""User defaults from `config.toml` in the config directory, merged under the command line.

A bad config file must not stop the shell from starting: its problems are reported as warnings with the file and
the key, and the built-in default is used instead.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cdcshell.paths import config_dir

DEFAULT_GATEWAY = "http://127.0.0.1:8083"
FORMATS = ("table", "plain", "csv", "tsv", "json", "live")


@dataclass
class Settings:
    gateway: str = DEFAULT_GATEWAY
    jobmanager: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    jobmanager_headers: dict[str, str] = field(default_factory=dict)
    jobmanager_gateway_headers: bool = (
        False  # the user's say-so to send the gateway's headers to another host
    )
    format: str | None = None
    language: str | None = None
    history_size: int = 10_000
    key_bindings: str = "emacs"
    flink_version: str | None = None
    cacert: str | None = None
    insecure: bool = False
    timeout: float = 30.0
    csv_crlf: bool = False
    pager: bool = True
    warnings: list[str] = field(default_factory=list)


def config_path() -> Path:
    return Path(os.environ.get("CDCSHELL_CONFIG") or config_dir() / "config.toml")


def parse_header(text: str) -> tuple[str, str]:
    """`Name: value` as curl takes it; a header without a colon is a user error, reported by the caller."""
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise ValueError(text)
    return name.strip(), value.strip()


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    settings = Settings()
    path = path or config_path()
    try:
        is_file = path.is_file()
    except (
        OSError
    ) as exc:  # an unreadable config directory: defaults, and say so (even --version used to fail)
        from cdcshell.i18n import t

        settings.warnings.append(
            t("config.dir_unreadable", path=path.parent, reason=exc.strerror or str(exc))
        )
        is_file = False
    if is_file:
        _apply_file(settings, path)
    if env.get("CDCSHELL_GATEWAY"):
        settings.gateway = env["CDCSHELL_GATEWAY"]
    if env.get("CDCSHELL_JOBMANAGER"):
        settings.jobmanager = env["CDCSHELL_JOBMANAGER"]
    for line in filter(None, env.get("CDCSHELL_HEADERS", "").split("\n")):
        try:
            from cdcshell.optioncheck import check_header

            name, value = check_header(line, origin="CDCSHELL_HEADERS")
            settings.headers[name] = value
        except ValueError as exc:  # never quote the line: it holds a token
            settings.warnings.append(str(exc))
    return settings


def _apply_file(settings: Settings, path: Path) -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        settings.warnings.append(f"{path}: {exc}; using built-in defaults")
        return
    known = {
        "gateway": str,
        "jobmanager": str,
        "format": str,
        "language": str,
        "history_size": int,
        "key_bindings": str,
        "flink_version": str,
        "cacert": str,
        "insecure": bool,
        "timeout": (int, float),
        "jobmanager_gateway_headers": bool,
        "csv_crlf": bool,
        "pager": bool,
    }
    for key, value in data.items():
        if key == "headers" and isinstance(value, dict):
            settings.headers.update({str(k): str(v) for k, v in value.items()})
        elif key == "jobmanager_headers" and isinstance(value, dict):
            settings.jobmanager_headers.update({str(k): str(v) for k, v in value.items()})
        elif key in known and isinstance(value, known[key]):  # type: ignore[arg-type]
            if key == "format" and value not in FORMATS:
                settings.warnings.append(f"{path}: format = {value!r} is not one of {', '.join(FORMATS)}")
                continue
            if key == "key_bindings" and value not in ("emacs", "vi"):
                settings.warnings.append(f"{path}: key_bindings must be 'emacs' or 'vi'")
                continue
            setattr(settings, key, value)
        else:
            settings.warnings.append(f"{path}: unknown or mistyped setting {key!r}; ignored")
