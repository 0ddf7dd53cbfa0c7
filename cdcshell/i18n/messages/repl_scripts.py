"""`\\i`, `\\o`, `\\pager`, `-D`, `--csv-crlf` and the live result view's switches."""

MESSAGES: dict[str, dict[str, str]] = {
    "repl.live.left": {
        "en": "{status} · {rows} rows, {changes} changes",
        "zh": "{status} · {rows} 行，{changes} 次变更",
    },
}
