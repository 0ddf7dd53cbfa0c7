"""Messages of the `\\` commands of the shell's frame (help, quit, timing, connect, trace, format, language)."""

MESSAGES: dict[str, dict[str, str]] = {
    "meta.help.help": {
        "en": "list the commands, or show help on one command, rule or configuration key",
        "zh": "列出命令，或显示某个命令、规则或配置项的帮助",
    },
    "meta.help.quit": {
        "en": "close the gateway session and leave (also Ctrl-D)",
        "zh": "关闭 gateway 会话并退出（也可按 Ctrl-D）",
    },
    "meta.help.timing": {"en": "show how long each statement takes", "zh": "显示每条语句的耗时"},
    "meta.help.connect": {
        "en": "connect (again) to the SQL Gateway, optionally at a new URL",
        "zh": "（重新）连接 SQL Gateway，可指定新的地址",
    },
    "meta.help.trace": {
        "en": "show the full server-side trace of the last error",
        "zh": "显示上一个错误的完整服务端堆栈",
    },
    "meta.help.format": {"en": "choose how results are printed", "zh": "选择结果的输出格式"},
    "meta.help.lang": {"en": "switch the language of messages", "zh": "切换消息语言"},
    "meta.help.status": {
        "en": "show the connection, Flink version and session",
        "zh": "显示连接、Flink 版本与会话",
    },
    "meta.help.header": {
        "en": "Commands (a statement ends with ';', a command at the end of its line):",
        "zh": "命令（语句以 ';' 结束，命令在行尾结束）：",
    },
    "meta.help.footer": {
        "en": "\\? COMMAND shows one command; \\? RULE or \\? KEY explains a risk check or a setting.",
        "zh": "\\? 命令 显示单个命令；\\? 规则 或 \\? 配置项 解释风险检查或配置。",
    },
    "meta.help.unknown_topic": {
        "en": "no command, rule or key named {topic!r}",
        "zh": "没有名为 {topic!r} 的命令、规则或配置项",
    },
    "meta.format.set": {"en": "Results are now printed as {format}.", "zh": "结果现以 {format} 格式输出。"},
    "meta.lang.set": {"en": "Language: {lang}", "zh": "语言：{lang}"},
    "meta.status.gateway": {"en": "Gateway: {url} ({state})", "zh": "Gateway：{url}（{state}）"},
    "meta.status.connected": {"en": "connected", "zh": "已连接"},
    "meta.status.disconnected": {"en": "not connected", "zh": "未连接"},
    "meta.status.version": {
        "en": "Flink: {version}, REST API {api}",
        "zh": "Flink：{version}，REST API {api}",
    },
    "meta.status.session": {"en": "Session: {session}", "zh": "会话：{session}"},
    "meta.status.catalog": {"en": "Current: {catalog}.{database}", "zh": "当前：{catalog}.{database}"},
    "meta.status.error": {"en": "Last connection error: {error}", "zh": "上次连接错误：{error}"},
}
