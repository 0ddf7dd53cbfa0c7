"""Messages of the job and checkpoint commands: \\jobs, \\checkpoints, \\checkpoint, \\savepoint, \\stop, \\resume, \\slots."""

MESSAGES: dict[str, dict[str, str]] = {
    # help
    "jobs.help.jobs": {
        "en": "list the cluster's jobs with their checkpoint state; * marks jobs of this session",
        "zh": "列出集群中的作业及其 Checkpoint 状态；* 标记本会话提交的作业",
    },
    "jobs.help.checkpoints": {
        "en": "show a job's checkpoints: counts, latest, failures, config, trend (--watch: live)",
        "zh": "显示作业的 Checkpoint：计数、最新、失败、配置与趋势（--watch：实时刷新）",
    },
    "jobs.help.checkpoint": {
        "en": "show one checkpoint per operator: sizes, durations, subtasks acknowledged",
        "zh": "按算子显示单个 Checkpoint：大小、耗时、已确认的子任务",
    },
    "jobs.help.savepoint": {
        "en": "trigger a savepoint of a job and print its path",
        "zh": "为作业触发 Savepoint 并打印其路径",
    },
    "jobs.help.stop": {
        "en": "stop a job with a savepoint (or cancel it) and print the path",
        "zh": "以 Savepoint 停止作业（或直接取消）并打印路径",
    },
    "jobs.help.resume": {
        "en": "resume a stopped job (id, pipeline name or path) from its latest savepoint/checkpoint, "
        "from any shell: re-creates what it reads, asks for masked secrets, undoes on failure",
        "zh": "从任意 shell 按作业 ID、pipeline 名称或路径，从最新的 Savepoint/Checkpoint 恢复已停止的作业："
        "重建其读取的对象，询问隐藏的密钥，失败时撤销",
    },
    "jobs.help.slots": {
        "en": "show the PostgreSQL replication slots of the session's postgres-cdc tables",
        "zh": "显示本会话 postgres-cdc 表对应的 PostgreSQL 复制槽",
    },
    # shared
    "jobs.last_exception": {
        "en": "job {job} is {state}; last exception: {cause}",
        "zh": "作业 {job} 处于 {state}；最近的异常：{cause}",
    },
    "jobs.ago": {"en": "{duration} ago", "zh": "{duration}前"},
    "jobs.on": {"en": "on", "zh": "开"},
    "jobs.off": {"en": "off", "zh": "关"},
    "jobs.yes": {"en": "yes", "zh": "是"},
    "jobs.no": {"en": "NO", "zh": "否"},
    "jobs.kind.checkpoint": {"en": "checkpoint", "zh": "Checkpoint"},
    "jobs.kind.savepoint": {"en": "savepoint", "zh": "Savepoint"},
    "jobs.bad_quotes": {
        "en": "cannot read the arguments ({error}); usage: {usage}",
        "zh": "无法解析参数（{error}）；用法：{usage}",
    },
    "jobs.unknown_option": {
        "en": "unknown option {option}; usage: {usage}",
        "zh": "未知选项 {option}；用法：{usage}",
    },
    "jobs.hint.unreachable": {
        "en": "Is the JobManager running? Its address comes from the gateway session's rest.address/rest.port; "
        "when that address is internal, start cdcshell with --jobmanager URL.",
        "zh": "JobManager 是否在运行？其地址取自 gateway 会话的 rest.address/rest.port；"
        "若该地址仅在内网可达，请以 --jobmanager URL 启动 cdcshell。",
    },
    "jobs.hint.ambiguous": {"en": "Give more characters of the job id.", "zh": "请给出更长的作业 ID 前缀。"},
    "jobs.no_live_job": {
        "en": "no job is running; name the job (\\jobs lists them)",
        "zh": "没有正在运行的作业；请指明作业（\\jobs 可列出）",
    },
    "jobs.several_live": {
        "en": "{count} jobs are running ({jobs}); name the one you mean",
        "zh": "有 {count} 个作业在运行（{jobs}）；请指明是哪一个",
    },
    "jobs.newest_of_name": {
        "en": "{count} ended jobs are named {name!r}; using the newest, {job}.",
        "zh": "有 {count} 个已结束的作业名为 {name!r}；使用最新的 {job}。",
    },
    # \jobs
    "jobs.none": {"en": "The JobManager knows no jobs.", "zh": "JobManager 中没有作业。"},
    "jobs.more_hidden": {
        "en": "{count} older jobs not shown (\\jobs --all shows them).",
        "zh": "另有 {count} 个较早的作业未显示（\\jobs --all 可显示）。",
    },
    "jobs.legend": {
        "en": "* submitted in this session   + submitted earlier from this shell (journal)",
        "zh": "* 本会话提交   + 此前由本 shell 提交（见作业日志）",
    },
    "jobs.col.id": {"en": "ID", "zh": "ID"},
    "jobs.col.name": {"en": "NAME", "zh": "名称"},
    "jobs.col.state": {"en": "STATE", "zh": "状态"},
    "jobs.col.started": {"en": "STARTED", "zh": "开始时间"},
    "jobs.col.duration": {"en": "DURATION", "zh": "耗时"},
    "jobs.col.checkpoints": {"en": "CHECKPOINTS", "zh": "CHECKPOINT"},
    "jobs.summary.off": {"en": "checkpointing off", "zh": "未开启 Checkpoint"},
    "jobs.summary.counts": {"en": "{completed} ok, {failed} failed", "zh": "成功 {completed}，失败 {failed}"},
    "jobs.summary.last": {
        "en": "· last {ago} ({duration}, {size})",
        "zh": "· 最近 {ago}（{duration}，{size}）",
    },
    "jobs.summary.restored": {"en": "· restored from #{id}", "zh": "· 已从 #{id} 恢复"},
    # \checkpoints
    "jobs.label.job": {"en": "Job", "zh": "作业"},
    "jobs.label.config": {"en": "Config", "zh": "配置"},
    "jobs.label.counts": {"en": "Counts", "zh": "计数"},
    "jobs.label.latest": {"en": "Latest", "zh": "最新"},
    "jobs.label.savepoint": {"en": "Savepoint", "zh": "Savepoint"},
    "jobs.label.failure": {"en": "Failure", "zh": "失败"},
    "jobs.label.restored": {"en": "Restored", "zh": "恢复"},
    "jobs.label.stats": {"en": "Stats", "zh": "统计"},
    "jobs.since": {"en": "since {start} ({duration})", "zh": "自 {start} 起（{duration}）"},
    "jobs.ended_note": {
        "en": "This job is {state} (ended {end}): these are its last statistics; it takes no more "
        "checkpoints.",
        "zh": "该作业已 {state}（结束于 {end}）：以下是其最后的统计，不会再有新的 Checkpoint。",
    },
    "jobs.ended_hint": {
        "en": "Job {job} is {state}; \\resume {job} restarts it from {path}",
        "zh": "作业 {job} 已 {state}；\\resume {job} 可从 {path} 重新启动",
    },
    "jobs.ended_no_recovery": {
        "en": "Job {job} is {state} and left no retained checkpoint or savepoint: it can only start over.",
        "zh": "作业 {job} 已 {state}，且没有保留任何 Checkpoint 或 Savepoint：只能从头开始。",
    },
    "jobs.no_stats": {
        "en": "The JobManager has no checkpoint statistics for this job any more.",
        "zh": "JobManager 已不再保留该作业的 Checkpoint 统计。",
    },
    "jobs.config.off": {
        "en": "checkpointing is OFF (execution.checkpointing.interval is not set)",
        "zh": "Checkpoint 未开启（未设置 execution.checkpointing.interval）",
    },
    "jobs.config.line": {
        "en": "every {interval}, timeout {timeout}, {mode}, min pause {min_pause}, max concurrent {concurrent}, "
        "unaligned {unaligned}, {retention}; {storage}, {backend}",
        "zh": "间隔 {interval}，超时 {timeout}，{mode}，最小间隔 {min_pause}，最大并发 {concurrent}，"
        "非对齐 {unaligned}，{retention}；{storage}，{backend}",
    },
    "jobs.config.retain_on_cancel": {"en": "retained on cancel", "zh": "取消时保留"},
    "jobs.config.retain_on_failure": {
        "en": "retained on failure, deleted on cancel",
        "zh": "失败时保留、取消时删除",
    },
    "jobs.config.not_retained": {"en": "not retained", "zh": "不保留"},
    "jobs.counts": {
        "en": "completed {completed}  failed {failed}  in progress {in_progress}  restored {restored}",
        "zh": "完成 {completed}  失败 {failed}  进行中 {in_progress}  恢复 {restored}",
    },
    "jobs.latest": {
        "en": "#{id} at {time} ({ago}), {duration}, {size} (full state {full})",
        "zh": "#{id} 于 {time}（{ago}），{duration}，{size}（全量状态 {full}）",
    },
    "jobs.latest_none": {"en": "no completed checkpoint yet", "zh": "尚无完成的 Checkpoint"},
    "jobs.savepoint_mark": {"en": "[savepoint]", "zh": "[Savepoint]"},
    "jobs.not_addressable": {
        "en": "(kept in the JobManager's memory: no path to resume from)",
        "zh": "（保存在 JobManager 内存中：没有可用于恢复的路径）",
    },
    "jobs.savepoint_line": {"en": "#{id} at {time}: {path}", "zh": "#{id} 于 {time}：{path}"},
    "jobs.failure_line": {"en": "#{id} at {time}: {reason}", "zh": "#{id} 于 {time}：{reason}"},
    "jobs.restored_line": {
        "en": "from {kind} #{id} at {time}: {path}",
        "zh": "于 {time} 从 {kind} #{id} 恢复：{path}",
    },
    "jobs.stats_line": {
        "en": "duration min {dmin} / avg {davg} / max {dmax};  size min {smin} / avg {savg} / max {smax}",
        "zh": "耗时 最小 {dmin} / 平均 {davg} / 最大 {dmax}；大小 最小 {smin} / 平均 {savg} / 最大 {smax}",
    },
    "jobs.col.cp_id": {"en": "ID", "zh": "ID"},
    "jobs.col.status": {"en": "STATUS", "zh": "状态"},
    "jobs.col.type": {"en": "TYPE", "zh": "类型"},
    "jobs.col.triggered": {"en": "TRIGGERED", "zh": "触发时间"},
    "jobs.col.size": {"en": "SIZE", "zh": "大小"},
    "jobs.col.full_size": {"en": "FULL STATE", "zh": "全量状态"},
    "jobs.col.acked": {"en": "ACKED", "zh": "已确认"},
    "jobs.col.operator": {"en": "OPERATOR", "zh": "算子"},
    "jobs.col.alignment": {"en": "ALIGN BUF", "zh": "对齐缓冲"},
    "jobs.col.last_ack": {"en": "LAST ACK", "zh": "最后确认"},
    "jobs.chart.duration": {"en": "duration", "zh": "耗时"},
    "jobs.chart.size": {"en": "size", "zh": "大小"},
    "jobs.alarm.disabled": {
        "en": "Checkpointing is off: after a failure this job starts over and a CDC source "
        "re-reads its snapshot. SET 'execution.checkpointing.interval' = '30s' before "
        "submitting.",
        "zh": "Checkpoint 未开启：作业失败后将从头开始，CDC 源会重新读取全量快照。"
        "提交前请 SET 'execution.checkpointing.interval' = '30s'。",
    },
    "jobs.alarm.stale": {
        "en": "No checkpoint completed for {elapsed} although the interval is {interval}: "
        "the job cannot advance its recovery point.",
        "zh": "已有 {elapsed} 没有完成 Checkpoint（间隔为 {interval}）：作业的恢复点无法前进。",
    },
    "jobs.alarm.failing": {
        "en": "Checkpoints are failing ({count} of the last {window}); latest reason: {reason}",
        "zh": "Checkpoint 持续失败（最近 {window} 个中 {count} 个）；最近原因：{reason}",
    },
    "jobs.alarm.near_timeout": {
        "en": "A checkpoint took {duration}, close to the timeout of {timeout}: raise "
        "execution.checkpointing.timeout or look for backpressure.",
        "zh": "有 Checkpoint 耗时 {duration}，接近超时 {timeout}：请调大 "
        "execution.checkpointing.timeout 或排查反压。",
    },
    "jobs.alarm.in_memory": {
        "en": "Checkpoints are kept in the JobManager's memory: they die with it and cannot "
        "be resumed from. SET 'execution.checkpointing.dir'.",
        "zh": "Checkpoint 保存在 JobManager 内存中：随其一起丢失，无法用于恢复。"
        "请 SET 'execution.checkpointing.dir'。",
    },
    "jobs.alarm.not_retained": {
        "en": "Checkpoints are deleted when the job ends: use \\stop JOB --savepoint to keep a way back.",
        "zh": "作业结束时 Checkpoint 会被删除：请用 \\stop JOB --savepoint 保留恢复点。",
    },
    "jobs.alarm.deleted_on_cancel": {
        "en": "Checkpoints are deleted on cancel: stop with \\stop JOB --savepoint.",
        "zh": "取消作业时 Checkpoint 会被删除：请用 \\stop JOB --savepoint 停止。",
    },
    "jobs.watch_head": {
        "en": "every {seconds} s, Ctrl-C to stop · {time}",
        "zh": "每 {seconds} 秒刷新，Ctrl-C 停止 · {time}",
    },
    "jobs.watch_needs_prompt": {
        "en": "--watch refreshes at the prompt only; a script gets one snapshot.",
        "zh": "--watch 只能在交互提示符下刷新；脚本中只输出一次快照。",
    },
    "jobs.watch_too_fast": {
        "en": "--watch refreshes at most every {seconds} s",
        "zh": "--watch 的刷新间隔至少为 {seconds} 秒",
    },
    # \checkpoint
    "jobs.detail.head": {"en": "{kind} #{id} of {job} {name}", "zh": "{job} {name} 的 {kind} #{id}"},
    "jobs.detail.times": {
        "en": "triggered {triggered}, last ack {acked}, took {duration}",
        "zh": "触发于 {triggered}，最后确认于 {acked}，耗时 {duration}",
    },
    "jobs.detail.sizes": {
        "en": "checkpointed {size}, full state {full}, subtasks acknowledged {acked}/{total}",
        "zh": "本次写入 {size}，全量状态 {full}，已确认子任务 {acked}/{total}",
    },
    "jobs.detail.path": {"en": "path: {path}", "zh": "路径：{path}"},
    "jobs.detail.discarded": {
        "en": "discarded: its files are gone (a newer checkpoint replaced it)",
        "zh": "已丢弃：其文件已被删除（已被更新的 Checkpoint 取代）",
    },
    "jobs.detail.failure": {"en": "failed: {reason}", "zh": "失败：{reason}"},
    "jobs.hint.checkpoint_ids": {
        "en": "The JobManager keeps only recent checkpoints; \\checkpoints {job} shows their ids.",
        "zh": "JobManager 只保留最近的 Checkpoint；\\checkpoints {job} 可查看其 ID。",
    },
    # \savepoint, \stop
    "jobs.waiting": {"en": "{what} in progress… {seconds} s", "zh": "{what}进行中… {seconds} 秒"},
    "jobs.what.savepoint": {"en": "savepoint", "zh": "Savepoint "},
    "jobs.what.stop": {"en": "stop with savepoint", "zh": "带 Savepoint 停止"},
    "jobs.savepoint_triggered": {
        "en": "Savepoint of {job} ({name}) triggered.",
        "zh": "已为 {job}（{name}）触发 Savepoint。",
    },
    "jobs.savepoint_done": {
        "en": "Savepoint of {job} written; the job keeps running.",
        "zh": "{job} 的 Savepoint 已写入；作业继续运行。",
    },
    "jobs.savepoint_failed": {
        "en": "savepoint of {job} failed: {reason}",
        "zh": "{job} 的 Savepoint 失败：{reason}",
    },
    "jobs.hint.savepoint_dir": {
        "en": "Give a directory (\\savepoint JOB file:///path) or set "
        "execution.checkpointing.savepoint-dir on the cluster.",
        "zh": "请指定目录（\\savepoint JOB file:///path），或在集群上设置 "
        "execution.checkpointing.savepoint-dir。",
    },
    "jobs.drain_needs_savepoint": {
        "en": "--drain only goes with --savepoint (a drained stop writes a savepoint)",
        "zh": "--drain 必须与 --savepoint 一起使用（drain 停止会写 Savepoint）",
    },
    "jobs.cancel_confirm": {
        "en": "Cancel job {job} ({name}) without a savepoint?",
        "zh": "不做 Savepoint 直接取消作业 {job}（{name}）？",
    },
    "jobs.not_canceled": {"en": "Not canceled.", "zh": "未取消。"},
    "jobs.canceled": {"en": "Job {job} canceled ({state}).", "zh": "作业 {job} 已取消（{state}）。"},
    "jobs.stopping": {
        "en": "Stopping {job} ({name}) with a savepoint…",
        "zh": "正在以 Savepoint 停止 {job}（{name}）…",
    },
    "jobs.stopped": {
        "en": "Job {job} {state}; \\resume {job} restarts it from {path}",
        "zh": "作业 {job} 已 {state}；\\resume {job} 可从 {path} 重新启动",
    },
    # \resume
    "jobs.resume.still_running": {
        "en": "job {job} is {state}: resuming it now would run it twice",
        "zh": "作业 {job} 处于 {state}：此时恢复会让它运行两份",
    },
    "jobs.resume.stop_first": {
        "en": "Stop it first: \\stop {job} --savepoint",
        "zh": "请先停止：\\stop {job} --savepoint",
    },
    "jobs.resume.nothing": {
        "en": "job {job} ({name}) has no retained checkpoint or savepoint to resume from",
        "zh": "作业 {job}（{name}）没有可用于恢复的保留 Checkpoint 或 Savepoint",
    },
    "jobs.resume.nothing_hint": {
        "en": "Next time stop it with \\stop JOB --savepoint, or SET "
        "'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION'.",
        "zh": "下次请用 \\stop JOB --savepoint 停止，或 SET "
        "'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION'。",
    },
    "jobs.resume.found": {
        "en": "Resuming {job} from its latest {kind}: {path}",
        "zh": "将从 {job} 最新的 {kind} 恢复：{path}",
    },
    "jobs.resume.confirm": {
        "en": "Submit it again now, restoring from that state?",
        "zh": "现在从该状态恢复并重新提交吗？",
    },
    "jobs.resume.resumed": {
        "en": "Job {job} resumes {old} from {path}.",
        "zh": "作业 {job} 已从 {path} 恢复 {old}。",
    },
    "jobs.resume.reset": {
        "en": "Reset {key}: later jobs of this session start fresh.",
        "zh": "已重置 {key}：本会话之后的作业将从头开始。",
    },
    "jobs.resume.path_set": {
        "en": "The next job you submit restores from {path} ({key}); it is reset after that.",
        "zh": "你提交的下一个作业将从 {path} 恢复（{key}），之后自动重置。",
    },
    "jobs.resume.no_statement": {
        "en": "The journal has no statement for job {job}: submit it yourself; it restores "
        "from the path set in {key}.",
        "zh": "日志中没有作业 {job} 的语句：请自行提交，它将从 {key} 设置的路径恢复。",
    },
    # \slots
    "jobs.col.slot": {"en": "SLOT", "zh": "复制槽"},
    "jobs.col.database": {"en": "DATABASE", "zh": "数据库"},
    "jobs.col.active": {"en": "ACTIVE", "zh": "活跃"},
    "jobs.col.plugin": {"en": "PLUGIN", "zh": "插件"},
    "jobs.col.wal_held": {"en": "WAL HELD", "zh": "保留 WAL"},
    "jobs.col.wal_status": {"en": "WAL STATUS", "zh": "WAL 状态"},
    "jobs.col.used_by": {"en": "USED BY", "zh": "使用的表"},
    "jobs.slots.none": {"en": "No logical replication slots.", "zh": "没有逻辑复制槽。"},
    "jobs.slots.risk": {
        "en": "Slot {slot} is inactive: no job reads it, and PostgreSQL keeps {size} of WAL (and "
        "more every minute) for it. If no job will resume from it, drop it:",
        "zh": "复制槽 {slot} 未活跃：没有作业读取它，PostgreSQL 为它保留了 {size} 的 WAL（且持续增长）。"
        "若不会再有作业从它恢复，请删除：",
    },
    "jobs.slots.no_tables": {
        "en": "this session has no postgres-cdc table to take a database from",
        "zh": "本会话没有可用于确定数据库的 postgres-cdc 表",
    },
    "jobs.slots.no_tables_hint": {
        "en": "Create the CDC table first, or give the database: \\slots postgresql://user@host:5432/db",
        "zh": "请先创建 CDC 表，或直接指定数据库：\\slots postgresql://user@host:5432/db",
    },
    "jobs.slots.no_driver": {
        "en": "reading replication slots needs the psycopg package",
        "zh": "读取复制槽需要 psycopg 包",
    },
    "jobs.slots.no_driver_hint": {
        "en": "pip install 'psycopg[binary]', or run in psql: {sql}",
        "zh": "请 pip install 'psycopg[binary]'，或在 psql 中执行：{sql}",
    },
    "jobs.slots.confirm": {
        "en": "Connect to PostgreSQL {target} as {user} to read pg_replication_slots?",
        "zh": "以 {user} 连接 PostgreSQL {target} 读取 pg_replication_slots？",
    },
    "jobs.slots.connect_failed": {
        "en": "cannot read the slots of {target}: {reason}",
        "zh": "无法读取 {target} 的复制槽：{reason}",
    },
    "jobs.slots.not_created": {
        "en": "Table {table} names slot {slot}, which does not exist (yet): its job has not "
        "started, or the slot was dropped.",
        "zh": "表 {table} 指定的复制槽 {slot} 不存在（尚未创建）：其作业尚未启动，或该槽已被删除。",
    },
    "jobs.slots.bad_dsn": {
        "en": "not a PostgreSQL URL: {dsn} (expected postgresql://user:password@host:port/db)",
        "zh": "不是 PostgreSQL 地址：{dsn}（应为 postgresql://user:password@host:port/db）",
    },
}
