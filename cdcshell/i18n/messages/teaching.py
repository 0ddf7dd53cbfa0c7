"""Messages of the teaching features: the session transcript, `\\help TOPIC` and `\\explain`.

A data table (its size is the number of texts, in two languages), not logic.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- transcript (--record FILE)
    "teach.transcript.title": {"en": "cdcshell session", "zh": "cdcshell 会话记录"},
    "teach.transcript.recorded": {
        "en": "Recorded with cdcshell --record on {when}. Passwords and other secrets are masked.",
        "zh": "由 cdcshell --record 于 {when} 录制。密码等敏感信息已隐去。",
    },
    "teach.transcript.ended": {
        "en": "End of the session ({when}, {count} statements).",
        "zh": "会话结束（{when}，共 {count} 条语句）。",
    },
    "teach.transcript.cannot_open": {
        "en": "Cannot record the session to {path}: {error}. The shell runs without a transcript; "
        "choose a writable file with --record FILE.",
        "zh": "无法将会话记录到 {path}：{error}。本次不生成记录；请用 --record FILE 指定一个可写的文件。",
    },
    "teach.transcript.write_failed": {
        "en": "Recording stopped: cannot write to {path} ({error}). What was recorded so far is kept.",
        "zh": "记录已停止：无法写入 {path}（{error}）。已记录的内容会保留。",
    },
}

# ---------------------------------------------------------------- \explain KEY: the project's own explanations
# One entry per checkpoint, state or CDC key: what it does for a CDC pipeline, in plain words. The example
# statements are SQL and live in `cdcshell/lint/explainer.py`.
MESSAGES.update(
    {
        "teach.explain.usage": {
            "en": "\\explain RULE|KEY — e.g. \\explain CK001, \\explain execution.checkpointing.interval",
            "zh": "\\explain 规则|配置项 —— 例如 \\explain CK001、\\explain execution.checkpointing.interval",
        },
        "teach.explain.unknown": {
            "en": "{ref!r} is neither a rule code nor a configuration key or connector option known to Flink {version}.",
            "zh": "{ref!r} 既不是规则编号，也不是 Flink {version} 已知的配置项或连接器选项。",
        },
        "teach.explain.did_you_mean": {"en": "Did you mean: {names}?", "zh": "您是否想找：{names}？"},
        "teach.explain.unknown_hint": {
            "en": "\\help rules lists the rules; \\help set explains how settings work.",
            "zh": "\\help rules 列出所有规则；\\help set 说明配置的用法。",
        },
        "teach.explain.in_short": {"en": "In short:", "zh": "简而言之："},
        "teach.explain.example": {"en": "Example:", "zh": "示例："},
        "teach.explain.flink_says": {"en": "Flink's description:", "zh": "Flink 官方说明："},
        "teach.explain.values": {"en": "allowed values: {values}", "zh": "可选值：{values}"},
        "teach.explain.deprecated_names": {
            "en": "deprecated names: {names}",
            "zh": "已弃用的旧名称：{names}",
        },
        "teach.explain.required": {"en": "required", "zh": "必填"},
        "teach.explain.unavailable": {
            "en": "Option {key!r} of {connector}, which is not available for Flink {version}: {reason}",
            "zh": "{key!r} 是 {connector} 的选项，该连接器在 Flink {version} 上不可用：{reason}",
        },
        "teach.explain.help": {
            "en": "explain a risk check (rule code) or a configuration key, with an example",
            "zh": "解释一条风险检查（规则编号）或一个配置项，并给出示例",
        },
        # checkpointing
        "teach.key.execution.checkpointing.interval": {
            "en": "How often Flink takes a checkpoint: a consistent copy of the job's state and of each source's read "
            "position. Unset (the default) means no checkpoints at all: a CDC source never confirms its position "
            "(PostgreSQL keeps all WAL for the slot) and a restarted job starts over. It is read when the job is "
            "submitted, so SET it before the INSERT. A few seconds suits a workshop; 30 s to a few minutes is "
            "usual in production.",
            "zh": "Flink 多久做一次 Checkpoint：把作业状态和每个 source 的读取位置保存一份一致的副本。不设置（默认）就完全没有"
            "Checkpoint：CDC source 永远不会确认读取位置（PostgreSQL 会为该复制槽保留全部 WAL），作业重启后只能从头开始。"
            "该配置在提交作业时读取，因此要在 INSERT 之前 SET。工作坊里用几秒即可，生产环境通常为 30 秒到几分钟。",
        },
        "teach.key.execution.checkpointing.mode": {
            "en": "EXACTLY_ONCE (the default) aligns the checkpoint barriers, so every record's effect on state is in "
            "exactly one checkpoint; AT_LEAST_ONCE skips the alignment (less latency under backpressure) but a "
            "record may count twice after a restore. It is about Flink's state: whether a sink writes a row twice "
            "depends on the sink (a JDBC sink with a primary key overwrites instead).",
            "zh": "EXACTLY_ONCE（默认）会对齐 Checkpoint barrier，每条记录对状态的影响恰好落在一个 Checkpoint 里；AT_LEAST_ONCE 跳过对齐"
            "（反压时延迟更低），但恢复后一条记录可能被计算两次。它只关乎 Flink 的状态：sink 会不会重复写一行取决于 sink"
            "本身（有主键的 JDBC sink 会覆盖而不是重复插入）。",
        },
        "teach.key.execution.checkpointing.timeout": {
            "en": "A checkpoint not completed within this time is declared failed (default 10 min). Too short, and a "
            "job with a large state or under backpressure never completes one; each failure counts against "
            "execution.checkpointing.tolerable-failed-checkpoints.",
            "zh": "超过这个时间仍未完成的 Checkpoint 被判为失败（默认 10 分钟）。设得太短，状态大或有反压的作业将永远完成不了 Checkpoint；"
            "每次失败都计入 execution.checkpointing.tolerable-failed-checkpoints。",
        },
        "teach.key.execution.checkpointing.min-pause": {
            "en": "The least time between the end of one checkpoint and the start of the next (default 0). It keeps a "
            "slow checkpoint from leaving the job checkpointing back to back with no time to process records.",
            "zh": "上一个 Checkpoint 结束到下一个开始之间的最短间隔（默认 0）。它避免 Checkpoint 变慢时作业一个接一个地做 Checkpoint，"
            "没有时间处理数据。",
        },
        "teach.key.execution.checkpointing.max-concurrent-checkpoints": {
            "en": "How many checkpoints may be in progress at the same time (default 1). Keep 1 unless checkpoints take "
            "longer than the interval; a min-pause above 0 forces 1 anyway.",
            "zh": "同时进行中的 Checkpoint 最多几个（默认 1）。除非 Checkpoint 耗时超过间隔，否则保持 1；min-pause 大于 0 时也只能是 1。",
        },
        "teach.key.execution.checkpointing.tolerable-failed-checkpoints": {
            "en": "How many checkpoint failures in a row the job tolerates (default 0: the first failed checkpoint, for "
            "example a timeout, fails the job, which then restarts from the last completed checkpoint).",
            "zh": "作业能容忍连续多少次 Checkpoint 失败（默认 0：第一次失败，例如超时，就会让作业失败，随后从最近完成的 Checkpoint 重启）。",
        },
        "teach.key.execution.checkpointing.externalized-checkpoint-retention": {
            "en": "What becomes of the latest checkpoint when the job is cancelled. RETAIN_ON_CANCELLATION keeps it, so "
            "the job can be resumed from it (execution.state-recovery.path) even without a savepoint; you then "
            "delete old checkpoints yourself. DELETE_ON_CANCELLATION and the default remove it with the job.",
            "zh": "作业被取消时最近的 Checkpoint 如何处理。RETAIN_ON_CANCELLATION 会保留它，即使没有 Savepoint 也能从它恢复"
            "（execution.state-recovery.path），但旧 Checkpoint 需要自己清理。DELETE_ON_CANCELLATION 和默认值会随作业一起删除它。",
        },
        "teach.key.execution.checkpointing.num-retained": {
            "en": "How many completed checkpoints are kept (default 1). Keep a few more to be able to go further back, "
            "for example when the data of the latest one turns out to be wrong.",
            "zh": "保留多少个已完成的 Checkpoint（默认 1）。多保留几个就能回退得更远，例如发现最近一个 Checkpoint 的数据有问题时。",
        },
        "teach.key.execution.checkpointing.dir": {
            "en": "Where checkpoints are written: a file system every JobManager and TaskManager can reach "
            "(file:///… on one machine, s3://… or hdfs://… on a cluster). Without it checkpoints live in the "
            "JobManager's memory and are gone when it goes. Each job writes under <dir>/<job id>/chk-<n>.",
            "zh": "Checkpoint 写到哪里：所有 JobManager 和 TaskManager 都能访问的文件系统（单机用 file:///…，集群用 s3://… 或 "
            "hdfs://…）。不设置时 Checkpoint 保存在 JobManager 内存中，JobManager 一停就没了。每个作业写在 "
            "<dir>/<作业 ID>/chk-<n> 下。",
        },
        "teach.key.execution.checkpointing.savepoint-dir": {
            "en": "The default directory of savepoints, used when \\stop --savepoint or \\savepoint names none.",
            "zh": "Savepoint 的默认目录，\\stop --savepoint 或 \\savepoint 未指定目录时使用。",
        },
        "teach.key.execution.checkpointing.storage": {
            "en": "Which checkpoint storage is used: 'jobmanager' (in memory, for tests only) or 'filesystem' "
            "(execution.checkpointing.dir). Setting a checkpoint directory chooses 'filesystem' for you.",
            "zh": "使用哪种 Checkpoint 存储：'jobmanager'（内存，仅用于测试）或 'filesystem'（execution.checkpointing.dir）。"
            "设置了 Checkpoint 目录就会自动选择 'filesystem'。",
        },
        "teach.key.execution.checkpointing.incremental": {
            "en": "With the RocksDB state backend, upload only the files that changed since the last checkpoint instead "
            "of the whole state: large states checkpoint much faster. No effect with the hashmap backend.",
            "zh": "使用 RocksDB 状态后端时，只上传自上个 Checkpoint 以来变化的文件，而不是整个状态：大状态的 Checkpoint 会快很多。"
            "对 hashmap 后端无效。",
        },
        "teach.key.execution.checkpointing.unaligned.enabled": {
            "en": "Checkpoint barriers overtake buffered records, so checkpoints complete even under heavy backpressure; "
            "the in-flight records become part of the checkpoint. Needs EXACTLY_ONCE.",
            "zh": "Checkpoint barrier 可以越过缓冲区中的数据，即使反压严重 Checkpoint 也能完成；在途数据会成为 Checkpoint 的一部分。需要 EXACTLY_ONCE。",
        },
        "teach.key.execution.checkpointing.interval-during-backlog": {
            "en": "A longer checkpoint interval while a source reports that it is catching up on a backlog, so the "
            "backlog is not slowed down by checkpoints. Of the CDC connectors only mysql-cdc reports it, during "
            "its incremental snapshot (MySqlSnapshotSplitAssigner); postgres-cdc and mongodb-cdc never do, so "
            "for them this key changes nothing. Unset: the normal interval applies.",
            "zh": "当 source 报告正在处理积压数据时使用更长的 Checkpoint 间隔，避免 Checkpoint 拖慢追赶。CDC 连接器中只有 "
            "mysql-cdc 会在增量快照期间报告（MySqlSnapshotSplitAssigner）；postgres-cdc 和 mongodb-cdc 从不报告，"
            "对它们设置此项没有任何作用。不设置时使用正常间隔。",
        },
        # state and recovery
        "teach.key.execution.state-recovery.path": {
            "en": "The savepoint or retained checkpoint that the next submitted job starts from. It stays set in the "
            "session: RESET it once the job is submitted, or the next job starts from the same state too "
            "(rule CK007). \\resume sets and resets it for you.",
            "zh": "下一个提交的作业从哪个 Savepoint 或保留的 Checkpoint 启动。它会一直留在会话中：作业提交后要 RESET，"
            "否则下一个作业也会从同一份状态启动（规则 CK007）。\\resume 会替您设置并重置它。",
        },
        "teach.key.execution.state-recovery.claim-mode": {
            "en": "Who owns the files of the snapshot a job is restored from. NO_CLAIM (the default): the job leaves "
            "them alone and makes its first checkpoint a full one, so the snapshot can be used again. CLAIM: the "
            "job takes them over and deletes them when they are no longer needed.",
            "zh": "作业从快照恢复后，快照文件归谁所有。NO_CLAIM（默认）：作业不动这些文件，并把第一个 Checkpoint 做成全量 Checkpoint，"
            "快照可以再次使用。CLAIM：作业接管这些文件，不再需要时会删除它们。",
        },
        "teach.key.execution.state-recovery.ignore-unclaimed-state": {
            "en": "Allow a restore when the snapshot has state for an operator the new statement no longer has (a source "
            "table removed from the query, say). Default false: the restore fails, which protects against "
            "restoring a changed query by mistake.",
            "zh": "当快照里有新语句已不包含的算子的状态（例如查询中去掉了一张源表）时仍允许恢复。默认 false：恢复会失败，"
            "以防误把状态恢复到已经改变的查询上。",
        },
        "teach.key.state.backend.type": {
            "en": "Where the working state lives: 'hashmap' (the default, on the JVM heap: fast, limited by memory) or "
            "'rocksdb' (on local disk: large state, incremental checkpoints); on Flink 2.x also 'forst' (state kept "
            "on remote storage such as S3, for disaggregated state). Checkpoints go to "
            "execution.checkpointing.dir either way.",
            "zh": "运行时状态放在哪里：'hashmap'（默认，在 JVM 堆上：快，但受内存限制）或 'rocksdb'（在本地磁盘：支持大状态和"
            "增量 Checkpoint）。两者的 Checkpoint 都写到 execution.checkpointing.dir。",
        },
        "teach.key.table.exec.state.ttl": {
            "en": "How long idle state of joins and aggregations is kept (default 0 ms: forever). It stops state from "
            "growing without bound, but a key that shows up again after the TTL is treated as new: a join may "
            "miss its partner row.",
            "zh": "join 和聚合中闲置状态保留多久（默认 0 ms：永久保留）。它能防止状态无限增长，但超过 TTL 后再次出现的 key "
            "会被当作新的：join 可能找不到对应的另一行。",
        },
        "teach.key.restart-strategy.type": {
            "en": "What Flink does when a task fails. With checkpointing on, the default restarts the job from the last "
            "completed checkpoint with growing delays (exponential-delay); with checkpointing off the default is "
            "'none': the first failure is final.",
            "zh": "任务失败时 Flink 怎么做。开启 Checkpoint 时，默认以递增的延迟（exponential-delay）从最近完成的 Checkpoint 重启作业；"
            "关闭 Checkpoint 时默认为 'none'：第一次失败就是最终结果。",
        },
        # CDC connector options
        "teach.key.slot.name": {
            "en": "The PostgreSQL replication slot the job reads the WAL through. The server keeps every WAL segment the "
            "slot has not confirmed, and the connector confirms only after a completed checkpoint: no "
            "checkpoints, or a slot left behind by a stopped job, and the disk fills up. Use one slot per job; "
            "\\slots shows them and the WAL each holds.",
            "zh": "作业读取 WAL 所用的 PostgreSQL 复制槽。服务器会保留该槽尚未确认的全部 WAL，而连接器只在 Checkpoint 完成后才确认："
            "没有 Checkpoint，或作业停止后留下的槽，都会让磁盘被写满。每个作业使用自己的槽；\\slots 会列出它们及各自占用的 WAL。",
        },
        "teach.key.decoding.plugin.name": {
            "en": "The logical decoding plugin of the slot. Use 'pgoutput': it is built into PostgreSQL 10 and later "
            "and reads the publication. The connector's default, 'decoderbufs', is an extension most servers do "
            "not have.",
            "zh": "复制槽使用的逻辑解码插件。请用 'pgoutput'：它内置于 PostgreSQL 10 及以上版本，并读取 publication。"
            "连接器的默认值 'decoderbufs' 是一个大多数服务器都没有安装的扩展。",
        },
        "teach.key.scan.incremental.snapshot.enabled": {
            "en": "Read the initial snapshot in chunks, in parallel, checkpointing between chunks, so a failure during "
            "the snapshot resumes from the last chunk instead of starting over. Needs a primary key (or "
            "scan.incremental.snapshot.chunk.key-column).",
            "zh": "按分块并行读取初始快照，分块之间可以做 Checkpoint，快照过程中失败时从最后一个分块继续而不是从头开始。"
            "需要主键（或 scan.incremental.snapshot.chunk.key-column）。",
        },
        "teach.key.scan.incremental.snapshot.chunk.size": {
            "en": "Rows per snapshot chunk. A chunk is the unit of work and of recovery of an incremental snapshot: "
            "smaller chunks mean less to read again after a failure, more chunks to track.",
            "zh": "每个快照分块的行数。分块是增量快照的工作和恢复单位：分块越小，失败后需要重读的越少，但需要跟踪的分块越多。",
        },
        "teach.key.scan.startup.mode": {
            "en": "Where a new job starts reading: 'initial' (the default) takes a snapshot of the table and then follows "
            "the changes; 'latest-offset' only reads changes from now on. It is read only when the job starts "
            "fresh: a job restored from a checkpoint or savepoint continues from the saved position.",
            "zh": "新作业从哪里开始读：'initial'（默认）先对表做快照再跟踪变更；'latest-offset' 只读取从现在开始的变更。"
            "它只在作业全新启动时生效：从 Checkpoint 或 Savepoint 恢复的作业会从保存的位置继续。",
        },
        "teach.key.heartbeat.interval.ms": {
            "en": "How often the connector records a heartbeat. On PostgreSQL it lets the slot's confirmed position move "
            "on while the captured tables are quiet and others are busy, so WAL does not pile up; on MongoDB it "
            "keeps the resume token moving on collections that rarely change (rule MDB001). The legacy postgres-cdc "
            "source ('scan.incremental.snapshot.enabled' = 'false') ignores this option: it always sends a "
            "heartbeat every 5 minutes (PostgreSQLSource); only 'debezium.heartbeat.interval.ms' changes that.",
            "zh": "连接器多久记录一次心跳。在 PostgreSQL 上，被捕获的表没有变更而其他表很忙时，它让复制槽的确认位置继续前进，"
            "避免 WAL 堆积；在 MongoDB 上，即使集合长时间没有变更，它也能让 resume token 不断推进、保持有效（规则 MDB001）。旧版 postgres-cdc source（'scan.incremental.snapshot.enabled' = 'false'）忽略此项：它固定每 5 分钟发送一次心跳（PostgreSQLSource），只有 'debezium.heartbeat.interval.ms' 能改变它。",
        },
        "teach.key.scan.lsn-commit.checkpoints-num-delay": {
            "en": "How many checkpoints the connector waits before it confirms a position to PostgreSQL, so that a "
            "restore from one of the last few checkpoints still finds its WAL on the server.",
            "zh": "连接器在向 PostgreSQL 确认位置前要等待几个 Checkpoint，这样从最近几个 Checkpoint 之一恢复时，服务器上仍有所需的 WAL。",
        },
        "teach.key.changelog-mode": {
            "en": "'all' (the default) emits an update as a -U/+U pair; 'upsert' emits only +U and -D, keyed by the "
            "primary key, which needs less state downstream.",
            "zh": "'all'（默认）把一次更新输出为 -U/+U 两条；'upsert' 只输出 +U 和 -D，按主键区分，下游需要的状态更少。",
        },
        "teach.key.scan.read-changelog-as-append-only.enabled": {
            "en": "Turn every change into an insert: an update or a delete becomes a new row. For audit trails and "
            "append-only sinks.",
            "zh": "把每个变更都变成插入：更新或删除都成为新的一行。适用于审计记录和只追加的 sink。",
        },
        "teach.key.server-id": {
            "en": "The MySQL server ID the source uses to read the binlog, or a range such as 5400-5403 with one ID per "
            "parallel reader. It must be unique among everything replicating from that server: two jobs with "
            "the same ID disconnect each other (rule MY001).",
            "zh": "source 读取 binlog 时使用的 MySQL server ID，或如 5400-5403 的范围（每个并行读取器一个 ID）。"
            "它在所有从该服务器复制的客户端中必须唯一：两个作业用同一个 ID 会互相挤掉连接（规则 MY001）。",
        },
    }
)

# ---------------------------------------------------------------- \help TOPIC
MESSAGES.update(
    {
        "teach.help.commands": {"en": "Commands:", "zh": "命令："},
        "teach.help.settings": {
            "en": "Settings (\\explain KEY says more):",
            "zh": "相关配置（\\explain 配置项 查看详情）：",
        },
        "teach.help.options": {
            "en": "Connector options (\\explain OPTION says more):",
            "zh": "连接器选项（\\explain 选项 查看详情）：",
        },
        "teach.help.rules": {
            "en": "Risk checks (\\explain CODE says more):",
            "zh": "风险检查（\\explain 编号 查看详情）：",
        },
        "teach.help.tutorials": {
            "en": "Tutorials (\\tutorial NAME starts one):",
            "zh": "教程（\\tutorial 名称 开始）：",
        },
        "teach.help.see_also": {"en": "See also: {topics}", "zh": "另见：{topics}"},
        "teach.help.topics": {"en": "Topics: {topics} — \\help TOPIC", "zh": "主题：{topics} —— \\help 主题"},
        "teach.help.default": {"en": "default {default}", "zh": "默认 {default}"},
        "teach.topic.checkpoints.title": {
            "en": "Checkpoints: how a CDC job keeps its place",
            "zh": "Checkpoint：CDC 作业如何记住读到哪里",
        },
        "teach.topic.checkpoints.body": {
            "en": "A checkpoint is a consistent copy of a running job's state, including where each source has read up "
            "to (the PostgreSQL LSN, the MySQL binlog position). Flink takes one every "
            "execution.checkpointing.interval and writes it to execution.checkpointing.dir. When a task fails, "
            "the job restarts from the latest completed checkpoint; a CDC source confirms its position to the "
            "database only once a checkpoint that contains it has completed.\n\n"
            "Checkpointing is off unless the interval is set, and the settings are read when the job is "
            "submitted: SET them before the INSERT. \\checkpoints JOB shows the configuration in force, the "
            "counts and the latest checkpoints of a running job; --watch follows them live.",
            "zh": "Checkpoint 是运行中作业状态的一份一致副本，其中包括每个 source 读到的位置（PostgreSQL 的 LSN、MySQL 的 binlog "
            "位置）。Flink 每隔 execution.checkpointing.interval 做一次，写到 execution.checkpointing.dir。任务失败时，"
            "作业从最近完成的 Checkpoint 重启；CDC source 只有在包含该位置的 Checkpoint 完成后，才向数据库确认读取位置。\n\n"
            "不设置间隔就不会有 Checkpoint，而且这些配置在提交作业时读取：要在 INSERT 之前 SET。\\checkpoints 作业 "
            "显示运行中作业实际生效的配置、计数和最近的 Checkpoint；加 --watch 可实时跟踪。",
        },
        "teach.topic.savepoints.title": {
            "en": "Savepoints, stopping and resuming",
            "zh": "Savepoint、停止与恢复",
        },
        "teach.topic.savepoints.body": {
            "en": "A savepoint is a checkpoint you ask for, kept until you delete it. \\stop JOB --savepoint stops a job "
            "after writing one, with nothing lost: every row read so far is in the savepoint, and the slot keeps "
            "what is written afterwards. \\resume JOB (an id, the pipeline.name, or a savepoint PATH) submits "
            "the job's statement again from that savepoint, from any shell: the job journal kept the SETs in force, "
            "the catalog/database and the CREATE statements of what the job reads and writes. It first shows what "
            "it will run (masked), asks for each masked secret (not echoed; once per distinct value) and asks one "
            "confirmation; objects the session lacks are created TEMPORARY. The recovery path is SET for the "
            "resubmitted statement only and RESET right after it; declined or failed, the session is exactly as "
            "before. In scripts (-f, -e) nothing is asked: secrets come from --secrets FILE (TOML, mode 0600, "
            '[table] option = "value") or CDCSHELL_SECRET_<TABLE>_<OPTION>. A statement that differs from the '
            "journaled one gets a warning: the savepoint may not map onto the new plan "
            "(execution.state-recovery.ignore-unclaimed-state).\n\n"
            "Without a savepoint, a job can resume from its latest checkpoint only when checkpoints are retained "
            "on cancellation (execution.checkpointing.externalized-checkpoint-retention = "
            "RETAIN_ON_CANCELLATION). A job started without either begins again from scratch.",
            "zh": "Savepoint是您主动要求的Checkpoint，在您删除之前一直保留。\\stop 作业 --savepoint 会先写Savepoint再停止作业，不丢任何数据："
            "已读取的每一行都在Savepoint中，之后写入的数据由复制槽保留。\\resume 作业（ID、pipeline.name 或Savepoint路径）"
            "可在任意 shell 中从该Savepoint重新提交作业的语句：作业日志保存了提交时生效的 SET、catalog/database 以及作业读写对象的 "
            "CREATE 语句。它先显示将要执行的语句（密钥已隐藏），逐个询问隐藏的密钥（不回显，相同的值只问一次），再确认一次；"
            "会话中缺少的对象以 TEMPORARY 方式创建。恢复路径只对重新提交的语句生效，随后立即 RESET；被拒绝或失败时，"
            '会话与之前完全一致。脚本（-f、-e）中不会提问：密钥来自 --secrets FILE（TOML，权限 0600，[表名] 选项 = "值"）'
            "或环境变量 CDCSHELL_SECRET_<表名>_<选项>。语句与日志中的不同时会给出警告：Savepoint可能无法映射到新的执行计划"
            "（execution.state-recovery.ignore-unclaimed-state）。\n\n"
            "没有Savepoint时，只有在取消时保留Checkpoint（execution.checkpointing.externalized-checkpoint-retention = "
            "RETAIN_ON_CANCELLATION）的作业才能从最近的Checkpoint恢复。两者都没有的作业只能从头开始。",
        },
        "teach.topic.set.title": {"en": "SET and RESET: session settings", "zh": "SET 与 RESET：会话配置"},
        "teach.topic.set.body": {
            "en": "SET 'key' = 'value'; changes a setting for this session; SET; alone lists the session's settings, "
            "and RESET 'key'; (or RESET; for all) goes back to the cluster's value. Quote both the key and the "
            "value. A setting applies to the jobs submitted after it: a running job keeps the configuration it "
            "was submitted with.\n\n"
            "The effective value is the cluster's configuration (flink-conf / config.yaml), overridden by the "
            "session's SETs. Keys get renamed between Flink versions; an old name may still work, or lose "
            "silently to the new one — the CFG checks tell you, and \\explain KEY shows a key's type, default, "
            "allowed values and old names.",
            "zh": "SET 'key' = 'value'; 修改本会话的配置；单独的 SET; 列出会话的配置；RESET 'key';（或 RESET; 重置全部）"
            "恢复为集群的值。键和值都要加引号。配置只对之后提交的作业生效：运行中的作业保持提交时的配置。\n\n"
            "实际生效的值是集群配置（flink-conf / config.yaml）再被会话的 SET 覆盖后的结果。配置项在 Flink 各版本之间"
            "会改名；旧名称可能仍然有效，也可能被新名称悄悄覆盖——CFG 检查会提示您，\\explain 配置项 显示配置项的"
            "类型、默认值、可选值和旧名称。",
        },
        "teach.topic.state.title": {"en": "State: what a job remembers", "zh": "状态：作业记住了什么"},
        "teach.topic.state.body": {
            "en": "Joins, aggregations and deduplication keep state; a CDC source keeps its read position and, during an "
            "incremental snapshot, which chunks are done. The state backend holds the working copy: 'hashmap' "
            "on the heap, 'rocksdb' on local disk for large state. Checkpoints copy it to durable storage, "
            "incrementally with RocksDB when execution.checkpointing.incremental is on.\n\n"
            "State grows with the number of keys. table.exec.state.ttl bounds it, at the price of forgetting "
            "keys that are idle for longer than the TTL.",
            "zh": "join、聚合和去重会保存状态；CDC source 保存读取位置，以及增量快照时哪些分块已经完成。状态后端保存运行时副本："
            "'hashmap' 在堆上，'rocksdb' 在本地磁盘上，适合大状态。Checkpoint 把它复制到持久存储；使用 RocksDB 且开启 "
            "execution.checkpointing.incremental 时是增量复制。\n\n"
            "状态随 key 的数量增长。table.exec.state.ttl 可以限制它，代价是闲置超过 TTL 的 key 会被遗忘。",
        },
        "teach.topic.cdc.title": {
            "en": "CDC sources: slots, WAL and what checkpoints have to do with it",
            "zh": "CDC source：复制槽、WAL 以及它们与 Checkpoint 的关系",
        },
        "teach.topic.cdc.body": {
            "en": "A postgres-cdc source reads the write-ahead log through a replication slot (slot.name) and a "
            "publication, first taking a snapshot of the table (scan.startup.mode = 'initial'). The slot "
            "remembers the last position the connector confirmed, and PostgreSQL keeps all WAL after it. The "
            "connector confirms only after a completed checkpoint, so without checkpointing the WAL grows until "
            "the disk is full, and nothing can be resumed.\n\n"
            "The server must run with wal_level = logical, the role needs REPLICATION, and tables that get "
            "UPDATEs need REPLICA IDENTITY FULL when the source emits before-images ('changelog-mode' = 'all', the "
            "default; 'upsert' does not need it, and a DELETE under the DEFAULT identity carries the key): the "
            "PG checks look at these when the shell can reach the database. A slot outlives its job: \\slots lists the slots, the WAL each holds back, and the "
            "DROP for one nobody reads any more.",
            "zh": "postgres-cdc source 通过复制槽（slot.name）和 publication 读取预写日志（WAL），在此之前先对表做一次快照"
            "（scan.startup.mode = 'initial'）。复制槽记住连接器最后确认的位置，PostgreSQL 会保留其后的全部 WAL。"
            "连接器只在 Checkpoint 完成后确认，所以没有 Checkpoint 时 WAL 会一直增长直到磁盘写满，作业也无法恢复。\n\n"
            "服务器必须设置 wal_level = logical，角色需要 REPLICATION 权限；源输出变更前镜像时（'changelog-mode' = "
            "'all'，默认值），会被 UPDATE 的表需要 REPLICA IDENTITY FULL（'upsert' 不需要；DEFAULT 下的 DELETE "
            "本身带有主键）：shell 能连上数据库时，PG 系列检查会核对这些。作业结束后复制槽并不会随之删除：\\slots "
            "列出所有复制槽、各自占住的 WAL，以及对无人读取的槽应执行的 DROP。",
        },
        "teach.topic.rules.title": {"en": "Risk checks", "zh": "风险检查"},
        "teach.topic.rules.body": {
            "en": "Before a statement runs, the shell checks it against the configuration in force (cluster, session, "
            "earlier SETs) and shows what will go wrong with checkpoints and recovery, with the statement that "
            "fixes it. An error stops the statement unless you confirm it (or pass --force in a script); the "
            "same checks run offline with cdcshell lint FILE.",
            "zh": "语句执行前，shell 会结合当前生效的配置（集群、会话、之前的 SET）检查它，指出 Checkpoint 和恢复方面会出的问题，"
            "并给出修复语句。错误级别的问题会阻止语句执行，除非您确认（脚本中用 --force）；同样的检查可以用 "
            "cdcshell lint 文件 离线运行。",
        },
        "teach.topic.tutorials.title": {"en": "Tutorials", "zh": "教程"},
        "teach.topic.tutorials.body": {
            "en": "A tutorial puts each step's statement at the prompt: read it, edit it if you like, and press Enter. "
            "The shell checks the outcome (a checkpoint completed, the rows arrived) before it moves on. "
            "\\tutorial lists the tutorials, \\tutorial NAME starts one, \\tutorial next / skip / stop move "
            "through it, and \\tutorial NAME --auto runs every step by itself (in a script, too). The tutorials use "
            "the sandbox's PostgreSQL; for another database add --dsn postgresql://USER:PASSWORD@HOST:PORT/DATABASE.",
            "zh": "教程会把每一步的语句放到提示符里：阅读它，按需修改，然后按回车。shell 会先检查结果（Checkpoint 已完成、数据已到达），"
            "再进入下一步。\\tutorial 列出所有教程，\\tutorial 名称 开始一个教程，\\tutorial next / skip / stop "
            "在步骤间移动，\\tutorial 名称 --auto 自动执行每一步（脚本中也可以）。教程使用沙箱的 PostgreSQL；"
            "使用其他数据库时加上 --dsn postgresql://用户:密码@主机:端口/数据库。",
        },
        "teach.topic.commands.title": {"en": "All commands", "zh": "全部命令"},
        "teach.topic.commands.body": {
            "en": "A statement ends with ';' and may span lines; a command starts with a backslash and ends at the end "
            "of its line.",
            "zh": "语句以 ';' 结束，可以跨多行；命令以反斜杠开头，在行尾结束。",
        },
    }
)
