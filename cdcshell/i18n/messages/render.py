"""Messages of the result and message renderers: footers, notices, labels of errors and findings."""

MESSAGES: dict[str, dict[str, str]] = {
    "render.empty_set": {"en": "Empty set", "zh": "空结果集"},
    "render.one_row_in_set": {"en": "1 row in set", "zh": "共 1 行"},
    "render.rows_in_set": {"en": "{count} rows in set", "zh": "共 {count} 行"},
    # The leading space is part of the text: Chinese full-width brackets need none.
    "render.elapsed": {"en": " ({seconds} s)", "zh": "（{seconds} 秒）"},
    "render.unknown_format": {
        "en": "unknown output format {format!r}: use one of {formats}",
        "zh": "未知的输出格式 {format!r}：请使用以下之一：{formats}",
    },
    "render.table_too_large": {
        "en": "More than {limit} rows: showing the rest as a stream instead of one table "
        "(use --format csv or json to export large results).",
        "zh": "结果超过 {limit} 行：其余行改为流式输出，不再汇成一张表（导出大量结果请使用 --format csv 或 json）。",
    },
    "render.label.error": {"en": "ERROR", "zh": "错误"},
    "render.label.warning": {"en": "WARNING", "zh": "警告"},
    "render.label.info": {"en": "INFO", "zh": "信息"},
    "render.label.hint": {"en": "Hint", "zh": "提示"},
    "render.label.fix": {"en": "fix", "zh": "修复"},
    "render.severity.error": {"en": "error", "zh": "错误"},
    "render.severity.warning": {"en": "warning", "zh": "警告"},
    "render.severity.info": {"en": "info", "zh": "信息"},
}
