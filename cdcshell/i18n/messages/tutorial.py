"""Messages of `\\tutorial`: the engine's, the checks', and every step of both tutorials.

A data table (its size is the number of texts, in two languages), not logic.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- the engine
    "tutorial.help": {
        "en": "guided tutorials: run each step at the prompt and see it checked (--auto runs them all)",
        "zh": "引导式教程：在提示符中逐步执行并检查每一步（--auto 自动执行全部步骤）",
    },
    "tutorial.list_header": {"en": "Tutorials:", "zh": "教程："},
    "tutorial.list_footer": {
        "en": "\\tutorial NAME starts one; \\tutorial NAME --auto runs all its steps by itself.",
        "zh": "\\tutorial 名称 开始一个教程；\\tutorial 名称 --auto 自动执行其全部步骤。",
    },
    "tutorial.steps": {"en": "{count} steps", "zh": "{count} 步"},
    "tutorial.in_progress": {
        "en": "In progress: {name}, step {step} of {total} (\\tutorial status shows it again).",
        "zh": "进行中：{name}，第 {step}/{total} 步（\\tutorial status 可再次显示）。",
    },
    "tutorial.none_running": {"en": "No tutorial is running.", "zh": "当前没有进行中的教程。"},
    "tutorial.start_hint": {
        "en": "\\tutorial lists the tutorials; \\tutorial NAME starts one.",
        "zh": "\\tutorial 列出教程；\\tutorial 名称 开始一个教程。",
    },
    "tutorial.stopped": {
        "en": "Tutorial {name} stopped. \\tutorial {name} starts it again from the beginning.",
        "zh": "教程 {name} 已停止。\\tutorial {name} 可从头重新开始。",
    },
    "tutorial.skipped": {
        "en": "Step {step} skipped, without checking it.",
        "zh": "已跳过第 {step} 步，未做检查。",
    },
    "tutorial.unknown": {
        "en": "No tutorial named {name!r}. Tutorials: {names}.",
        "zh": "没有名为 {name!r} 的教程。可用教程：{names}。",
    },
    "tutorial.offline": {
        "en": "A tutorial needs the SQL Gateway, and the shell is not connected.",
        "zh": "教程需要连接 SQL Gateway，而当前 shell 未连接。",
    },
    "tutorial.offline_hint": {
        "en": "Start the local sandbox with PostgreSQL (cdcshell sandbox up --with postgres, or make shell), "
        "then \\connect.",
        "zh": "先启动带 PostgreSQL 的本地沙箱（cdcshell sandbox up --with postgres，或 make shell），再执行 \\connect。",
    },
    "tutorial.needs_prompt": {
        "en": "In a script nobody can press Enter: use \\tutorial {name} --auto to run every step by itself.",
        "zh": "脚本中无人按回车：请用 \\tutorial {name} --auto 自动执行每一步。",
    },
    "tutorial.no_dsn": {
        "en": "The tutorial needs the sandbox's PostgreSQL and none was found for this gateway. Start the sandbox "
        "with cdcshell sandbox up --with postgres, or name the database: \\tutorial {name} --dsn "
        "postgresql://USER:PASSWORD@HOST:PORT/DATABASE (a role with REPLICATION, wal_level = logical).",
        "zh": "教程需要沙箱的 PostgreSQL，但没有找到与当前 gateway 对应的数据库。请用 cdcshell sandbox up --with "
        "postgres 启动沙箱，或指定数据库：\\tutorial {name} --dsn postgresql://用户:密码@主机:端口/数据库"
        "（角色需有 REPLICATION 权限，wal_level = logical）。",
    },
    "tutorial.bad_dsn": {
        "en": "{dsn} is not a PostgreSQL address: use postgresql://USER:PASSWORD@HOST:PORT/DATABASE.",
        "zh": "{dsn} 不是 PostgreSQL 地址：请使用 postgresql://用户:密码@主机:端口/数据库。",
    },
    "tutorial.no_driver": {
        "en": "The tutorial reads and writes the demo database with psycopg, which is not installed: "
        "pip install 'cdcshell[postgres]' (make shell installs it).",
        "zh": "教程通过 psycopg 读写演示数据库，但它没有安装：pip install 'cdcshell[postgres]'（make shell 会安装它）。",
    },
    "tutorial.db_unreachable": {
        "en": "Cannot reach PostgreSQL at {target}: {reason}. Is the sandbox's PostgreSQL running "
        "(cdcshell sandbox status)?",
        "zh": "无法连接 {target} 上的 PostgreSQL：{reason}。沙箱的 PostgreSQL 是否在运行（cdcshell sandbox status）？",
    },
    "tutorial.step_header": {
        "en": "── Step {step}/{total}: {title} ──",
        "zh": "── 第 {step}/{total} 步：{title} ──",
    },
    "tutorial.press_enter": {
        "en": "The statement is at the prompt: edit it if you like, then press Enter (\\tutorial skip, "
        "\\tutorial stop).",
        "zh": "语句已放在提示符中：可以先修改，然后按回车执行（\\tutorial skip 跳过，\\tutorial stop 结束）。",
    },
    "tutorial.press_enter_action": {
        "en": "Press Enter and the tutorial does this step for you.",
        "zh": "按回车，教程会替您完成这一步。",
    },
    "tutorial.finished": {
        "en": "✔ Tutorial {name} done: {title}. \\help tutorials lists the others.",
        "zh": "✔ 教程 {name} 完成：{title}。\\help tutorials 列出其他教程。",
    },
    "tutorial.passed": {"en": "✔ {message}", "zh": "✔ {message}"},
    "tutorial.failed": {"en": "✘ {message}", "zh": "✘ {message}"},
    "tutorial.statement_failed": {
        "en": "The statement failed (see the error above).",
        "zh": "语句执行失败（见上方错误）。",
    },
    "tutorial.check_crashed": {"en": "The check could not be done: {error}", "zh": "无法完成检查：{error}"},
    "tutorial.forced": {
        "en": "The risk checks will stop this statement: answer yes, since seeing what happens is the point.",
        "zh": "风险检查会拦下这条语句：请回答 yes，这一步就是为了看看会发生什么。",
    },
    "tutorial.retry": {
        "en": "Run it again (it is at the prompt), or \\tutorial skip.",
        "zh": "请再运行一次（语句已在提示符中），或用 \\tutorial skip 跳过。",
    },
    "tutorial.auto_stopped": {
        "en": "The tutorial {name} stopped at step {step}.",
        "zh": "教程 {name} 停在第 {step} 步。",
    },
    "tutorial.waiting": {
        "en": "… waiting for {what} (up to {seconds} s)",
        "zh": "… 正在等待{what}（最多 {seconds} 秒）",
    },
    "tutorial.none": {"en": "(not set)", "zh": "（未设置）"},
    "tutorial.what.running": {"en": "the job to run", "zh": "作业开始运行"},
    "tutorial.what.snapshot": {"en": "the snapshot to reach the copy", "zh": "快照数据到达副本表"},
    "tutorial.what.checkpoint": {"en": "a checkpoint to complete", "zh": "Checkpoint 完成"},
    "tutorial.what.stopped": {"en": "the job to end", "zh": "作业结束"},
    "tutorial.what.savepoint": {"en": "the savepoint's path", "zh": "Savepoint 路径"},
    "tutorial.what.catch_up": {"en": "the copy to catch up", "zh": "副本表追上源表"},
    "tutorial.what.changes": {"en": "the new rows to reach the copy", "zh": "新数据到达副本表"},
    "tutorial.what.slot_released": {"en": "the slot to be released", "zh": "复制槽被释放"},
    # ---------------------------------------------------------------- checks
    "tutorial.check.set": {"en": "{key} is {value} in this session.", "zh": "本会话中 {key} 为 {value}。"},
    "tutorial.check.not_set": {
        "en": "{key} should be {value}, and is {got}.",
        "zh": "{key} 应为 {value}，实际为 {got}。",
    },
    "tutorial.check.still_set": {"en": "{key} is still set ({value}).", "zh": "{key} 仍被设置（{value}）。"},
    "tutorial.check.cluster_sets": {
        "en": "The cluster's configuration sets {key} = {value}.",
        "zh": "集群配置中设置了 {key} = {value}。",
    },
    "tutorial.hint.cluster_sets": {
        "en": "This tutorial needs a cluster without a checkpoint interval of its own, like the sandbox.",
        "zh": "本教程需要一个自身没有配置 Checkpoint 间隔的集群，例如沙箱。",
    },
    "tutorial.check.unset": {
        "en": "{key} is not set: checkpointing is off for the next job.",
        "zh": "{key} 未设置：下一个作业不会做 Checkpoint。",
    },
    "tutorial.check.ok": {"en": "Done.", "zh": "完成。"},
    "tutorial.check.no_job": {"en": "No job was submitted.", "zh": "没有提交作业。"},
    "tutorial.hint.no_job": {
        "en": "Run the INSERT statement: it is what submits the job.",
        "zh": "请运行 INSERT 语句：提交作业的正是它。",
    },
    "tutorial.check.job_not_running": {
        "en": "Job {job} is {state}, not RUNNING.",
        "zh": "作业 {job} 的状态是 {state}，而不是 RUNNING。",
    },
    "tutorial.hint.job_log": {
        "en": "\\jobs shows its state; the TaskManager log (cdcshell sandbox logs) tells why it failed.",
        "zh": "\\jobs 显示其状态；TaskManager 日志（cdcshell sandbox logs）会说明失败原因。",
    },
    "tutorial.check.copy_short": {
        "en": "{copy} has {got} of {want} rows.",
        "zh": "{copy} 中只有 {got}/{want} 行。",
    },
    "tutorial.check.snapshot": {
        "en": "Job {job} runs, and the snapshot's {rows} rows are in {copy}.",
        "zh": "作业 {job} 正在运行，快照的 {rows} 行已写入 {copy}。",
    },
    "tutorial.check.no_live_job": {
        "en": "No running job named {name}.",
        "zh": "没有名为 {name} 的运行中作业。",
    },
    "tutorial.check.no_checkpoint": {
        "en": "Job {job} has not completed a checkpoint yet.",
        "zh": "作业 {job} 还没有完成任何 Checkpoint。",
    },
    "tutorial.hint.no_checkpoint": {
        "en": "Was the interval SET before the INSERT? \\checkpoints shows the configuration the job runs with.",
        "zh": "间隔是在 INSERT 之前 SET 的吗？\\checkpoints 会显示作业实际使用的配置。",
    },
    "tutorial.check.checkpointed": {
        "en": "{count} {count|checkpoint|checkpoints} completed; the latest is stored at {path}.",
        "zh": "已完成 {count} 个 Checkpoint；最新的存放在 {path}。",
    },
    "tutorial.check.not_stopped": {
        "en": "Job {job} is {state}: it did not stop.",
        "zh": "作业 {job} 的状态是 {state}：它没有停止。",
    },
    "tutorial.check.no_savepoint": {
        "en": "Job {job} ended without a savepoint.",
        "zh": "作业 {job} 结束时没有 Savepoint。",
    },
    "tutorial.check.savepoint": {
        "en": "The job stopped; its savepoint is {path}.",
        "zh": "作业已停止；其 Savepoint 为 {path}。",
    },
    "tutorial.check.copy_not_behind": {
        "en": "{copy} already has all {rows} rows: was the job still running?",
        "zh": "{copy} 已经有全部 {rows} 行：作业是否仍在运行？",
    },
    "tutorial.check.behind": {
        "en": "The source has {source} rows, the copy {copy}: nobody is copying right now.",
        "zh": "源表有 {source} 行，副本表只有 {copy} 行：此刻没有作业在复制。",
    },
    "tutorial.check.no_slot": {"en": "There is no replication slot {slot}.", "zh": "不存在复制槽 {slot}。"},
    "tutorial.check.slot_active": {
        "en": "Slot {slot} is still in use by a job.",
        "zh": "复制槽 {slot} 仍被作业占用。",
    },
    "tutorial.check.slot_kept": {
        "en": "Slot {slot} is inactive but kept: PostgreSQL holds the new rows' WAL until a job reads it again.",
        "zh": "复制槽 {slot} 处于空闲状态但被保留：PostgreSQL 会保留新数据的 WAL，直到再有作业读取它。",
    },
    "tutorial.check.not_resumed": {"en": "No new job is running.", "zh": "没有新的作业在运行。"},
    "tutorial.hint.resume": {
        "en": "\\resume JOB submits the job's statement again from its savepoint.",
        "zh": "\\resume 作业 会从 Savepoint 重新提交该作业的语句。",
    },
    "tutorial.check.resumed": {
        "en": "Job {job} resumed from the savepoint, and the copy has caught up: {rows} rows.",
        "zh": "作业 {job} 已从 Savepoint 恢复，副本表已追上：共 {rows} 行。",
    },
    "tutorial.check.not_restored": {
        "en": "Job {job} did not start from a savepoint or checkpoint.",
        "zh": "作业 {job} 不是从 Savepoint 或 Checkpoint 启动的。",
    },
    "tutorial.check.restored_elsewhere": {
        "en": "The job was restored from {path}, not from the savepoint {savepoint}.",
        "zh": "作业是从 {path} 恢复的，而不是从 Savepoint {savepoint}。",
    },
    "tutorial.check.restored": {"en": "The job was restored from {path}.", "zh": "作业从 {path} 恢复。"},
    "tutorial.check.mismatch": {
        "en": "The copy does not match the source: missing ids {missing}, ids twice {twice} ({got} rows, {want} "
        "expected).",
        "zh": "副本表与源表不一致：缺少的 id {missing}，重复的 id {twice}（共 {got} 行，应为 {want} 行）。",
    },
    "tutorial.check.exact": {
        "en": "The copy equals the source: {rows} rows, none missing, none twice.",
        "zh": "副本表与源表完全一致：{rows} 行，没有缺失，没有重复。",
    },
    "tutorial.check.checkpointing_on": {
        "en": "Job {job} runs with checkpointing on.",
        "zh": "作业 {job} 开启了 Checkpoint。",
    },
    "tutorial.check.checkpointing_off": {
        "en": "Job {job} runs with checkpointing off: no checkpoint, ever.",
        "zh": "作业 {job} 没有开启 Checkpoint：永远不会有 Checkpoint。",
    },
    "tutorial.check.changes_flow": {
        "en": "The copy has all {rows} rows: changes flow without checkpoints.",
        "zh": "副本表已有全部 {rows} 行：没有 Checkpoint，变更也照样流动。",
    },
    "tutorial.check.slot_confirmed": {
        "en": "Slot {slot} has confirmed the new rows ({lsn}): is checkpointing on after all?",
        "zh": "复制槽 {slot} 已确认了新数据（{lsn}）：难道 Checkpoint 其实是开启的？",
    },
    "tutorial.check.slot_empty": {
        "en": "Slot {slot} holds no WAL back.",
        "zh": "复制槽 {slot} 没有占住任何 WAL。",
    },
    "tutorial.check.slot_stuck": {
        "en": "Slot {slot} has not confirmed them, though: it still confirms {lsn}, before the new rows (WAL {change}). "
        "PostgreSQL keeps {bytes} of WAL for it, and the amount only grows.",
        "zh": "然而复制槽 {slot} 并没有确认它们：它确认的位置仍是 {lsn}，在新数据（WAL {change}）之前。"
        "PostgreSQL 为它保留了 {bytes} 的 WAL，而且只会越来越多。",
    },
    "tutorial.check.canceled": {"en": "Job {job} is {state}.", "zh": "作业 {job} 的状态是 {state}。"},
    "tutorial.check.resumed_anyway": {"en": "A job was resumed after all.", "zh": "竟然恢复出了一个作业。"},
    "tutorial.check.nothing_to_resume": {
        "en": "As expected: there is no checkpoint or savepoint to resume from. A new job would start from a new "
        "snapshot.",
        "zh": "正如预期：没有可以恢复的 Checkpoint 或 Savepoint。新作业只能从一次新的快照开始。",
    },
    "tutorial.check.slot_orphan": {
        "en": "Slot {slot} is left behind, read by nobody, holding {bytes} of WAL — on a busy database, until "
        "the disk is full.",
        "zh": "复制槽 {slot} 被遗留下来，无人读取，占着 {bytes} 的 WAL——在繁忙的数据库上，会一直增长到磁盘写满。",
    },
    # ---------------------------------------------------------------- actions
    "tutorial.action.prepared": {
        "en": "Prepared in {target}: table {source} with {rows} rows (REPLICA IDENTITY FULL, publication "
        "{publication}), and an empty table {copy} without a primary key, so a row copied twice would "
        "show as two rows.",
        "zh": "已在 {target} 中准备好：表 {source}，含 {rows} 行（REPLICA IDENTITY FULL，publication {publication}），"
        "以及一张没有主键的空表 {copy}——这样被复制两次的行会显示为两行。",
    },
    "tutorial.action.cancelled_old": {
        "en": "{count} {count|job|jobs} {name} of an earlier run {count|was|were} cancelled.",
        "zh": "已取消之前运行留下的 {count} 个 {name} 作业。",
    },
    "tutorial.action.changed": {
        "en": "The application wrote {rows} rows, in PostgreSQL: {statement}",
        "zh": "应用程序向 PostgreSQL 写入了 {rows} 行：{statement}",
    },
    "tutorial.action.cleaned": {
        "en": "Cleaned up: {count} {count|job|jobs} cancelled, slot {slot} dropped, so it holds no WAL any more. The tables "
        "stay, for you to look at.",
        "zh": "已清理：取消了 {count} 个作业，删除了复制槽 {slot}，它不会再占用 WAL。表会保留，供您查看。",
    },
    "tutorial.action.slot_busy": {
        "en": "{count} {count|job|jobs} cancelled, but slot {slot} is still in use; drop it later with "
        "SELECT pg_drop_replication_slot('{slot}'); in psql.",
        "zh": "已取消 {count} 个作业，但复制槽 {slot} 仍在使用中；稍后请在 psql 中执行 "
        "SELECT pg_drop_replication_slot('{slot}'); 删除它。",
    },
}

# ---------------------------------------------------------------- tutorial "checkpointing"
MESSAGES.update(
    {
        "tutorial.checkpointing.title": {
            "en": "Checkpointing a Postgres CDC job",
            "zh": "为 Postgres CDC 作业配置 Checkpoint",
        },
        "tutorial.checkpointing.intro": {
            "en": "You will copy a PostgreSQL table with Flink CDC, watch checkpoints happen, stop the job with a "
            "savepoint, change data while it is stopped, resume it, and check that every row arrived exactly "
            "once. Each step puts its statement at the prompt; the tutorial checks the result before going on.",
            "zh": "您将用 Flink CDC 复制一张 PostgreSQL 表，观察 Checkpoint 的发生，用 Savepoint 停止作业，在作业停止期间修改数据，"
            "再恢复作业，并确认每一行都恰好到达一次。每一步都会把语句放在提示符中；教程会先检查结果再继续。",
        },
        "tutorial.checkpointing.prepare.title": {"en": "Prepare the tables", "zh": "准备数据表"},
        "tutorial.checkpointing.prepare.text": {
            "en": "The tutorial creates its own tables in the sandbox's database, so it can be run again at any time.",
            "zh": "教程会在沙箱数据库中创建自己的表，因此随时可以重新运行。",
        },
        "tutorial.checkpointing.interval.title": {"en": "Turn checkpointing on", "zh": "开启 Checkpoint"},
        "tutorial.checkpointing.interval.text": {
            "en": "Checkpointing is off until an interval is set. Every 3 seconds Flink will take a consistent copy of "
            "the job's state, including the position the CDC source has read up to. It is read when the job is "
            "submitted, so it comes before the INSERT.",
            "zh": "不设置间隔就不会做 Checkpoint。之后 Flink 每 3 秒会对作业状态做一份一致的副本，其中包括 CDC source "
            "读到的位置。该配置在提交作业时读取，所以要放在 INSERT 之前。",
        },
        "tutorial.checkpointing.retention.title": {
            "en": "Keep the last checkpoint",
            "zh": "保留最近的 Checkpoint",
        },
        "tutorial.checkpointing.retention.text": {
            "en": "Retention: by default a cancelled job's checkpoints are deleted with it. RETAIN_ON_CANCELLATION keeps "
            "the latest one, so the job can be resumed even when nobody took a savepoint.",
            "zh": "保留策略：默认情况下，作业被取消时其 Checkpoint 会一起删除。RETAIN_ON_CANCELLATION 会保留最近的一个，"
            "即使没人做 Savepoint，作业也能恢复。",
        },
        "tutorial.checkpointing.name.title": {"en": "Name the job", "zh": "为作业命名"},
        "tutorial.checkpointing.name.text": {
            "en": "A name to find the job by in \\jobs, \\checkpoints, \\stop and \\resume.",
            "zh": "给作业起个名字，便于在 \\jobs、\\checkpoints、\\stop 和 \\resume 中找到它。",
        },
        "tutorial.checkpointing.source.title": {"en": "The CDC source", "zh": "CDC source"},
        "tutorial.checkpointing.source.text": {
            "en": "The job reads the table's snapshot (incrementally, in chunks that are part of the checkpoints), then "
            "follows the write-ahead log through the replication slot named here. The slot only moves on when "
            "a checkpoint completes. The changelog is read as append-only, so that the copy shows every row "
            "exactly as often as it was delivered.",
            "zh": "作业先读取表的快照（增量快照：按分块读取，分块进度也记录在 Checkpoint 中），再通过这里指定的复制槽跟踪预写日志。"
            "只有 Checkpoint 完成时复制槽才会前进。变更日志以只追加方式读取，这样副本表中每一行出现的次数就等于它被投递的次数。",
        },
        "tutorial.checkpointing.copy.title": {"en": "The copy", "zh": "副本表"},
        "tutorial.checkpointing.copy.text": {
            "en": "A JDBC table in the same database, without a primary key: a row written twice would stay twice.",
            "zh": "同一数据库中的一张 JDBC 表，没有主键：被写入两次的行会留下两条。",
        },
        "tutorial.checkpointing.submit.title": {"en": "Submit the job", "zh": "提交作业"},
        "tutorial.checkpointing.submit.text": {
            "en": "The INSERT starts a streaming job that runs until it is stopped. The tutorial waits until the "
            "snapshot's rows are in the copy.",
            "zh": "INSERT 会启动一个流作业，它会一直运行直到被停止。教程会等到快照的数据都写入副本表。",
        },
        "tutorial.checkpointing.watch.title": {"en": "Watch the checkpoints", "zh": "观察 Checkpoint"},
        "tutorial.checkpointing.watch.text": {
            "en": "\\checkpoints shows the configuration in force (every 3 s, retained on cancel), how many "
            "checkpoints completed, and where the latest one is stored: a chk-N directory under the cluster's "
            "execution.checkpointing.dir. Run it again and the count grows; at your own prompt, --watch follows "
            "it live.",
            "zh": "\\checkpoints 显示实际生效的配置（每 3 秒，取消时保留）、已完成的 Checkpoint 数量，以及最新 Checkpoint 的存放位置："
            "集群 execution.checkpointing.dir 下的 chk-N 目录。再运行一次，数量会增加；在您自己的提示符中，"
            "--watch 可以实时跟踪。",
        },
        "tutorial.checkpointing.stop.title": {"en": "Stop with a savepoint", "zh": "用 Savepoint 停止作业"},
        "tutorial.checkpointing.stop.text": {
            "en": "A planned stop: Flink writes a savepoint — a checkpoint that is kept until you delete it — and then "
            "ends the job. Every row read so far is in the savepoint.",
            "zh": "有计划的停止：Flink 先写一个 Savepoint——一种会一直保留到您删除为止的 Checkpoint——然后结束作业。"
            "已读取的每一行都在 Savepoint 中。",
        },
        "tutorial.checkpointing.change.title": {
            "en": "Change data while the job is stopped",
            "zh": "在作业停止期间修改数据",
        },
        "tutorial.checkpointing.change.text": {
            "en": "The application keeps writing. Nobody copies the new rows now; the replication slot keeps them "
            "for later.",
            "zh": "应用程序继续写入。此刻没有人复制这些新数据；复制槽会为之后保留它们。",
        },
        "tutorial.checkpointing.slot.title": {"en": "The slot kept its place", "zh": "复制槽记住了位置"},
        "tutorial.checkpointing.slot.text": {
            "en": "\\slots shows the slot inactive, holding WAL back: that is what lets the job pick up exactly where "
            "it stopped — and what fills the disk if the job never comes back.",
            "zh": "\\slots 显示复制槽处于空闲状态，并占住了 WAL：正是这一点让作业能从停下的地方继续——"
            "而如果作业再也不回来，也正是它会把磁盘写满。",
        },
        "tutorial.checkpointing.resume.title": {"en": "Resume from the savepoint", "zh": "从 Savepoint 恢复"},
        "tutorial.checkpointing.resume.text": {
            "en": "\\resume finds the savepoint, sets execution.state-recovery.path (its old name execution.savepoint.path is still read), "
            "submits the job's INSERT again and RESETs the path, so the next job of the session starts fresh.",
            "zh": "\\resume 会找到 Savepoint，设置 execution.state-recovery.path（旧名 execution.savepoint.path 仍然有效），"
            "重新提交作业的 INSERT，然后 RESET 该路径，让本会话的下一个作业重新开始。",
        },
        "tutorial.checkpointing.restored.title": {"en": "See the restore", "zh": "查看恢复情况"},
        "tutorial.checkpointing.restored.text": {
            "en": "Restore: \\checkpoints of the new job names the savepoint it was restored from.",
            "zh": "恢复：新作业的 \\checkpoints 会显示它是从哪个 Savepoint 恢复的。",
        },
        "tutorial.checkpointing.verify.title": {"en": "Nothing lost, nothing twice", "zh": "不丢失，不重复"},
        "tutorial.checkpointing.verify.text": {
            "en": "Read the copy through Flink: ids 1 to 8, each exactly once — the 5 rows of the snapshot and the 3 "
            "written while the job was stopped. That holds because the job stopped with a savepoint: the copy is "
            "append-only, so after a crash the rows written since the last checkpoint would arrive twice (a sink "
            "with a primary key would overwrite them). The tutorial also compares the copy with the source in "
            "PostgreSQL, row by row.",
            "zh": "通过 Flink 读取副本表：id 1 到 8，每个恰好出现一次——快照中的 5 行，加上作业停止期间写入的 3 行。"
            "这是因为作业是用 Savepoint 停止的：副本表只追加写入，如果作业崩溃，上一次 Checkpoint 之后写入的行会再写一次"
            "（有主键的 Sink 会覆盖它们）。教程还会在 PostgreSQL 中逐行比较副本表和源表。",
        },
        "tutorial.checkpointing.cleanup.title": {"en": "Clean up", "zh": "清理"},
        "tutorial.checkpointing.cleanup.text": {
            "en": "The job is cancelled and its replication slot dropped — a slot nobody reads keeps WAL forever.",
            "zh": "取消作业并删除其复制槽——无人读取的复制槽会永远占住 WAL。",
        },
    }
)

# ---------------------------------------------------------------- tutorial "no-checkpoints"
MESSAGES.update(
    {
        "tutorial.no-checkpoints.title": {
            "en": "What goes wrong without checkpoints",
            "zh": "没有 Checkpoint 会出什么问题",
        },
        "tutorial.no-checkpoints.intro": {
            "en": "The same CDC job, with checkpointing off. Rows still flow — but the replication slot never moves "
            "on, so PostgreSQL keeps every byte of WAL, and once the job is gone there is nothing to resume from.",
            "zh": "同样的 CDC 作业，但不开启 Checkpoint。数据照样流动——但复制槽永远不会前进，PostgreSQL 会保留全部 WAL，"
            "而作业一旦消失，就没有任何可以恢复的东西。",
        },
        "tutorial.no-checkpoints.prepare.title": {"en": "Prepare the tables", "zh": "准备数据表"},
        "tutorial.no-checkpoints.prepare.text": {
            "en": "Tables, publication and slot of its own, apart from the other tutorial's.",
            "zh": "使用自己的表、publication 和复制槽，与另一个教程互不影响。",
        },
        "tutorial.no-checkpoints.off.title": {"en": "Checkpointing off", "zh": "关闭 Checkpoint"},
        "tutorial.no-checkpoints.off.text": {
            "en": "Without an interval there are no checkpoints. RESET removes the session's value, in case an earlier "
            "tutorial set one.",
            "zh": "没有间隔就没有 Checkpoint。RESET 会移除会话中的值，以防之前的教程设置过它。",
        },
        "tutorial.no-checkpoints.name.title": {"en": "Name the job", "zh": "为作业命名"},
        "tutorial.no-checkpoints.name.text": {
            "en": "So that \\checkpoints, \\stop and \\resume find it by name.",
            "zh": "这样 \\checkpoints、\\stop 和 \\resume 可以按名字找到它。",
        },
        "tutorial.no-checkpoints.source.title": {"en": "The CDC source", "zh": "CDC source"},
        "tutorial.no-checkpoints.source.text": {
            "en": "The same source as in the checkpointing tutorial, on its own slot.",
            "zh": "与 Checkpoint 教程相同的 source，使用自己的复制槽。",
        },
        "tutorial.no-checkpoints.copy.title": {"en": "The copy", "zh": "副本表"},
        "tutorial.no-checkpoints.copy.text": {
            "en": "A JDBC table without a primary key.",
            "zh": "一张没有主键的 JDBC 表。",
        },
        "tutorial.no-checkpoints.submit.title": {"en": "Submit the job anyway", "zh": "照样提交作业"},
        "tutorial.no-checkpoints.submit.text": {
            "en": "The shell's risk check CK001 says it clearly: a CDC job without checkpoints. This time it runs "
            "anyway, to see what happens.",
            "zh": "shell 的风险检查 CK001 说得很清楚：这是一个没有 Checkpoint 的 CDC 作业。这一次我们照样运行它，看看会发生什么。",
        },
        "tutorial.no-checkpoints.watch.title": {"en": "No checkpoints", "zh": "没有 Checkpoint"},
        "tutorial.no-checkpoints.watch.text": {
            "en": "\\checkpoints shows that checkpointing is off for this job.",
            "zh": "\\checkpoints 显示该作业没有开启 Checkpoint。",
        },
        "tutorial.no-checkpoints.change.title": {"en": "Change data", "zh": "修改数据"},
        "tutorial.no-checkpoints.change.text": {
            "en": "The application writes new rows. They reach the copy — and yet the slot does not move.",
            "zh": "应用程序写入新数据。它们会到达副本表——然而复制槽并不前进。",
        },
        "tutorial.no-checkpoints.slot.title": {"en": "The slot holds WAL back", "zh": "复制槽占住了 WAL"},
        "tutorial.no-checkpoints.slot.text": {
            "en": "The connector confirms a position only after a completed checkpoint. No checkpoint, no "
            "confirmation: PostgreSQL keeps all WAL since the job started.",
            "zh": "连接器只在 Checkpoint 完成后才确认位置。没有 Checkpoint 就没有确认：PostgreSQL 会保留自作业启动以来的全部 WAL。",
        },
        "tutorial.no-checkpoints.crash.title": {"en": "The job goes away", "zh": "作业消失了"},
        "tutorial.no-checkpoints.crash.text": {
            "en": "Cancel the job, as a crash or a redeployment would end it (answer yes when asked).",
            "zh": "取消作业，就像一次崩溃或重新部署会结束它那样（询问时请回答 yes）。",
        },
        "tutorial.no-checkpoints.resume.title": {"en": "Try to resume", "zh": "尝试恢复"},
        "tutorial.no-checkpoints.resume.text": {
            "en": "This fails, and that is the lesson: no checkpoint, no savepoint — nothing to resume from.",
            "zh": "这一步会失败，而这正是要学的：没有 Checkpoint，也没有 Savepoint——没有任何可以恢复的东西。",
        },
        "tutorial.no-checkpoints.orphan.title": {"en": "A slot left behind", "zh": "被遗留的复制槽"},
        "tutorial.no-checkpoints.orphan.text": {
            "en": "\\slots: the slot is inactive and still holds the WAL. \\slots prints the DROP that frees it.",
            "zh": "\\slots：复制槽处于空闲状态，仍占着 WAL。\\slots 会给出释放它的 DROP 语句。",
        },
        "tutorial.no-checkpoints.cleanup.title": {"en": "Clean up", "zh": "清理"},
        "tutorial.no-checkpoints.cleanup.text": {
            "en": "The tutorial drops the slot. The fix for real jobs: SET 'execution.checkpointing.interval' before "
            "the INSERT — see \\tutorial checkpointing.",
            "zh": "教程会删除该复制槽。真实作业的解决办法：在 INSERT 之前 SET 'execution.checkpointing.interval'——"
            "参见 \\tutorial checkpointing。",
        },
    }
)
