"""Messages of the risk checks: every rule's title, rationale, fix and finding messages, and `cdcshell lint`.

Rule texts are keyed `lint.<CODE>.<part>`: `title`, `rationale`, `fix` (for `\\explain` and docs/rules.md) and
`message[.variant]` (the finding). English and Simplified Chinese side by side, same placeholders.

Size: a data table (en/zh texts), not logic; the rule texts are moving beside their rule families.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- where a value comes from ---------------------------------------------------------------------------
    "lint.origin.set": {"en": "SET at line {line}", "zh": "第 {line} 行的 SET"},
    "lint.origin.cluster": {"en": "cluster configuration ({name})", "zh": "集群配置（{name}）"},
    "lint.origin.session": {"en": "session configuration", "zh": "会话配置"},
    "lint.origin.default": {"en": "Flink default", "zh": "Flink 默认值"},
    "lint.why.unset": {"en": "'{key}' is not set", "zh": "未设置 '{key}'"},
    "lint.why.value": {"en": "'{key}' = '{value}' from {origin}", "zh": "'{key}' = '{value}'，来自{origin}"},
    # --- CK001 ----------------------------------------------------------------------------------------------
    "lint.CK001.title": {
        "en": "Checkpointing is off for a streaming job reading a CDC or Kafka source",
        "zh": "读取 CDC 或 Kafka 源的流作业未开启 checkpoint",
    },
    "lint.CK001.rationale": {
        "en": "A CDC or Kafka source keeps its read position (binlog offset, replication slot LSN, resume token, "
        "Kafka offsets) in checkpoints. Without checkpoints a restarted job starts over or fails. mongodb-cdc: "
        "the resume token only survives in checkpoints. postgres-cdc: the slot's confirmed LSN is only advanced "
        "after a completed checkpoint, so the server keeps all WAL and the disk fills up. mysql-cdc with "
        "incremental snapshot (the default): the switch from the snapshot to the binlog phase waits for a "
        "completed checkpoint, so the job never leaves the snapshot.",
        "zh": "CDC 或 Kafka 源把读取位置（binlog 位点、复制槽 LSN、resume token、Kafka 位点）保存在 checkpoint 中。"
        "没有 checkpoint，作业重启后会从头开始或直接失败。mongodb-cdc：resume token 只保存在 checkpoint 中。"
        "postgres-cdc：复制槽确认的 LSN 只在 checkpoint 完成后推进，数据库会一直保留 WAL，直到磁盘写满。"
        "开启增量快照（默认）的 mysql-cdc：从快照阶段切换到 binlog 阶段要等一次完成的 checkpoint，"
        "作业永远停留在快照阶段。",
    },
    "lint.CK001.fix": {
        "en": "Set a checkpoint interval before the statement that submits the job.",
        "zh": "在提交作业的语句之前设置 checkpoint 间隔。",
    },
    "lint.CK001.message.mongodb": {
        "en": "checkpointing is off ({why}) and {table} is a mongodb-cdc source: its resume token is only kept in "
        "checkpoints, so after any restart the job cannot resume where it stopped",
        "zh": "checkpoint 未开启（{why}），而 {table} 是 mongodb-cdc 源：resume token 只保存在 checkpoint 中，"
        "作业重启后无法从中断处继续",
    },
    "lint.CK001.message.postgres": {
        "en": "checkpointing is off ({why}) and {table} is a postgres-cdc source: the replication slot's LSN is "
        "only committed after a checkpoint, so PostgreSQL keeps every WAL segment and its disk fills up",
        "zh": "checkpoint 未开启（{why}），而 {table} 是 postgres-cdc 源：复制槽的 LSN 只在 checkpoint 之后提交，"
        "PostgreSQL 会保留全部 WAL，直到磁盘写满",
    },
    "lint.CK001.message.mysql": {
        "en": "checkpointing is off ({why}) and {table} is a mysql-cdc source with incremental snapshot: the "
        "binlog phase only starts after a completed checkpoint, so the job never leaves the snapshot phase",
        "zh": "checkpoint 未开启（{why}），而 {table} 是开启增量快照的 mysql-cdc 源：binlog 阶段要等一次完成的 "
        "checkpoint 才开始，作业永远停留在快照阶段",
    },
    "lint.CK001.message.other": {
        "en": "checkpointing is off ({why}) and {table} is a {connector} source: its read position is not saved, "
        "so a restarted job starts over",
        "zh": "checkpoint 未开启（{why}），而 {table} 是 {connector} 源：读取位置不会被保存，作业重启后会从头开始",
    },
    # --- CK002 ----------------------------------------------------------------------------------------------
    "lint.CK002.title": {
        "en": "Checkpoints are kept by the JobManager only",
        "zh": "checkpoint 只保存在 JobManager 中",
    },
    "lint.CK002.rationale": {
        "en": "Without a checkpoint directory, Flink keeps checkpoints in the JobManager's memory: when the "
        "JobManager goes away, so do they, and the job cannot be restored from its last position.",
        "zh": "没有设置 checkpoint 目录时，Flink 把 checkpoint 保存在 JobManager 内存中：JobManager 一旦退出，"
        "checkpoint 随之丢失，作业无法从最后的位置恢复。",
    },
    "lint.CK002.fix": {
        "en": "Set a checkpoint directory on durable storage that every TaskManager can reach.",
        "zh": "把 checkpoint 目录设置到所有 TaskManager 都能访问的持久存储上。",
    },
    "lint.CK002.message": {
        "en": "checkpointing is on but '{key}' is not set: checkpoints live in the JobManager's memory and are "
        "lost with it",
        "zh": "已开启 checkpoint，但未设置 '{key}'：checkpoint 保存在 JobManager 内存中，会随 JobManager 一起丢失",
    },
    "lint.CK002.message.filesystem": {
        "en": "'{storage_key}' is 'filesystem' ({origin}) but '{key}' is not set: Flink refuses to start the job",
        "zh": "'{storage_key}' 为 'filesystem'（{origin}），但未设置 '{key}'：Flink 会拒绝启动作业",
    },
    # --- CK003 ----------------------------------------------------------------------------------------------
    "lint.CK003.title": {
        "en": "Checkpoints are deleted when the job is cancelled",
        "zh": "作业取消时 checkpoint 会被删除",
    },
    "lint.CK003.rationale": {
        "en": "With retention DELETE_ON_CANCELLATION or NO_EXTERNALIZED_CHECKPOINTS (the default), cancelling a "
        "job deletes its checkpoints: it can then only be resumed from a savepoint, and a CDC source re-reads "
        "its whole snapshot.",
        "zh": "保留策略为 DELETE_ON_CANCELLATION 或 NO_EXTERNALIZED_CHECKPOINTS（默认）时，取消作业会删除它的 "
        "checkpoint：之后只能从 savepoint 恢复，CDC 源会重新读取整个快照。",
    },
    "lint.CK003.fix": {
        "en": "Retain checkpoints on cancellation.",
        "zh": "设置为取消作业时保留 checkpoint。",
    },
    "lint.CK003.message": {
        "en": "'{key}' is '{value}' ({origin}): cancelling this job deletes its checkpoints, so it cannot be "
        "resumed from a checkpoint after a cancel",
        "zh": "'{key}' 为 '{value}'（{origin}）：取消作业会删除它的 checkpoint，取消后无法再从 checkpoint 恢复",
    },
    # --- CK004 ----------------------------------------------------------------------------------------------
    "lint.CK004.title": {
        "en": "Checkpoint timeout too short for the interval",
        "zh": "checkpoint 超时相对间隔过短",
    },
    "lint.CK004.rationale": {
        "en": "A checkpoint that takes longer than the timeout is abandoned and counts as a failure; with the "
        "default of 0 tolerable failures the job restarts. Under backpressure or during a snapshot, checkpoints "
        "easily take a minute. A timeout of at least the interval (at least 1 min, at most the 10 min default) "
        "is a sensible floor.",
        "zh": "耗时超过超时时间的 checkpoint 会被放弃并计为失败；默认容忍 0 次失败，作业会因此重启。反压或快照期间，"
        "一次 checkpoint 很容易超过一分钟。超时至少应等于间隔（不少于 1 分钟，不多于默认的 10 分钟）。",
    },
    "lint.CK004.fix": {"en": "Raise the checkpoint timeout.", "zh": "调大 checkpoint 超时时间。"},
    "lint.CK004.message": {
        "en": "checkpoint timeout '{timeout}' ({origin}) is shorter than {bound} for an interval of {interval}: "
        "slow checkpoints will be abandoned and fail the job",
        "zh": "checkpoint 超时 '{timeout}'（{origin}）短于 {bound}（间隔为 {interval}）：较慢的 checkpoint "
        "会被放弃并导致作业失败",
    },
    # --- CK005 ----------------------------------------------------------------------------------------------
    "lint.CK005.title": {"en": "Checkpoint interval under one second", "zh": "checkpoint 间隔小于一秒"},
    "lint.CK005.rationale": {
        "en": "Every checkpoint costs a barrier round through the job, a state upload and (for postgres-cdc) an "
        "LSN commit. Under a second, checkpoints overlap or queue and slow the job for no gain.",
        "zh": "每次 checkpoint 都要让 barrier 流经整个作业、上传状态，postgres-cdc 还要提交 LSN。间隔小于一秒时 "
        "checkpoint 会重叠或排队，拖慢作业而没有收益。",
    },
    "lint.CK005.fix": {"en": "Use an interval of several seconds or more.", "zh": "使用数秒或更长的间隔。"},
    "lint.CK005.message": {
        "en": "checkpoint interval '{value}' ({origin}) is under one second",
        "zh": "checkpoint 间隔 '{value}'（{origin}）小于一秒",
    },
    # --- CK006 ----------------------------------------------------------------------------------------------
    "lint.CK006.title": {
        "en": "postgres-cdc snapshot without incremental snapshot blocks checkpoints",
        "zh": "未开启增量快照的 postgres-cdc 快照会阻塞 checkpoint",
    },
    "lint.CK006.rationale": {
        "en": "With 'scan.incremental.snapshot.enabled' = 'false' (the default for postgres-cdc) there is no "
        "recoverable position during the snapshot, so no checkpoint can complete until it ends; each one times "
        "out and counts as a failure, and by default the first failure restarts the job. The connector's docs "
        "recommend a long interval and many tolerable failed checkpoints, or enabling incremental snapshot.",
        "zh": "'scan.incremental.snapshot.enabled' = 'false'（postgres-cdc 的默认值）时，快照期间没有可恢复的位置，"
        "快照结束前任何 checkpoint 都无法完成；每次都会超时并计为失败，默认第一次失败就会重启作业。连接器文档建议"
        "使用较长的间隔并容忍较多的失败 checkpoint，或开启增量快照。",
    },
    "lint.CK006.fix": {
        "en": "Use a long interval and tolerate failed checkpoints, or enable incremental snapshot (needs a "
        "primary key or chunk key column).",
        "zh": "使用较长的间隔并容忍失败的 checkpoint，或开启增量快照（需要主键或 chunk key 列）。",
    },
    "lint.CK006.message": {
        "en": "{table} is read by postgres-cdc without incremental snapshot: no checkpoint can complete during "
        "its snapshot, and a large table's snapshot outlasts the timeout and restarts the job",
        "zh": "{table} 由未开启增量快照的 postgres-cdc 读取：快照期间任何 checkpoint 都无法完成，大表的快照会超过"
        "超时时间并导致作业重启",
    },
    # --- CK007 ----------------------------------------------------------------------------------------------
    "lint.CK007.title": {
        "en": "Savepoint path still set for the next job",
        "zh": "下一个作业仍会使用之前设置的 savepoint 路径",
    },
    "lint.CK007.rationale": {
        "en": "A SET of the restore path ('execution.state-recovery.path', formerly 'execution.savepoint.path') "
        "stays in the session: every later job restores from the same savepoint until the key is RESET (seen on "
        "1.20.3). A different job then fails to map the savepoint's state, or silently starts from another "
        "job's offsets.",
        "zh": "对恢复路径（'execution.state-recovery.path'，旧名 'execution.savepoint.path'）的 SET 会一直留在会话中："
        "在 RESET 之前，之后的每个作业都会从同一个 savepoint 恢复（在 1.20.3 中观察到）。不同的作业要么无法映射该 "
        "savepoint 的状态而失败，要么悄悄地从另一个作业的位点开始。",
    },
    "lint.CK007.fix": {
        "en": "RESET the restore path after the job that needed it.",
        "zh": "在需要它的作业之后 RESET 恢复路径。",
    },
    "lint.CK007.message": {
        "en": "'{key}' = '{path}' ({origin}) was already used by the job at line {line}: this job restores from "
        "the same savepoint too",
        "zh": "'{key}' = '{path}'（{origin}）已被第 {line} 行的作业使用：本作业也会从同一个 savepoint 恢复",
    },
    # --- CFG001 ---------------------------------------------------------------------------------------------
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
    # --- CFG002 ---------------------------------------------------------------------------------------------
    "lint.CFG002.title": {"en": "Deprecated (renamed) configuration key", "zh": "已弃用（已改名）的配置项"},
    "lint.CFG002.rationale": {
        "en": "The old name still works as an alias, but it loses against the new name wherever that is set "
        "(cluster, session), and the deprecation is only logged by the gateway, never shown to you.",
        "zh": "旧名称仍可作为别名使用，但只要新名称在任何地方（集群、会话）被设置，旧名称就会失效；"
        "弃用警告只写在 Gateway 日志里，不会显示给您。",
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
    # --- CFG003 ---------------------------------------------------------------------------------------------
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
    # --- CFG004 ---------------------------------------------------------------------------------------------
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
    # --- CFG005 ---------------------------------------------------------------------------------------------
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
        "会话中的 SET 'state.checkpoints.dir' 不起作用，checkpoint 写到了别处且没有任何提示）。",
    },
    "lint.CFG005.fix": {"en": "Set the new key instead.", "zh": "改为设置新名称。"},
    "lint.CFG005.message": {
        "en": "this SET has no effect: '{key}' is a deprecated name of '{new}', which is set to '{winner}' by "
        "{origin} and wins",
        "zh": "这条 SET 不起作用：'{key}' 是 '{new}' 的已弃用名称，而 {origin} 已把 '{new}' 设置为 '{winner}'，以其为准",
    },
    # --- CFG006 ---------------------------------------------------------------------------------------------
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
    # --- CON001 / CON002 ------------------------------------------------------------------------------------
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
    # --- PG -------------------------------------------------------------------------------------------------
    "lint.PG001.title": {
        "en": "Incremental snapshot without a primary key or chunk key",
        "zh": "开启增量快照但没有主键或 chunk key",
    },
    "lint.PG001.rationale": {
        "en": "Incremental snapshot splits the table into chunks by a key: the first primary key column, or "
        "'scan.incremental.snapshot.chunk.key-column'. Without either the source fails to start.",
        "zh": "增量快照按某个键把表切分成多个 chunk：主键的第一列，或 'scan.incremental.snapshot.chunk.key-column'。"
        "两者都没有时源无法启动。",
    },
    "lint.PG001.fix": {
        "en": "Declare a PRIMARY KEY ... NOT ENFORCED, or set a chunk key column (a non-null, "
        "preferably indexed column).",
        "zh": "声明 PRIMARY KEY ... NOT ENFORCED，或设置 chunk key 列（非空、最好有索引的列）。",
    },
    "lint.PG001.message": {
        "en": "{table} enables incremental snapshot but has no PRIMARY KEY and no "
        "'scan.incremental.snapshot.chunk.key-column'",
        "zh": "{table} 开启了增量快照，但既没有 PRIMARY KEY，也没有 'scan.incremental.snapshot.chunk.key-column'",
    },
    "lint.PG002.title": {"en": "Replication slot name missing or shared", "zh": "复制槽名称缺失或被共用"},
    "lint.PG002.rationale": {
        "en": "Each postgres-cdc source needs its own logical replication slot. Two sources on the same slot "
        "fail with 'replication slot \"flink\" is active for PID ...' as soon as both run.",
        "zh": "每个 postgres-cdc 源都需要自己的逻辑复制槽。两个源共用一个槽时，一旦同时运行就会报 "
        "'replication slot \"flink\" is active for PID ...'。",
    },
    "lint.PG002.fix": {
        "en": "Give every postgres-cdc table its own 'slot.name'.",
        "zh": "为每个 postgres-cdc 表设置各自的 'slot.name'。",
    },
    "lint.PG002.message": {
        "en": "{table} uses slot '{slot}' like {other} (same database): when both run, the second fails with "
        "'replication slot is active for PID ...'",
        "zh": "{table} 与 {other} 使用同一个复制槽 '{slot}'（同一数据库）：两者同时运行时，后者会以 "
        "'replication slot is active for PID ...' 失败",
    },
    "lint.PG002.message.missing": {
        "en": "{table} has no 'slot.name': the connector requires one, and each table needs its own",
        "zh": "{table} 没有 'slot.name'：连接器要求设置，而且每个表需要各自的槽",
    },
    "lint.PG003.title": {"en": "Replication slot used by two jobs", "zh": "复制槽被两个作业使用"},
    "lint.PG003.rationale": {
        "en": "Each INSERT is its own job with its own postgres-cdc reader. Two running jobs cannot share one "
        "slot: the second fails with 'replication slot is active for PID ...'. Put both INSERTs in one "
        "statement set (one job, one reader) or give each job a table with its own slot.",
        "zh": "每条 INSERT 都是一个独立的作业，各有自己的 postgres-cdc 读取器。两个运行中的作业不能共用一个槽："
        "后者会以 'replication slot is active for PID ...' 失败。请把两条 INSERT 放进同一个 STATEMENT SET"
        "（一个作业、一个读取器），或让每个作业使用带独立槽的表。",
    },
    "lint.PG003.fix": {
        "en": "Use one statement set, or one slot per job.",
        "zh": "使用一个 STATEMENT SET，或每个作业一个槽。",
    },
    "lint.PG003.message": {
        "en": "{table} reads slot '{slot}', already used by the job submitted at line {line}: this job will fail "
        "with 'replication slot is active for PID ...'",
        "zh": "{table} 读取复制槽 '{slot}'，而第 {line} 行提交的作业已在使用它：本作业会以 "
        "'replication slot is active for PID ...' 失败",
    },
    "lint.PG004.title": {
        "en": "Captured table without REPLICA IDENTITY FULL",
        "zh": "被捕获的表没有设置 REPLICA IDENTITY FULL",
    },
    "lint.PG004.rationale": {
        "en": "Without REPLICA IDENTITY FULL the WAL record of an UPDATE or DELETE has no 'before' image; the "
        "job fails on it, restores, re-reads the same record and fails again — a restart loop that only "
        "dropping the slot ends.",
        "zh": "没有 REPLICA IDENTITY FULL 时，UPDATE 或 DELETE 的 WAL 记录不含 'before' 镜像；作业在这条记录上失败、"
        "恢复、再次读到同一条记录并再次失败——只有删除复制槽才能结束这个重启循环。",
    },
    "lint.PG004.fix": {
        "en": "Run ALTER TABLE ... REPLICA IDENTITY FULL in PostgreSQL before starting the job.",
        "zh": "启动作业前在 PostgreSQL 中执行 ALTER TABLE ... REPLICA IDENTITY FULL。",
    },
    "lint.PG004.message": {
        "en": "{table} has REPLICA IDENTITY {identity}: the first UPDATE or DELETE sends the job into a restart "
        "loop that only dropping the slot ends",
        "zh": "{table} 的 REPLICA IDENTITY 为 {identity}：第一次 UPDATE 或 DELETE 就会让作业陷入只有删除复制槽才能"
        "结束的重启循环",
    },
    "lint.PG005.title": {"en": "Role without REPLICATION", "zh": "角色没有 REPLICATION 权限"},
    "lint.PG005.rationale": {
        "en": "Logical decoding needs a role with the REPLICATION attribute (or a superuser).",
        "zh": "逻辑解码需要具有 REPLICATION 属性的角色（或超级用户）。",
    },
    "lint.PG005.fix": {"en": "Grant REPLICATION to the role.", "zh": "为该角色授予 REPLICATION。"},
    "lint.PG005.message": {
        "en": "role '{role}' may not replicate: the source cannot create or read its slot",
        "zh": "角色 '{role}' 没有复制权限：源无法创建或读取复制槽",
    },
    "lint.PG006.title": {"en": "wal_level is not logical", "zh": "wal_level 不是 logical"},
    "lint.PG006.rationale": {
        "en": "Logical replication slots need wal_level = logical, which only takes effect after a restart of "
        "PostgreSQL.",
        "zh": "逻辑复制槽需要 wal_level = logical，且修改后需要重启 PostgreSQL 才生效。",
    },
    "lint.PG006.fix": {
        "en": "Set wal_level to logical and restart PostgreSQL.",
        "zh": "把 wal_level 设置为 logical 并重启 PostgreSQL。",
    },
    "lint.PG006.message": {
        "en": "{target} runs with wal_level = {level}: no logical replication slot can be created",
        "zh": "{target} 的 wal_level = {level}：无法创建逻辑复制槽",
    },
    "lint.PG007.title": {
        "en": "Publication missing, not creatable, or without the table",
        "zh": "发布不存在、无法创建或不包含该表",
    },
    "lint.PG007.rationale": {
        "en": "With 'decoding.plugin.name' = 'pgoutput' the connector reads through a publication "
        "(dbz_publication by default). When it does not exist it is created FOR ALL TABLES, which needs a "
        "superuser; in 'filtered' mode the role must own the tables. An existing publication is used as it is: "
        "a captured table that is not in it never sends a change.",
        "zh": "'decoding.plugin.name' = 'pgoutput' 时连接器通过发布（默认 dbz_publication）读取变更。发布不存在时"
        "会以 FOR ALL TABLES 创建，这需要超级用户；'filtered' 模式下角色必须是这些表的属主。已存在的发布会被原样使用："
        "不在其中的被捕获表永远不会发送变更。",
    },
    "lint.PG007.fix": {
        "en": "Create the publication as a superuser or the tables' owner.",
        "zh": "以超级用户或表属主身份创建发布。",
    },
    "lint.PG007.message": {
        "en": "publication '{publication}' does not exist and role '{role}' may not create it: the job fails "
        "at start",
        "zh": "发布 '{publication}' 不存在，且角色 '{role}' 无权创建：作业会在启动时失败",
    },
    "lint.PG007.message.not_included": {
        "en": "publication '{publication}' exists but does not include {tables}: the connector uses it as it is, "
        "so changes of those tables never arrive",
        "zh": "发布 '{publication}' 已存在，但不包含 {tables}：连接器会原样使用它，这些表的变更永远不会到达",
    },
    "lint.PG008.title": {"en": "Database not reachable for checks", "zh": "无法连接数据库进行检查"},
    "lint.PG008.rationale": {
        "en": "The database checks (replica identity, role, wal_level, publication) could not run.",
        "zh": "数据库检查（replica identity、角色、wal_level、发布）未能执行。",
    },
    "lint.PG008.fix": {
        "en": "Check hostname, port and credentials of the table.",
        "zh": "检查表的 hostname、port 和凭据。",
    },
    "lint.PG008.message": {
        "en": "could not check {table} at {target}: {reason}",
        "zh": "无法检查 {table}（{target}）：{reason}",
    },
    "lint.PG008.message.no_table": {
        "en": "no table of {target} matches the schema-name/table-name of {table}",
        "zh": "{target} 中没有与 {table} 的 schema-name/table-name 匹配的表",
    },
    # --- MDB ------------------------------------------------------------------------------------------------
    "lint.MDB001.title": {"en": "mongodb-cdc without heartbeats", "zh": "mongodb-cdc 未开启心跳"},
    "lint.MDB001.rationale": {
        "en": "The resume token only moves when the collection changes. On a quiet collection it points at an "
        "ever older oplog entry; once that entry is gone, the job cannot resume from its checkpoint. "
        "'heartbeat.interval.ms' (milliseconds; default 0 = off) moves it forward.",
        "zh": "resume token 只在集合变化时前进。集合很少变化时，它指向的 oplog 记录越来越旧；一旦该记录被覆盖，"
        "作业就无法从 checkpoint 恢复。'heartbeat.interval.ms'（毫秒；默认 0 = 关闭）可以推动它前进。",
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
        "zh": "恢复时连接器会向 change stream 请求 checkpoint 中记录的位置。oplog 窗口（local.oplog.rs 第一条到"
        "最后一条记录）必须覆盖作业可能停机的时间加上一个 checkpoint 间隔，否则该位置已不存在。",
    },
    "lint.MDB002.fix": {
        "en": "Enlarge the oplog (replSetResizeOplog) or shorten the time a job may be down.",
        "zh": "扩大 oplog（replSetResizeOplog），或缩短作业可能停机的时间。",
    },
    "lint.MDB002.message.measured": {
        "en": "the oplog behind {table} covers {window}, less than the {needed} a resume may need "
        "({downtime} down + {interval} checkpoint interval)",
        "zh": "{table} 背后的 oplog 只覆盖 {window}，少于恢复可能需要的 {needed}（停机 {downtime} + checkpoint 间隔 "
        "{interval}）",
    },
    "lint.MDB002.message.declared": {
        "en": "the declared oplog window of {window} for {table} is less than the {needed} a resume may need "
        "({downtime} down + {interval} checkpoint interval)",
        "zh": "{table} 声明的 oplog 窗口 {window} 少于恢复可能需要的 {needed}（停机 {downtime} + checkpoint 间隔 "
        "{interval}）",
    },
    "lint.MDB002.message.unreachable": {
        "en": "could not read the oplog window for {table} at {target}: {reason}",
        "zh": "无法读取 {table}（{target}）的 oplog 窗口：{reason}",
    },
    # --- MY -------------------------------------------------------------------------------------------------
    "lint.MY001.title": {"en": "mysql-cdc server-id range", "zh": "mysql-cdc 的 server-id 范围"},
    "lint.MY001.rationale": {
        "en": "Every parallel reader joins MySQL as a replica with a server id of its own, so 'server-id' must be "
        "a range at least as large as the source parallelism. Without it a random id is picked, and two jobs "
        "(or a real replica) with the same id kick each other off the binlog.",
        "zh": "每个并行读取器都以独立的 server id 作为副本加入 MySQL，因此 'server-id' 必须是不小于源并行度的范围。"
        "不设置时会随机选取一个 id，两个作业（或真正的副本）使用相同 id 时会互相把对方踢出 binlog。",
    },
    "lint.MY001.fix": {
        "en": "Set a server-id range, unique in the MySQL cluster, with one id per reader.",
        "zh": "设置在 MySQL 集群中唯一、每个读取器一个 id 的 server-id 范围。",
    },
    "lint.MY001.message": {
        "en": "{table}: 'server-id' = '{value}' gives {count} id(s) for a source parallelism of {parallelism}",
        "zh": "{table}：'server-id' = '{value}' 只提供 {count} 个 id，而源并行度为 {parallelism}",
    },
    "lint.MY001.message.missing": {
        "en": "{table} has no 'server-id': a random id is used, and a clash with another job or replica kicks "
        "this reader off the binlog",
        "zh": "{table} 未设置 'server-id'：将随机选用 id，与其他作业或副本冲突时读取器会被踢出 binlog",
    },
    # --- KF -------------------------------------------------------------------------------------------------
    "lint.KF001.title": {
        "en": "Exactly-once Kafka sink without checkpointing",
        "zh": "exactly-once 的 Kafka sink 未开启 checkpoint",
    },
    "lint.KF001.rationale": {
        "en": "An exactly-once Kafka sink writes in transactions committed on checkpoints: without checkpoints "
        "nothing is ever committed and read_committed consumers see nothing.",
        "zh": "exactly-once 的 Kafka sink 在事务中写入，并在 checkpoint 时提交：没有 checkpoint 就永远不会提交，"
        "read_committed 的消费者什么也看不到。",
    },
    "lint.KF001.fix": {"en": "Turn checkpointing on.", "zh": "开启 checkpoint。"},
    "lint.KF001.message": {
        "en": "{table} is an exactly-once Kafka sink but checkpointing is off: no transaction is ever committed",
        "zh": "{table} 是 exactly-once 的 Kafka sink，但 checkpoint 未开启：事务永远不会提交",
    },
    "lint.KF002.title": {
        "en": "Exactly-once Kafka sink without transactional id prefix",
        "zh": "exactly-once 的 Kafka sink 没有事务 id 前缀",
    },
    "lint.KF002.rationale": {
        "en": "The Kafka connector requires 'sink.transactional-id-prefix' for exactly-once delivery, unique per "
        "job writing to the cluster, so that transactions of different jobs do not fence each other.",
        "zh": "exactly-once 投递要求设置 'sink.transactional-id-prefix'，且每个写入该集群的作业各不相同，"
        "以免不同作业的事务互相隔离（fence）。",
    },
    "lint.KF002.fix": {
        "en": "Set a transactional id prefix unique to this job.",
        "zh": "设置本作业唯一的事务 id 前缀。",
    },
    "lint.KF002.message": {
        "en": "{table} uses exactly-once delivery without 'sink.transactional-id-prefix': the connector rejects it",
        "zh": "{table} 使用 exactly-once 投递但没有 'sink.transactional-id-prefix'：连接器会拒绝",
    },
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
    "lint.explain.key.values": {"en": "values: {values}", "zh": "可选值：{values}"},
    "lint.explain.key.deprecated_names": {"en": "deprecated names: {names}", "zh": "已弃用的名称：{names}"},
    "lint.explain.key.renamed": {
        "en": "'{key}' is a deprecated name of '{new}'.",
        "zh": "'{key}' 是 '{new}' 的已弃用名称。",
    },
    "lint.explain.key.removed": {
        "en": "'{key}' has no effect on Flink {version}.",
        "zh": "'{key}' 在 Flink {version} 中不起作用。",
    },
    "lint.explain.key.rules": {"en": "rules that read it: {rules}", "zh": "读取它的规则：{rules}"},
    "lint.explain.key.example": {"en": "example: {statement}", "zh": "示例：{statement}"},
    "lint.explain.connector_option": {
        "en": "Option '{key}' of {connector}",
        "zh": "{connector} 的选项 '{key}'",
    },
    # --- cdcshell lint --------------------------------------------------------------------------------------
    "lint.cli.usage": {
        "en": "usage: cdcshell lint FILE... [--flink-version V] [--cluster-config FILE] [--format text|json|sarif] "
        "[--connect] [--timeout DURATION] [--oplog-window DURATION] [--max-downtime DURATION] [--lang en|zh]",
        "zh": "用法：cdcshell lint 文件... [--flink-version 版本] [--cluster-config 文件] [--format text|json|sarif] "
        "[--connect] [--timeout 时长] [--oplog-window 时长] [--max-downtime 时长] [--lang en|zh]",
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
        "en": "{errors} error(s), {warnings} warning(s) in {files} file(s)",
        "zh": "{files} 个文件中有 {errors} 个错误、{warnings} 个警告",
    },
}
