"""The texts of the CFG rules (cdcshell/lint/rules/config_keys.py), beside the rules that say them: each rule's
`title`, `rationale` and `fix` (for `\\explain` and docs/rules.md) and its finding messages `message[.variant]`,
English and Simplified Chinese side by side with the same placeholders. Loaded with the `lint` area of the
catalog (cdcshell/i18n/messages/lint.py), never at start-up."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.CFG001.title": {"en": "Unknown configuration key", "zh": "未知的配置项"},
    "lint.CFG001.rationale": {
        "en": "Flink accepts any key in SET without a word, so a typo silently does nothing.",
        "zh": "Flink 的 SET 接受任意键且不报错，拼写错误会悄无声息地不生效。",
    },
    "lint.CFG001.fix": {"en": "Use the key Flink knows.", "zh": "使用 Flink 认识的配置项。"},
    "lint.CFG001.message": {
        "en": "'{key}' is not a configuration key of Flink {version}",
        "zh": "'{key}' 不是 Flink {version} 的配置项",
    },
    "lint.CFG001.message.suggest": {
        "en": "unknown configuration key '{key}'; did you mean '{suggestion}'?",
        "zh": "未知的配置项 '{key}'；您是想用 '{suggestion}' 吗？",
    },
    "lint.CFG002.title": {"en": "Deprecated (renamed) configuration key", "zh": "已弃用（已改名）的配置项"},
    "lint.CFG002.rationale": {
        "en": "The old name still works as an alias, but it loses against the new name wherever that is set "
        "(cluster, session), and the deprecation is only written to the log of whichever process reads the key (often the JobManager), never shown to you.",
        "zh": "旧名称仍可作为别名使用，但只要新名称在任何地方（集群、会话）被设置，旧名称就会失效；"
        "弃用警告只写在读取该配置项的进程的日志里（通常是 JobManager），不会显示给您。",
    },
    "lint.CFG002.fix": {"en": "Use the new key.", "zh": "改用新名称。"},
    "lint.CFG002.message": {
        "en": "'{key}' is deprecated on Flink {version}; its new name is '{new}'",
        "zh": "'{key}' 在 Flink {version} 中已弃用，新名称为 '{new}'",
    },
    "lint.CFG002.message.no_replacement": {
        "en": "'{key}' is deprecated on Flink {version}",
        "zh": "'{key}' 在 Flink {version} 中已弃用",
    },
    "lint.CFG003.title": {"en": "Legacy configuration value", "zh": "过时的配置值"},
    "lint.CFG003.rationale": {
        "en": "Some values were accepted with a deprecation and then removed: on Flink 2.x "
        "state.backend = 'filesystem' or 'jobmanager' is accepted by SET and the job then fails with "
        "ClassNotFoundException: filesystem, with nothing pointing back at the SET.",
        "zh": "有些值先被弃用、随后被移除：在 Flink 2.x 中 state.backend = 'filesystem' 或 'jobmanager' 能被 SET "
        "接受，但之后作业会以 ClassNotFoundException: filesystem 失败，且没有任何信息指向那条 SET。",
    },
    "lint.CFG003.fix": {"en": "Use the current value.", "zh": "改用当前的取值。"},
    "lint.CFG003.message": {
        "en": "'{value}' is not a valid value of '{key}' on Flink {version}: the job will fail; use '{replacement}'",
        "zh": "在 Flink {version} 中 '{value}' 不再是 '{key}' 的有效值：作业会失败；请使用 '{replacement}'",
    },
    "lint.CFG003.message.deprecated": {
        "en": "'{value}' for '{key}' is deprecated on Flink {version} and fails on newer versions; use "
        "'{replacement}'",
        "zh": "'{key}' 的取值 '{value}' 在 Flink {version} 中已弃用，在更新的版本中会失败；请使用 '{replacement}'",
    },
    "lint.CFG004.title": {
        "en": "Configuration key without effect on this version",
        "zh": "在此版本中无效的配置项",
    },
    "lint.CFG004.rationale": {
        "en": "The key was removed from this Flink version: SET accepts it and nothing reads it.",
        "zh": "该配置项已在此 Flink 版本中移除：SET 会接受它，但没有任何地方读取它。",
    },
    "lint.CFG004.fix": {
        "en": "Use the replacement key, or drop the SET.",
        "zh": "改用替代配置项，或删除这条 SET。",
    },
    "lint.CFG004.message": {
        "en": "'{key}' has no effect on Flink {version}",
        "zh": "'{key}' 在 Flink {version} 中不起作用",
    },
    "lint.CFG004.message.replacement": {
        "en": "'{key}' has no effect on Flink {version}; use '{new}'",
        "zh": "'{key}' 在 Flink {version} 中不起作用；请使用 '{new}'",
    },
    "lint.CFG005.title": {
        "en": "Deprecated key ignored because its new key is set",
        "zh": "新配置项已设置，已弃用的旧配置项被忽略",
    },
    "lint.CFG005.rationale": {
        "en": "Flink reads an option's new key first and its deprecated keys only when the new key is set "
        "nowhere. When the cluster, the session or an earlier SET sets the new key, a SET of the old key is "
        "silently ignored (seen on 1.20.3: a session SET 'state.checkpoints.dir' does nothing when the cluster "
        "sets execution.checkpointing.dir; checkpoints go elsewhere and nothing says so).",
        "zh": "Flink 先读取配置的新名称，只有新名称在任何地方都没有设置时才读取已弃用的旧名称。若集群、会话或之前的 "
        "SET 已设置新名称，旧名称的 SET 会被悄悄忽略（在 1.20.3 中观察到：集群设置了 execution.checkpointing.dir 时，"
        "会话中的 SET 'state.checkpoints.dir' 不起作用，Checkpoint 写到了别处且没有任何提示）。",
    },
    "lint.CFG005.fix": {"en": "Set the new key instead.", "zh": "改为设置新名称。"},
    "lint.CFG005.message": {
        "en": "this SET has no effect: '{key}' is a deprecated name of '{new}', which is set to '{winner}' by "
        "{origin} and wins",
        "zh": "这条 SET 不起作用：'{key}' 是 '{new}' 的已弃用名称，而 {origin} 已把 '{new}' 设置为 '{winner}'，以其为准",
    },
    "lint.CFG006.title": {"en": "Value does not parse for the key's type", "zh": "配置值无法按类型解析"},
    "lint.CFG006.rationale": {
        "en": "SET stores the text as it is; the job fails when Flink parses it.",
        "zh": "SET 按原样保存文本；Flink 解析它时作业才会失败。",
    },
    "lint.CFG006.fix": {
        "en": "Write the value in one of the accepted formats.",
        "zh": "按可接受的格式书写取值。",
    },
    "lint.CFG006.message": {
        "en": "'{value}' is not a valid {type} for '{key}'; accepted: {formats}",
        "zh": "'{value}' 不是 '{key}' 的有效 {type} 值；可接受：{formats}",
    },
}
