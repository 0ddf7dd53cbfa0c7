"""The texts of the CK rules (cdcshell/lint/rules/checkpoint.py), beside the rules that say them: each rule's
`title`, `rationale` and `fix` (for `\\explain` and docs/rules.md) and its finding messages `message[.variant]`,
English and Simplified Chinese side by side with the same placeholders. Loaded with the `lint` area of the
catalog (cdcshell/i18n/messages/lint.py), never at start-up."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.CK001.title": {
        "en": "Checkpointing is off for a streaming job reading a CDC or Kafka source",
        "zh": "读取 CDC 或 Kafka 源的流作业未开启 Checkpoint",
    },
    "lint.CK001.rationale": {
        "en": "A CDC or Kafka source keeps its read position (binlog offset, replication slot LSN, resume token, "
        "Kafka offsets) in checkpoints. Without checkpoints a restarted job starts over or fails. mongodb-cdc: "
        "the resume token only survives in checkpoints. postgres-cdc: the slot's confirmed LSN is only advanced "
        "after a completed checkpoint, so the server keeps all WAL and the disk fills up. mysql-cdc with "
        "incremental snapshot (the default): the switch from the snapshot to the binlog phase waits for a "
        "completed checkpoint, so the job never leaves the snapshot.",
        "zh": "CDC 或 Kafka 源把读取位置（binlog 位点、复制槽 LSN、resume token、Kafka 位点）保存在 Checkpoint 中。"
        "没有 Checkpoint，作业重启后会从头开始或直接失败。mongodb-cdc：resume token 只保存在 Checkpoint 中。"
        "postgres-cdc：复制槽确认的 LSN 只在 Checkpoint 完成后推进，数据库会一直保留 WAL，直到磁盘写满。"
        "开启增量快照（默认）的 mysql-cdc：要等到一次 Checkpoint 完成，才会从快照阶段切换到 binlog 阶段，"
        "作业永远停留在快照阶段。",
    },
    "lint.CK001.fix": {
        "en": "Set a checkpoint interval before the statement that submits the job.",
        "zh": "在提交作业的语句之前设置 Checkpoint 间隔。",
    },
    "lint.CK001.message.mongodb": {
        "en": "checkpointing is off ({why}) and {table} is a mongodb-cdc source: its resume token is only kept in "
        "checkpoints, so after any restart the job cannot resume where it stopped",
        "zh": "Checkpoint 未开启（{why}），而 {table} 是 mongodb-cdc 源：resume token 只保存在 Checkpoint 中，"
        "作业重启后无法从中断处继续",
    },
    "lint.CK001.message.postgres": {
        "en": "checkpointing is off ({why}) and {table} is a postgres-cdc source: the replication slot's LSN is "
        "only committed after a checkpoint, so PostgreSQL keeps every WAL segment and its disk fills up",
        "zh": "Checkpoint 未开启（{why}），而 {table} 是 postgres-cdc 源：复制槽的 LSN 只在 Checkpoint 之后提交，"
        "PostgreSQL 会保留全部 WAL，直到磁盘写满",
    },
    "lint.CK001.message.mysql": {
        "en": "checkpointing is off ({why}) and {table} is a mysql-cdc source with incremental snapshot: the "
        "binlog phase only starts after a completed checkpoint, so the job never leaves the snapshot phase",
        "zh": "Checkpoint 未开启（{why}），而 {table} 是开启增量快照的 mysql-cdc 源：要等到一次 Checkpoint 完成，binlog "
        "阶段才会开始，作业永远停留在快照阶段",
    },
    "lint.CK001.message.other": {
        "en": "checkpointing is off ({why}) and {table} is a {connector} source: its read position is not saved, "
        "so a restarted job starts over",
        "zh": "Checkpoint 未开启（{why}），而 {table} 是 {connector} 源：读取位置不会被保存，作业重启后会从头开始",
    },
    "lint.CK002.title": {
        "en": "Checkpoints are kept by the JobManager only",
        "zh": "Checkpoint 只保存在 JobManager 中",
    },
    "lint.CK002.rationale": {
        "en": "Without a checkpoint directory, Flink keeps checkpoints in the JobManager's memory: when the "
        "JobManager goes away, so do they, and the job cannot be restored from its last position.",
        "zh": "没有设置 Checkpoint 目录时，Flink 把 Checkpoint 保存在 JobManager 内存中：JobManager 一旦退出，"
        "Checkpoint 随之丢失，作业无法从最后的位置恢复。",
    },
    "lint.CK002.fix": {
        "en": "Set a checkpoint directory on durable storage that every TaskManager can reach.",
        "zh": "把 Checkpoint 目录设置到所有 TaskManager 都能访问的持久存储上。",
    },
    "lint.CK002.message": {
        "en": "checkpointing is on but '{key}' is not set: checkpoints live in the JobManager's memory and are "
        "lost with it",
        "zh": "已开启 Checkpoint，但未设置 '{key}'：Checkpoint 保存在 JobManager 内存中，会随 JobManager 一起丢失",
    },
    "lint.CK002.message.filesystem": {
        "en": "'{storage_key}' is 'filesystem' ({origin}) but '{key}' is not set: Flink refuses to start the job",
        "zh": "'{storage_key}' 为 'filesystem'（{origin}），但未设置 '{key}'：Flink 会拒绝启动作业",
    },
    "lint.CK003.title": {
        "en": "Checkpoints are deleted when the job is cancelled",
        "zh": "作业取消时 Checkpoint 会被删除",
    },
    "lint.CK003.rationale": {
        "en": "With retention DELETE_ON_CANCELLATION or NO_EXTERNALIZED_CHECKPOINTS (the default), cancelling a "
        "job deletes its checkpoints: it can then only be resumed from a savepoint, and a CDC source re-reads "
        "its whole snapshot.",
        "zh": "保留策略为 DELETE_ON_CANCELLATION 或 NO_EXTERNALIZED_CHECKPOINTS（默认）时，取消作业会删除它的 "
        "Checkpoint：之后只能从 Savepoint 恢复，CDC 源会重新读取整个快照。",
    },
    "lint.CK003.fix": {
        "en": "Retain checkpoints on cancellation.",
        "zh": "设置为取消作业时保留 Checkpoint。",
    },
    "lint.CK003.message": {
        "en": "'{key}' is '{value}' ({origin}): cancelling this job deletes its checkpoints, so it cannot be "
        "resumed from a checkpoint after a cancel",
        "zh": "'{key}' 为 '{value}'（{origin}）：取消作业会删除它的 Checkpoint，取消后无法再从 Checkpoint 恢复",
    },
    "lint.CK005.title": {"en": "Checkpoint interval under one second", "zh": "Checkpoint 间隔小于一秒"},
    "lint.CK005.rationale": {
        "en": "Every checkpoint costs a barrier round through the job, a state upload and (for postgres-cdc) an "
        "LSN commit. Under a second, checkpoints overlap or queue and slow the job for no gain.",
        "zh": "每次 Checkpoint 都要让 barrier 流经整个作业、上传状态，postgres-cdc 还要提交 LSN。间隔小于一秒时 "
        "Checkpoint 会重叠或排队，拖慢作业而没有收益。",
    },
    "lint.CK005.fix": {"en": "Use an interval of several seconds or more.", "zh": "使用数秒或更长的间隔。"},
    "lint.CK005.message": {
        "en": "checkpoint interval '{value}' ({origin}) is under one second",
        "zh": "Checkpoint 间隔 '{value}'（{origin}）小于一秒",
    },
    "lint.CK006.title": {
        "en": "Legacy CDC snapshot blocks checkpoints",
        "zh": "旧版 CDC 源的快照会阻塞 Checkpoint",
    },
    "lint.CK006.rationale": {
        "en": "Every legacy Debezium source — postgres-cdc and mongodb-cdc by default, mysql-cdc with "
        "'scan.incremental.snapshot.enabled' = 'false' — holds the checkpoint lock for the whole snapshot phase "
        "(DebeziumChangeFetcher), so no checkpoint can complete until the snapshot ends; each one times out and "
        "counts as a failure, and by default the first failure restarts the job. Use a long interval and many "
        "tolerable failed checkpoints, or the incremental snapshot.",
        "zh": "所有旧版 Debezium 源——默认的 postgres-cdc 和 mongodb-cdc，以及 'scan.incremental.snapshot.enabled' = "
        "'false' 的 mysql-cdc——在整个快照阶段都持有 Checkpoint 锁（DebeziumChangeFetcher），快照结束前任何 Checkpoint "
        "都无法完成；每次都会超时并计为失败，默认第一次失败就会重启作业。请使用较长的间隔并容忍较多失败的 Checkpoint，"
        "或改用增量快照。",
    },
    "lint.CK006.fix": {
        "en": "Use a long interval and tolerate failed checkpoints, or enable incremental snapshot (needs a "
        "primary key or chunk key column).",
        "zh": "使用较长的间隔并容忍失败的 Checkpoint，或开启增量快照（需要主键或 chunk key 列）。",
    },
    "lint.CK006.message": {
        "en": "{table} is read by the legacy {connector} source: no checkpoint can complete during its snapshot, "
        "and a large table's snapshot outlasts the timeout and restarts the job",
        "zh": "{table} 由旧版 {connector} 源读取：快照期间任何 Checkpoint 都无法完成，大表的快照会超过超时时间并导致作业重启",
    },
    "lint.CK007.title": {
        "en": "Savepoint path still set for the next job",
        "zh": "下一个作业仍会使用之前设置的 Savepoint 路径",
    },
    "lint.CK007.rationale": {
        "en": "A SET of the restore path ('execution.state-recovery.path', formerly 'execution.savepoint.path') "
        "stays in the session: every later job restores from the same savepoint until the key is RESET (seen on "
        "1.20.3). A different job then fails to map the savepoint's state, or silently starts from another "
        "job's offsets.",
        "zh": "对恢复路径（'execution.state-recovery.path'，旧名 'execution.savepoint.path'）的 SET 会一直留在会话中："
        "在 RESET 之前，之后的每个作业都会从同一个 Savepoint 恢复（在 1.20.3 中观察到）。不同的作业要么无法映射该 "
        "Savepoint 的状态而失败，要么悄悄地从另一个作业的位点开始。",
    },
    "lint.CK007.fix": {
        "en": "RESET the restore path after the job that needed it.",
        "zh": "在需要它的作业之后 RESET 恢复路径。",
    },
    "lint.CK007.message": {
        "en": "'{key}' = '{path}' ({origin}) was already used by the job at line {line}: this job restores from "
        "the same savepoint too",
        "zh": "'{key}' = '{path}'（{origin}）已被第 {line} 行的作业使用：本作业也会从同一个 Savepoint 恢复",
    },
}
