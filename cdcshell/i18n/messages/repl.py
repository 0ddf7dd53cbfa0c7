"""Messages of the interactive prompt: toolbar and hints."""

MESSAGES: dict[str, dict[str, str]] = {
    "repl.toolbar.connected": {"en": "Flink {version}", "zh": "Flink {version}"},
    "repl.toolbar.offline": {"en": "not connected (\\connect)", "zh": "未连接（\\connect）"},
    "repl.toolbar.keys": {
        "en": "; runs · Esc Enter new line · Ctrl-C clears/cancels · Ctrl-D quits · \\? help",
        "zh": "; 执行 · Esc Enter 换行 · Ctrl-C 清除/取消 · Ctrl-D 退出 · \\? 帮助",
    },
    "repl.toolbar.more": {"en": "… and {count} more", "zh": "……另有 {count} 条"},
}
