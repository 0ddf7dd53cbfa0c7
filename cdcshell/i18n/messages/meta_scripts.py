"""`\\i`, `\\o`, `\\pager`, `-D`, `--csv-crlf` and the live result view's switches."""

MESSAGES: dict[str, dict[str, str]] = {
    "meta.help.include": {
        "en": "run a SQL script in this session (as -f does, with file:line:col errors)",
        "zh": "在当前会话中运行 SQL 脚本（与 -f 相同，错误带 文件:行:列）",
    },
    "meta.help.output": {
        "en": "send results to a file (\\o alone: back to the terminal)",
        "zh": "将结果写入文件（只输入 \\o：恢复输出到终端）",
    },
    "meta.help.pager": {
        "en": "page results taller than the screen ($PAGER, default less -SRXF)",
        "zh": "超过一屏的结果用分页器显示（$PAGER，默认 less -SRXF）",
    },
    "meta.include.too_deep": {
        "en": "\\i {path}: scripts nested more than {depth} deep (does it include itself?)",
        "zh": "\\i {path}：脚本嵌套超过 {depth} 层（是否包含了自身？）",
    },
    "meta.include.stopped": {
        "en": "Stopped after the failed statement ({done} of {total} ran).",
        "zh": "在失败的语句处停止（已运行 {done}/{total} 条）。",
    },
    "meta.output.terminal": {
        "en": "Results are printed on the terminal again.",
        "zh": "结果重新输出到终端。",
    },
    "meta.output.file": {
        "en": "Results go to {path} (\\o alone to print them here again).",
        "zh": "结果写入 {path}（只输入 \\o 恢复输出到终端）。",
    },
    "meta.output.cannot_open": {
        "en": "\\o {path}: cannot open: {reason}; check the directory and permissions",
        "zh": "\\o {path}：无法打开：{reason}；请检查目录与权限",
    },
    "meta.pager.on": {
        "en": "Pager is on ({command}) for results taller than the screen.",
        "zh": "分页器已开启（{command}），用于超过一屏的结果。",
    },
    "meta.pager.off": {"en": "Pager is off.", "zh": "分页器已关闭。"},
}
