"""Messages of the live result view (a streaming query as a table updated in place)."""

MESSAGES: dict[str, dict[str, str]] = {
    "repl.live.status": {
        "en": "rows {first}-{last} of {rows} · {changes} changes ({rate}/s) · redraw every {refresh} s (+/-)"
        " · ↑↓ PgUp PgDn scroll · q leaves",
        "zh": "第 {first}-{last} 行，共 {rows} 行 · {changes} 次变更（{rate}/秒） · 每 {refresh} 秒刷新（+/-）"
        " · ↑↓ PgUp PgDn 滚动 · q 退出",
    },
    "repl.live.ended": {"en": "result ended (frozen)", "zh": "结果已结束（已冻结）"},
}
