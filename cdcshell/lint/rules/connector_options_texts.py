"""The texts of the CON rules (cdcshell/lint/rules/connector_options.py), beside the rules that say them: each rule's
`title`, `rationale` and `fix` (for `\\explain` and docs/rules.md) and its finding messages `message[.variant]`,
English and Simplified Chinese side by side with the same placeholders. Loaded with the `lint` area of the
catalog (cdcshell/i18n/messages/lint.py), never at start-up."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.CON001.title": {"en": "Unknown connector option", "zh": "未知的连接器选项"},
    "lint.CON001.rationale": {
        "en": "The connector validates its options when the job is planned and rejects any it does not declare. "
        "Options differ per connector: mysql-cdc has 'heartbeat.interval' (a duration), postgres-cdc "
        "'heartbeat.interval.ms' (a duration), mongodb-cdc 'heartbeat.interval.ms' (milliseconds).",
        "zh": "连接器在规划作业时校验选项，未声明的选项会被拒绝。各连接器的选项不同：mysql-cdc 用 "
        "'heartbeat.interval'（时长），postgres-cdc 用 'heartbeat.interval.ms'（时长），mongodb-cdc 用 "
        "'heartbeat.interval.ms'（毫秒）。",
    },
    "lint.CON001.fix": {"en": "Use the option the connector declares.", "zh": "使用连接器声明的选项。"},
    "lint.CON001.message": {
        "en": "'{key}' is not an option of {connector}",
        "zh": "'{key}' 不是 {connector} 的选项",
    },
    "lint.CON001.message.suggest": {
        "en": "'{key}' is not an option of {connector}; did you mean '{suggestion}'?",
        "zh": "'{key}' 不是 {connector} 的选项；您是想用 '{suggestion}' 吗？",
    },
    "lint.CON002.title": {"en": "Connector option value does not parse", "zh": "连接器选项的取值无法解析"},
    "lint.CON002.rationale": {
        "en": "The connector parses its options when the job is planned; a value of the wrong type fails the job.",
        "zh": "连接器在规划作业时解析选项；类型不对的取值会导致作业失败。",
    },
    "lint.CON002.fix": {"en": "Write the value in the option's format.", "zh": "按选项的格式书写取值。"},
    "lint.CON002.message": {
        "en": "'{value}' is not a valid {type} for {connector} option '{key}'; accepted: {formats}",
        "zh": "'{value}' 不是 {connector} 选项 '{key}' 的有效 {type} 值；可接受：{formats}",
    },
}
