"""The texts of the MY rules (cdcshell/lint/rules/mysql.py), beside the rules that say them: each rule's
`title`, `rationale` and `fix` (for `\\explain` and docs/rules.md) and its finding messages `message[.variant]`,
English and Simplified Chinese side by side with the same placeholders. Loaded with the `lint` area of the
catalog (cdcshell/i18n/messages/lint.py), never at start-up."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.MY001.title": {"en": "mysql-cdc server-id range", "zh": "mysql-cdc 的 server-id 范围"},
    "lint.MY001.rationale": {
        "en": "Every parallel reader connects to MySQL as a replica with a server id of its own (subtask i takes "
        "the i-th id of the range, ServerIdRange.getServerId), so 'server-id' must be a range at least as large as "
        "the source parallelism ('scan.parallelism', else 'table.exec.resource.default-parallelism', else "
        "'parallelism.default'). Without it a random id is picked. Two binlog clients with the same id on one "
        "server disconnect each other, so the ranges of the tables of a job, and of different jobs, must not "
        "overlap: the jobs of the script, and (`cdcshell lint --connect --gateway URL`, and the check before submit) "
        "the jobs this machine submitted to that gateway that the JobManager still runs (the job journal).",
        "zh": "每个并行读取器都像一个 MySQL 从库一样连接到服务器，各用一个独立的 server id（第 i 个子任务使用范围中的第 i 个 id，"
        "ServerIdRange.getServerId），因此 'server-id' 必须是不小于源并行度的范围（依次取 'scan.parallelism'、"
        "'table.exec.resource.default-parallelism'、'parallelism.default'）。不设置时会随机选取 id。同一服务器上"
        "两个 server id 相同的 binlog 客户端会互相断开，因此同一作业的各个表之间、不同作业之间的范围都不能重叠："
        "既包括脚本中的作业，也包括（`cdcshell lint --connect --gateway URL` 以及提交前检查时）本机提交到该 Gateway、"
        "JobManager 仍在运行的作业（作业日志）。",
    },
    "lint.MY001.fix": {
        "en": "Set a server-id range, unique in the MySQL cluster, with one id per reader.",
        "zh": "设置在 MySQL 集群中唯一、每个读取器一个 id 的 server-id 范围。",
    },
    "lint.MY001.message": {
        "en": "{table}: 'server-id' = '{value}' gives {count} ids for a source parallelism of {parallelism}",
        "zh": "{table}：'server-id' = '{value}' 只提供 {count} 个 id，而源并行度为 {parallelism}",
    },
    "lint.MY001.message.missing": {
        "en": "{table} has no 'server-id': a random id is used, and a clash with another job or replica kicks "
        "this reader off the binlog",
        "zh": "{table} 未设置 'server-id'：将随机选用 id，与其他作业或从库的 id 冲突时，读取器的 binlog 连接会被断开",
    },
    "lint.MY001.message.overlap": {
        "en": "the server-id range of {table} overlaps the one of {other} on the same MySQL server: their "
        "readers disconnect each other",
        "zh": "{table} 的 server-id 范围与 {other} 在同一 MySQL 服务器上重叠：两者的读取器会互相断开",
    },
    "lint.MY001.message.overlap_job": {
        "en": "the server-id range of {table} overlaps the one {other} uses in the job submitted at line {line}: "
        "the two jobs disconnect each other from the binlog",
        "zh": "{table} 的 server-id 范围与第 {line} 行提交的作业中 {other} 的范围重叠：两个作业会互相断开 binlog 连接",
    },
    "lint.MY001.message.overlap_running": {
        "en": "the server-id range of {table} overlaps the ids {ids} that {other} holds in job {job}, which this "
        "machine submitted to the same gateway and which is still running: the two jobs disconnect each other "
        "from the binlog (stop that job first if this one replaces it)",
        "zh": "{table} 的 server-id 范围与作业 {job} 中 {other} 占用的 id {ids} 重叠；该作业由本机提交到同一 Gateway，"
        "目前仍在运行：两个作业会互相断开 binlog 连接（如果本作业是要替换它，请先停止该作业）",
    },
    "lint.MY001.message.overlap_journal": {
        "en": "the server-id range of {table} overlaps the one {other} uses in job {job}, which this machine "
        "submitted to the same gateway; whether it still runs is unknown ({reason}): if it does, the two jobs "
        "disconnect each other from the binlog",
        "zh": "{table} 的 server-id 范围与作业 {job} 中 {other} 的范围重叠；该作业由本机提交到同一 Gateway，"
        "无法确定它是否仍在运行（{reason}）：如果仍在运行，两个作业会互相断开 binlog 连接",
    },
    "lint.MY002.title": {
        "en": "mysql-cdc incremental snapshot without a primary key or chunk key",
        "zh": "mysql-cdc 增量快照没有主键或 chunk key",
    },
    "lint.MY002.rationale": {
        "en": "mysql-cdc reads with the incremental snapshot by default, which needs the Flink DDL's PRIMARY KEY "
        "or 'scan.incremental.snapshot.chunk.key-column': planning fails without either "
        "(MySqlTableSourceFactory.validatePrimaryKeyIfEnableParallel).",
        "zh": "mysql-cdc 默认使用增量快照，需要 Flink DDL 中的 PRIMARY KEY 或 "
        "'scan.incremental.snapshot.chunk.key-column'：两者都没有时规划阶段就会失败"
        "（MySqlTableSourceFactory.validatePrimaryKeyIfEnableParallel）。",
    },
    "lint.MY002.fix": {
        "en": "Declare the MySQL table's primary key as PRIMARY KEY (...) NOT ENFORCED, or set "
        "'scan.incremental.snapshot.chunk.key-column' to a NOT NULL column (never a nullable one).",
        "zh": "按 MySQL 表的主键声明 PRIMARY KEY (...) NOT ENFORCED，或把 'scan.incremental.snapshot.chunk.key-column' "
        "设为一个 NOT NULL 列（不要用可为空的列）。",
    },
    "lint.MY002.message": {
        "en": "{table} is read with the incremental snapshot (the mysql-cdc default) but has no PRIMARY KEY and no "
        "'scan.incremental.snapshot.chunk.key-column': planning fails",
        "zh": "{table} 以增量快照（mysql-cdc 的默认方式）读取，但既没有 PRIMARY KEY，也没有 "
        "'scan.incremental.snapshot.chunk.key-column'：规划阶段就会失败",
    },
    "lint.MY003.title": {
        "en": "MySQL binlog purged before the job resumes",
        "zh": "作业恢复前 MySQL binlog 已被清除",
    },
    "lint.MY003.rationale": {
        "en": "On resume the binlog reader seeks the position (or GTID set) saved in the checkpoint; once MySQL "
        "purged that binlog the job fails with 'The connector is trying to read binlog starting at ..., but this "
        "is no longer available on the server'. The binlog must be kept longer than the checkpoint interval plus "
        "the longest time the job may be down (--max-downtime, or the age of the savepoint or checkpoint it "
        "resumes from when that can be known: a local path's _metadata file, or with --gateway the job journal and "
        "the JobManager). The "
        "reader also needs binlog_format = ROW and binlog_row_image = FULL (MySqlValidator fails the job at start "
        "otherwise). With GTID mode on, the source can resume on another server of the cluster, but only while "
        "some server still holds the binlog.",
        "zh": "恢复时 binlog 读取器会定位到 Checkpoint 中保存的位置（或 GTID 集合）；MySQL 一旦清除了该 binlog，作业就会以 "
        "'The connector is trying to read binlog starting at ..., but this is no longer available on the server' "
        "失败。binlog 的保留时间必须长于 Checkpoint 间隔加上作业可能停机的最长时间（--max-downtime，或作业恢复所用的 "
        "Savepoint / Checkpoint 距今的时长，在能得知时计入：本地路径看其 _metadata 文件，使用 --gateway 时查作业日志"
        "和 JobManager）。读取器还要求 binlog_format = ROW 和 binlog_row_image = FULL（否则 MySqlValidator 会让作业在启动时失败）。开启 GTID 时，源可以在集群中的另一台服务器上继续读取，但前提是仍有服务器保留着该 binlog。",
    },
    "lint.MY003.fix": {
        "en": "Keep the binlog longer (binlog_expire_logs_seconds, or expire_logs_days on MariaDB / MySQL 5.7); "
        "set binlog_format = ROW and binlog_row_image = FULL.",
        "zh": "延长 binlog 保留时间（binlog_expire_logs_seconds，MariaDB / MySQL 5.7 上为 expire_logs_days）；"
        "设置 binlog_format = ROW 和 binlog_row_image = FULL。",
    },
    "lint.MY003.message.expire": {
        "en": "{table}: MySQL keeps the binlog for {expire}, but a resume may need {needed} of it (checkpoint "
        "interval plus downtime); a longer outage fails the job with 'binlog ... is no longer available' "
        "(gtid_mode {gtid})",
        "zh": "{table}：MySQL 只保留 {expire} 的 binlog，而恢复可能需要 {needed}（Checkpoint 间隔加停机时间）；"
        "停机更久时作业会以 'binlog ... is no longer available' 失败（gtid_mode {gtid}）",
    },
    "lint.MY003.message.format": {
        "en": "{table}: binlog_format is {value}; mysql-cdc needs ROW and fails at start otherwise",
        "zh": "{table}：binlog_format 为 {value}；mysql-cdc 需要 ROW，否则启动时就会失败",
    },
    "lint.MY003.message.row_image": {
        "en": "{table}: binlog_row_image is {value}; mysql-cdc needs FULL and fails at start otherwise",
        "zh": "{table}：binlog_row_image 为 {value}；mysql-cdc 需要 FULL，否则启动时就会失败",
    },
    "lint.MY001.message.one": {
        "en": "{table}: 'server-id' = '{value}' gives 1 id for a source parallelism of {parallelism}",
        "zh": "{table}：'server-id' = '{value}' 只提供 1 个 id，而源并行度为 {parallelism}",
    },
}
