"""Messages of the risk checks shared by every rule, and of `cdcshell lint`.

A rule's own texts (`lint.<CODE>.title|rationale|fix|message[.variant]`) live beside the rule family in
cdcshell/lint/rules/<family>_texts.py and load with this area.
"""

# Each rule family keeps its texts beside its rules (cdcshell/lint/rules/<family>_texts.py); they load with this
# area.
EXTRA_MODULES = (
    "cdcshell.lint.rules.checkpoint_texts",
    "cdcshell.lint.rules.config_keys_texts",
    "cdcshell.lint.rules.connector_options_texts",
    "cdcshell.lint.rules.postgres_texts",
    "cdcshell.lint.rules.mongodb_texts",
    "cdcshell.lint.rules.mysql_texts",
    "cdcshell.lint.rules.kafka_texts",
    "cdcshell.lint.rules.query_texts",
)

MESSAGES: dict[str, dict[str, str]] = {
    # --- where a value comes from ---------------------------------------------------------------------------
    "lint.origin.set": {"en": "SET at line {line}", "zh": "第 {line} 行的 SET"},
    "lint.origin.cluster": {"en": "cluster configuration ({name})", "zh": "集群配置（{name}）"},
    "lint.origin.session": {"en": "session configuration", "zh": "会话配置"},
    "lint.origin.default": {"en": "Flink default", "zh": "Flink 默认值"},
    "lint.why.unset": {"en": "'{key}' is not set", "zh": "未设置 '{key}'"},
    "lint.why.value": {"en": "'{key}' = '{value}' from {origin}", "zh": "'{key}' = '{value}'，来自{origin}"},
    # --- CON001 / CON002 ------------------------------------------------------------------------------------
    # --- explain --------------------------------------------------------------------------------------------
    "lint.explain.severity": {"en": "severity", "zh": "级别"},
    "lint.explain.versions": {"en": "Flink versions", "zh": "Flink 版本"},
    "lint.explain.why": {"en": "Why", "zh": "原因"},
    "lint.explain.fix": {"en": "Fix", "zh": "修复"},
    "lint.explain.bad": {"en": "Fires on", "zh": "会触发"},
    "lint.explain.good": {"en": "Quiet on", "zh": "不会触发"},
    "lint.explain.severity.error": {"en": "error", "zh": "错误"},
    "lint.explain.severity.warning": {"en": "warning", "zh": "警告"},
    "lint.explain.connection": {
        "en": "connects to the database (--connect)",
        "zh": "需要连接数据库（--connect）",
    },
    "lint.explain.key": {
        "en": "Configuration key '{key}' (Flink {version})",
        "zh": "配置项 '{key}'（Flink {version}）",
    },
    "lint.explain.key.type": {"en": "type: {type}", "zh": "类型：{type}"},
    "lint.explain.key.default": {"en": "default: {default}", "zh": "默认值：{default}"},
    "lint.explain.key.none": {"en": "(none)", "zh": "（无）"},
    "lint.explain.key.renamed": {
        "en": "'{key}' is a deprecated name of '{new}'.",
        "zh": "'{key}' 是 '{new}' 的已弃用名称。",
    },
    "lint.explain.key.removed": {
        "en": "'{key}' has no effect on Flink {version}.",
        "zh": "'{key}' 在 Flink {version} 中不起作用。",
    },
    "lint.explain.key.rules": {"en": "rules that read it: {rules}", "zh": "读取它的规则：{rules}"},
    "lint.explain.connector_option": {
        "en": "Option '{key}' of {connector}",
        "zh": "{connector} 的选项 '{key}'",
    },
    # --- cdcshell lint --------------------------------------------------------------------------------------
    "lint.cli.usage": {
        "en": "usage: cdcshell lint FILE... [--flink-version V] [--cluster-config FILE] [--format text|json|sarif] "
        "[--connect] [--timeout DURATION] [--oplog-window DURATION] [--max-downtime DURATION] [--gateway URL] "
        "[--jobmanager URL] [--lang en|zh]",
        "zh": "用法：cdcshell lint 文件... [--flink-version 版本] [--cluster-config 文件] [--format text|json|sarif] "
        "[--connect] [--timeout 时长] [--oplog-window 时长] [--max-downtime 时长] [--gateway URL] "
        "[--jobmanager URL] [--lang en|zh]",
    },
    "lint.cli.no_files": {"en": "no file to lint", "zh": "没有要检查的文件"},
    "lint.cli.unreadable": {"en": "{path}: cannot read: {error}", "zh": "{path}：无法读取：{error}"},
    "lint.cli.split_error": {
        "en": "{path}:{line}:{column}: {message}",
        "zh": "{path}:{line}:{column}：{message}",
    },
    "lint.cli.bad_config": {
        "en": "{path}:{line}: not a Flink configuration file: {message}",
        "zh": "{path}:{line}：不是 Flink 配置文件：{message}",
    },
    "lint.cli.bad_version": {"en": "--flink-version: {error}", "zh": "--flink-version：{error}"},
    "lint.cli.bad_duration": {
        "en": "{option}: '{value}' is not a duration (e.g. 2h, 30min)",
        "zh": "{option}：'{value}' 不是时长（例如 2h、30min）",
    },
    "lint.cli.bad_option": {"en": "unknown option {option}", "zh": "未知选项 {option}"},
    "lint.cli.missing_value": {"en": "{option} needs a value", "zh": "{option} 需要一个值"},
    "lint.cli.fix": {"en": "fix", "zh": "修复"},
    "lint.cli.summary": {
        "en": "{errors} {errors|error|errors}, {warnings} {warnings|warning|warnings} in {files} {files|file|files}",
        "zh": "{files} 个文件中有 {errors} 个错误、{warnings} 个警告",
    },
}
