"""Messages of completion: catalog choice, the `cdcshell complete` command, menu meta text."""

MESSAGES: dict[str, dict[str, str]] = {
    "completion.catalog_fallback": {
        "en": "No completion catalog for Flink {version}; using the one for Flink {series} (nearest).",
        "zh": "没有 Flink {version} 的补全目录，改用最接近的 Flink {series} 目录。",
    },
    "completion.catalog_missing": {
        "en": "Completion catalog {path} is missing or unreadable ({error}). Regenerate it with: "
        "python completions/generator/generate.py",
        "zh": "补全目录 {path} 缺失或无法读取（{error}）。请用以下命令重新生成：python completions/generator/generate.py",
    },
    "completion.bad_version": {
        "en": "'{version}' is not a Flink version (expected something like 1.20 or 2.2.1).",
        "zh": "'{version}' 不是有效的 Flink 版本（应形如 1.20 或 2.2.1）。",
    },
    "completion.meta.deprecated": {
        "en": "deprecated, use {replacement}",
        "zh": "已弃用，请改用 {replacement}",
    },
    "completion.meta.deprecated_plain": {"en": "deprecated", "zh": "已弃用"},
    "completion.meta.removed": {
        "en": "removed in {version}, use {replacement}",
        "zh": "{version} 中已移除，请改用 {replacement}",
    },
    "completion.meta.removed_plain": {"en": "removed in {version}", "zh": "{version} 中已移除"},
    "completion.meta.legacy_value": {
        "en": "rejected by Flink {version}",
        "zh": "Flink {version} 不再接受",
    },
    "completion.meta.required": {"en": "required", "zh": "必填"},
    "completion.meta.default": {"en": "default {default}", "zh": "默认 {default}"},
    "completion.meta.keyword": {"en": "keyword", "zh": "关键字"},
    "completion.meta.function": {"en": "function", "zh": "函数"},
    "completion.meta.meta_command": {"en": "command", "zh": "命令"},
    "completion.meta.connector": {"en": "connector · {origin}", "zh": "连接器 · {origin}"},
    "completion.meta.format": {"en": "format", "zh": "格式"},
    "completion.meta.catalog": {"en": "catalog", "zh": "目录"},
    "completion.meta.database": {"en": "database", "zh": "数据库"},
    "completion.meta.table": {"en": "table", "zh": "表"},
    "completion.meta.column": {"en": "column · {type}", "zh": "列 · {type}"},
    "completion.meta.value": {"en": "value", "zh": "取值"},
    "completion.meta.duration": {"en": "duration", "zh": "时长"},
    "completion.meta.memory": {"en": "memory size", "zh": "内存大小"},
    "completion.meta.gateway": {"en": "from the gateway", "zh": "来自网关"},
    "completion.meta.unavailable": {
        "en": "not available for Flink {version}",
        "zh": "Flink {version} 不可用",
    },
    "completion.cli.bad_cursor": {
        "en": "--cursor {cursor} is outside the text (0..{length}).",
        "zh": "--cursor {cursor} 超出文本范围（0..{length}）。",
    },
    "completion.cli.usage": {
        "en": "Print the completions cdcshell offers for TEXT (cursor at the end unless --cursor N).",
        "zh": "打印 cdcshell 对 TEXT 给出的补全候选（光标默认在末尾，可用 --cursor N 指定）。",
    },
    "completion.cli.help.flink_version": {
        "en": "Flink version whose catalog to use (1.20, 2.2, 2.2.1...); overrides --gateway",
        "zh": "使用哪个 Flink 版本的补全目录（1.20、2.2、2.2.1……）；优先于 --gateway",
    },
    "completion.cli.help.cursor": {
        "en": "cursor offset in TEXT (default: its end)",
        "zh": "光标在 TEXT 中的位置（默认在末尾）",
    },
    "completion.cli.help.format": {
        "en": "plain: one completion per line; json: an array of {text, display, meta, start_position}",
        "zh": "plain：每行一个补全；json：{text, display, meta, start_position} 数组",
    },
    "completion.cli.help.gateway": {
        "en": "read the Flink version from this SQL Gateway's /v1/info (completion itself stays offline)",
        "zh": "从该 SQL Gateway 的 /v1/info 读取 Flink 版本（补全本身不联网）",
    },
    "completion.cli.help.text": {
        "en": "the SQL typed so far; '-' reads standard input",
        "zh": "已输入的 SQL；'-' 表示从标准输入读取",
    },
}
