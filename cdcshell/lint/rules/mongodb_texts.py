"""The texts of the MDB rules (cdcshell/lint/rules/mongodb.py), beside the rules that say them: each rule's
`title`, `rationale` and `fix` (for `\\explain` and docs/rules.md) and its finding messages `message[.variant]`,
English and Simplified Chinese side by side with the same placeholders. Loaded with the `lint` area of the
catalog (cdcshell/i18n/messages/lint.py), never at start-up."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.MDB001.title": {"en": "mongodb-cdc without heartbeats", "zh": "mongodb-cdc 未开启心跳"},
    "lint.MDB001.rationale": {
        "en": "The resume token only moves when the collection changes. On a quiet collection it points at an "
        "ever older oplog entry; once that entry is gone, the job cannot resume from its checkpoint. "
        "'heartbeat.interval.ms' (milliseconds; default 0 = off) moves it forward.",
        "zh": "resume token 只在集合变化时前进。集合很少变化时，它指向的 oplog 记录越来越旧；一旦该记录被覆盖，"
        "作业就无法从 Checkpoint 恢复。'heartbeat.interval.ms'（毫秒；默认 0 = 关闭）可以推动它前进。",
    },
    "lint.MDB001.fix": {"en": "Turn heartbeats on.", "zh": "开启心跳。"},
    "lint.MDB001.message": {
        "en": "{table} has no 'heartbeat.interval.ms': on a quiet collection the resume token goes stale and the "
        "job cannot resume",
        "zh": "{table} 未设置 'heartbeat.interval.ms'：集合很少变化时 resume token 会过期，作业无法恢复",
    },
    "lint.MDB002.title": {
        "en": "Oplog window shorter than a possible outage",
        "zh": "oplog 窗口短于可能的停机时间",
    },
    "lint.MDB002.rationale": {
        "en": "On resume the connector asks the change stream for the position in its checkpoint. The oplog "
        "window (first to last entry of local.oplog.rs) must cover the time the job may be down plus one "
        "checkpoint interval, or the position is gone.",
        "zh": "恢复时连接器会向 change stream 请求 Checkpoint 中记录的位置。oplog 窗口（local.oplog.rs 第一条到"
        "最后一条记录）必须覆盖作业可能停机的时间加上一个 Checkpoint 间隔，否则该位置已不存在。",
    },
    "lint.MDB002.fix": {
        "en": "Enlarge the oplog (replSetResizeOplog) or shorten the time a job may be down.",
        "zh": "扩大 oplog（replSetResizeOplog），或缩短作业可能停机的时间。",
    },
    "lint.MDB002.message.measured": {
        "en": "the oplog behind {table} covers {window}, less than the {needed} a resume may need "
        "({downtime} down + {interval} checkpoint interval)",
        "zh": "{table} 背后的 oplog 只覆盖 {window}，少于恢复可能需要的 {needed}（停机 {downtime} + Checkpoint 间隔 "
        "{interval}）",
    },
    "lint.MDB002.message.declared": {
        "en": "the declared oplog window of {window} for {table} is less than the {needed} a resume may need "
        "({downtime} down + {interval} checkpoint interval)",
        "zh": "{table} 声明的 oplog 窗口 {window} 少于恢复可能需要的 {needed}（停机 {downtime} + Checkpoint 间隔 "
        "{interval}）",
    },
    "lint.MDB002.message.unreachable": {
        "en": "could not read the oplog window for {table} at {target}: {reason}",
        "zh": "无法读取 {table}（{target}）的 oplog 窗口：{reason}",
    },
}
