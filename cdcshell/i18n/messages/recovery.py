"""Messages of resuming a job from any shell: the plan shown, the secrets asked or read, the clean way out."""

MESSAGES: dict[str, dict[str, str]] = {
    "recovery.plan_head": {
        "en": "To resume {job}, this will run (secrets masked):",
        "zh": "为恢复 {job}，将执行以下语句（密钥已隐藏）：",
    },
    "recovery.plan_tail": {
        "en": "Objects the session lacks are created TEMPORARY; every SET, {key} included, is "
        "undone right after the statement, whatever the outcome.",
        "zh": "会话中缺少的对象以 TEMPORARY 方式创建；语句执行后无论成败，所有 SET（包括 {key}）都会立即撤销。",
    },
    "recovery.ask_secret": {
        "en": "{option} of {table} (not shown): ",
        "zh": "{table} 的 {option}（输入不显示）：",
    },
    "recovery.declined": {
        "en": "Not resumed: nothing was sent, the session is as it was.",
        "zh": "未恢复：没有发送任何语句，会话保持原样。",
    },
    "recovery.failed_clean": {
        "en": "Not resumed: what the resume set or created is undone, the session is as it was.",
        "zh": "未恢复：恢复过程中设置或创建的内容已撤销，会话保持原样。",
    },
    "recovery.secret_missing": {
        "en": "no value for the masked option '{option}' of table {table}: nothing was submitted",
        "zh": "表 {table} 的隐藏选项 '{option}' 没有提供值：未提交任何语句",
    },
    "recovery.secret_hint": {
        "en": 'Give it in --secrets FILE (TOML, mode 0600: [{table}] {option} = "…") or in '
        "the environment variable {env}.",
        "zh": '请通过 --secrets FILE（TOML，权限 0600：[{table}] {option} = "…"）或环境变量 {env} 提供。',
    },
    "recovery.drift": {
        "en": "this statement differs from the one that built the state it restores: the savepoint "
        "may not map onto the new plan (operator ids). If Flink refuses it, SET '{key}' = "
        "'true' to drop the state that no longer maps.",
        "zh": "该语句与生成所恢复状态的语句不同：Savepoint 可能无法映射到新的执行计划（算子 ID）。"
        "若 Flink 拒绝恢复，可 SET '{key}' = 'true' 丢弃无法映射的状态。",
    },
    "recovery.secrets.unreadable": {
        "en": "--secrets {path}: cannot read it ({reason})",
        "zh": "--secrets {path}：无法读取（{reason}）",
    },
    "recovery.secrets.mode": {
        "en": "--secrets {path}: mode {mode} lets others read it; chmod 600 {path}",
        "zh": "--secrets {path}：权限 {mode} 允许他人读取；请执行 chmod 600 {path}",
    },
    "recovery.secrets.bad_toml": {
        "en": "--secrets {path}: not valid TOML ({reason})",
        "zh": "--secrets {path}：不是有效的 TOML（{reason}）",
    },
    "recovery.secrets.not_table": {
        "en": "--secrets {path}: '{key}' must be a table: [{key}] then option = \"value\"",
        "zh": "--secrets {path}：'{key}' 必须是表：[{key}] 然后 选项 = \"值\"",
    },
}
