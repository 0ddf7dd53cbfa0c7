"""`\\i`, `\\o`, `\\pager`, `-D`, `--csv-crlf` and the live result view's switches."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.help.define": {
        "en": "session property set when the session is opened (repeatable), like the SQL Client's -D",
        "zh": "打开会话时设置的会话属性（可重复），同 SQL Client 的 -D",
    },
    "cli.help.csv_crlf": {
        "en": "end CSV lines with CRLF (RFC 4180) instead of \\n",
        "zh": "CSV 行尾使用 CRLF（RFC 4180）而非 \\n",
    },
    "cli.bad_define": {
        "en": "-D {item!r}: expected KEY=VALUE, e.g. -D parallelism.default=2",
        "zh": "-D {item!r}：应为 KEY=VALUE，例如 -D parallelism.default=2",
    },
}
