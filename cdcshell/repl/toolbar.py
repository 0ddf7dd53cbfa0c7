"""The bottom toolbar: the risk-check findings for the statement under the cursor, recomputed only on change."""

from __future__ import annotations

from typing import Any

from prompt_toolkit.formatted_text import StyleAndTextTuples

from cdcshell.i18n import t


class Toolbar:
    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self._key: tuple[str, int, str] | None = None
        self._findings: list[Any] = []

    def findings(self, text: str, cursor: int) -> list[Any]:
        key = (text, cursor, self.shell.flink_version)
        if key != self._key:
            self._key = key
            if _typing_inside_quotes(text, cursor):
                # `SET 'exe.chk.int|`: the key is half typed; judging it now is noise, the menu is the help.
                self._findings = []
                return self._findings
            try:
                from cdcshell.lint import lint_statement_at

                self._findings = list(
                    lint_statement_at(
                        text,
                        cursor,
                        flink_version=self.shell.flink_version,
                        linter=self.shell.linter,
                    )
                )
            except Exception:  # advice only: a failing rule must never break typing
                self._findings = []
        return self._findings

    def __call__(self) -> StyleAndTextTuples:
        from prompt_toolkit.application.current import get_app

        buf = get_app().current_buffer
        found = self.findings(buf.text, buf.cursor_position) if buf.text.strip() else []
        if not found:
            state = (
                t("repl.toolbar.connected", version=self.shell.state.flink_version)
                if self.shell.connected
                else t("repl.toolbar.offline")
            )
            return [("class:toolbar.info", " " + state + "  " + t("repl.toolbar.keys"))]
        out: StyleAndTextTuples = []
        for f in found[:3]:
            style = "class:toolbar.error" if f.severity == "error" else "class:toolbar.warning"
            out.append((style, f" {f.severity} {f.rule}: "))
            out.append(("", f.message.splitlines()[0][:160] + "\n"))
        if len(found) > 3:
            out.append(("class:toolbar.info", " " + t("repl.toolbar.more", count=len(found) - 3)))
        return out


def _typing_inside_quotes(text: str, cursor: int) -> bool:
    """True when the cursor sits in a string or quoted name that is still open (only the current statement is
    scanned, so this stays cheap on a long buffer)."""
    from cdcshell.sql.context import statement_bounds
    from cdcshell.sql.splitter import SplitError, split

    start, _ = statement_bounds(text, cursor)
    try:
        split(text[start:cursor], strict=True)
    except SplitError as exc:
        return exc.what != "block_comment"
    return False
