"""The toolbar stays quiet while a key is half typed inside its quotes, and speaks once it is closed."""

from __future__ import annotations

from types import SimpleNamespace

from cdcshell.repl.toolbar import Toolbar, _typing_inside_quotes


def test_typing_inside_quotes() -> None:
    assert _typing_inside_quotes("SET 'exe.chk.int", 16)
    assert not _typing_inside_quotes("SET 'exe.chk.int' = '1 s'", 25)
    assert not _typing_inside_quotes("SELECT 1; /* open comment", 25)
    text = "SET 'a' = 'b';\nSET `x"
    assert _typing_inside_quotes(text, len(text))


def test_findings_wait_for_the_closing_quote() -> None:
    shell = SimpleNamespace(flink_version="1.20", linter=None)
    bar = Toolbar(shell)
    assert bar.findings("SET 'no.such.key.anywhere", 25) == []
    done = "SET 'no.such.key.anywhere' = '1';"
    assert [f.rule for f in bar.findings(done, len(done) - 1)] == ["CFG001"]
