"""Where a resume that asks nobody gets its secrets: `--secrets FILE` (TOML) or the environment.

The file holds one TOML table per Flink table, with the option names as keys — `[orders_cdc]` /
`password = "…"` — and `[session]` for secret SET keys. It is refused unless only its owner can read it (mode
0600 or 0400): a password file others can read is a leak the shell must not make normal. The environment gives
`CDCSHELL_SECRET_<TABLE>_<OPTION>`, upper-case, every character that is not a letter or digit as `_`
(`orders_cdc` / `password` → `CDCSHELL_SECRET_ORDERS_CDC_PASSWORD`); the file wins over the environment.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cdcshell.i18n import t

ENV_PREFIX = "CDCSHELL_SECRET_"


class SecretsError(Exception):
    """The secrets file cannot be used; the message says which file and why."""


def env_name(table: str, option: str) -> str:
    return ENV_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", f"{table}_{option}").upper()


@dataclass
class SecretSource:
    """Secrets by (table, option), table names compared case-insensitively."""

    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    environ: Mapping[str, str] = field(default_factory=dict)

    def get(self, table: str, option: str) -> str | None:
        for name, options in self.tables.items():
            if name.lower() == table.lower() and option in options:
                return options[option]
        return self.environ.get(env_name(table, option))


def load_secrets_file(path: str | Path) -> dict[str, dict[str, str]]:
    """Read a secrets file (see the module docstring); SecretsError with one clear line otherwise."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib

    file = Path(path)
    try:
        info = file.stat()
    except OSError as exc:
        raise SecretsError(
            t("recovery.secrets.unreadable", path=str(file), reason=exc.strerror or str(exc))
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise SecretsError(t("recovery.secrets.unreadable", path=str(file), reason="not a file"))
    if info.st_mode & 0o077:
        raise SecretsError(
            t("recovery.secrets.mode", path=str(file), mode=f"{stat.S_IMODE(info.st_mode):04o}")
        )
    try:
        data = tomllib.loads(file.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise SecretsError(
            t("recovery.secrets.unreadable", path=str(file), reason=exc.strerror or str(exc))
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SecretsError(t("recovery.secrets.bad_toml", path=str(file), reason=str(exc))) from None
    tables: dict[str, dict[str, str]] = {}
    for name, options in data.items():
        if not isinstance(options, dict):
            raise SecretsError(t("recovery.secrets.not_table", path=str(file), key=name))
        tables[name] = {str(k): str(v) for k, v in options.items() if not isinstance(v, dict | list)}
    return tables


def secret_source(path: str | None, environ: Mapping[str, str] | None = None) -> SecretSource:
    env = os.environ if environ is None else environ
    return SecretSource(load_secrets_file(path) if path else {}, dict(env))
