"""Messages of the command line and the shell's frame: start, connect, execute, exit."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.description": {
        "en": "An interactive shell for Apache Flink SQL that watches over CDC pipelines and their checkpoints.",
        "zh": "面向 Apache Flink SQL 的交互式命令行，关注 CDC 作业及其 Checkpoint。",
    },
    "cli.epilog": {
        "en": "subcommands:\n  cdcshell sandbox up|down|status|logs   a local Flink with a SQL Gateway\n  cdcshell lint FILE...                  risk checks without a cluster\n  cdcshell complete TEXT                 completions for editors and tests\n  cdcshell lsp                           a language server for editors (stdio)",
        "zh": "子命令：\n  cdcshell sandbox up|down|status|logs   本地 Flink 及 SQL Gateway\n  cdcshell lint FILE...                  无需集群的风险检查\n  cdcshell complete TEXT                 供编辑器与测试使用的补全\n  cdcshell lsp                           供编辑器使用的语言服务器（stdio）",
    },
    "cli.help.file": {
        "en": "run the statements of SCRIPT ('-' for standard input) and exit",
        "zh": "执行 SCRIPT 中的语句后退出（'-' 表示标准输入）",
    },
    "cli.help.init": {"en": "run INIT first (repeatable)", "zh": "先执行 INIT 脚本（可重复）"},
    "cli.help.execute": {"en": "run the given statements and exit", "zh": "执行给定语句后退出"},
    "cli.help.gateway": {
        "en": "SQL Gateway URL (default: $CDCSHELL_GATEWAY, config file, http://127.0.0.1:8083)",
        "zh": "SQL Gateway 地址（默认：$CDCSHELL_GATEWAY、配置文件、http://127.0.0.1:8083）",
    },
    "cli.help.jobmanager": {
        "en": "JobManager REST URL, when the one the gateway reports is not reachable from here",
        "zh": "JobManager REST 地址（当 gateway 报告的地址在此无法访问时使用）",
    },
    "cli.help.sandbox": {
        "en": "start the local sandbox Flink if needed and connect to it",
        "zh": "按需启动本地沙箱 Flink 并连接",
    },
    "cli.help.format": {
        "en": "result format (default: table on a terminal, plain otherwise; live: streaming queries as a live table in the REPL)",
        "zh": "结果格式（默认：终端为 table，否则为 plain；live：在 REPL 中以实时表格显示流式查询）",
    },
    "cli.help.continue": {
        "en": "in scripts, go on after a failed statement",
        "zh": "脚本中某条语句失败后继续执行",
    },
    "cli.help.dry_run": {
        "en": "connect to nothing; print how the script splits into statements",
        "zh": "不连接任何服务；只显示脚本如何拆分为语句",
    },
    "cli.help.force": {
        "en": "run statements even when the risk checks find errors",
        "zh": "即使风险检查发现错误也执行语句",
    },
    "cli.help.max_restarts": {
        "en": "in scripts, fail a statement whose job restarted more than N times (default 3)",
        "zh": "脚本中，若语句等待的作业重启超过 N 次则该语句失败（默认 3）",
    },
    "cli.help.wait_checkpoint": {
        "en": "after the script, wait (default 120 s) for the first completed checkpoint of "
        "every job it submitted; exit 1 if one fails or none completes",
        "zh": "脚本结束后等待（默认 120 秒）其提交的每个作业完成第一个 Checkpoint；失败或超时则退出码为 1",
    },
    "cli.help.secrets": {
        "en": 'TOML file (mode 0600) with the secrets \\resume needs: [table] option = "value"',
        "zh": 'TOML 文件（权限 0600），提供 \\resume 所需的密钥：[表名] 选项 = "值"',
    },
    "cli.error.not_count": {"en": "'{value}' is not a count (0, 1, 2, …)", "zh": "'{value}' 不是非负整数"},
    "cli.error.not_seconds": {
        "en": "'{value}' is not a number of seconds greater than 0",
        "zh": "'{value}' 不是大于 0 的秒数",
    },
    "cli.help.resume": {
        "en": "continue a script from the statement that failed last time",
        "zh": "从上次失败的语句处继续执行脚本",
    },
    "cli.help.flink_version": {
        "en": "Flink version for completion and checks when no gateway tells it",
        "zh": "无 gateway 时用于补全与检查的 Flink 版本",
    },
    "cli.help.header": {
        "en": "extra HTTP header for the gateway, e.g. 'Authorization: Bearer …' (repeatable)",
        "zh": "发送给 gateway 的额外 HTTP 头，例如 'Authorization: Bearer …'（可重复）",
    },
    "cli.help.cacert": {
        "en": "CA certificate file for an HTTPS gateway",
        "zh": "HTTPS gateway 的 CA 证书文件",
    },
    "cli.help.insecure": {
        "en": "do not verify the gateway's TLS certificate",
        "zh": "不校验 gateway 的 TLS 证书",
    },
    "cli.help.timeout": {
        "en": "seconds to wait for each gateway call (default 30)",
        "zh": "每次 gateway 调用的等待秒数（默认 30）",
    },
    "cli.help.lang": {
        "en": "language of messages: en or zh (default: from the locale)",
        "zh": "消息语言：en 或 zh（默认取自区域设置）",
    },
    "cli.help.record": {
        "en": "write the session as Markdown to FILE (secrets masked)",
        "zh": "将会话以 Markdown 写入 FILE（密钥已遮蔽）",
    },
    "cli.help.debug": {
        "en": "show internal details (Python tracebacks) on errors",
        "zh": "出错时显示内部细节（Python 调用栈）",
    },
    "cli.error.bad_option": {"en": "cdcshell: error: {error}", "zh": "cdcshell：错误：{error}"},
    # connecting
    "shell.connecting": {"en": "connecting to {url} …", "zh": "正在连接 {url} …"},
    "shell.connected": {
        "en": "Connected to Flink {version} SQL Gateway at {url} (REST {api}).",
        "zh": "已连接 Flink {version} SQL Gateway：{url}（REST {api}）。",
    },
    "shell.not_connected": {
        "en": "Not connected: {reason}\nYou can still type and read help (\\?). Start a local Flink with "
        "`cdcshell sandbox up`, then \\connect.",
        "zh": "未连接：{reason}\n仍可输入语句和查看帮助（\\?）。可用 `cdcshell sandbox up` 启动本地 Flink，然后执行 \\connect。",
    },
    "shell.offline": {
        "en": "not connected to a gateway: use \\connect [URL]",
        "zh": "未连接 gateway：请使用 \\connect [URL]",
    },
    "shell.goodbye": {"en": "Bye.", "zh": "再见。"},
    "shell.ok": {"en": "OK", "zh": "OK"},
    "shell.job_submitted": {"en": "Job submitted: {job_id}", "zh": "作业已提交：{job_id}"},
    "shell.elapsed": {"en": "({seconds})", "zh": "（{seconds}）"},
    "shell.canceled": {
        "en": "Canceled: the operation was cancelled on the gateway.",
        "zh": "已取消：gateway 上的操作已取消。",
    },
    "shell.cancel_waits": {
        "en": "Waiting up to {seconds} s for the gateway to name the job it is submitting, to cancel that too "
        "(Ctrl-C again: stop waiting).",
        "zh": "正在等待 gateway 给出它正在提交的作业（最多 {seconds} 秒），以便一并取消（再按 Ctrl-C：不再等待）。",
    },
    "shell.cancel_unsure": {
        "en": "The gateway had not named the job it was submitting: if one started, it runs on (\\jobs lists it, "
        "\\stop ends it).",
        "zh": "gateway 尚未给出它正在提交的作业：如果作业已启动，它会继续运行（\\jobs 可列出，\\stop 可停止）。",
    },
    "shell.timing_on": {"en": "Timing is on.", "zh": "已开启计时。"},
    "shell.timing_off": {"en": "Timing is off.", "zh": "已关闭计时。"},
    "shell.trace_none": {"en": "No error trace yet.", "zh": "尚无错误堆栈。"},
    "shell.trace_hint": {"en": "(full server trace: \\trace)", "zh": "（完整的服务端堆栈：\\trace）"},
    "shell.unknown_meta": {
        "en": "unknown command {name}: type \\? for the list",
        "zh": "未知命令 {name}：输入 \\? 查看列表",
    },
    "shell.meta_usage": {"en": "usage: {usage}", "zh": "用法：{usage}"},
    "shell.session_recreated": {
        "en": "The gateway session was gone; opened a new one and restored {count} session {count|statement|statements}.",
        "zh": "gateway 会话已失效；已新建会话并恢复 {count} 条会话状态语句。",
    },
    "shell.confirm_errors": {"en": "Run it anyway?", "zh": "仍要执行吗？"},
    "shell.skipped": {"en": "Not run.", "zh": "未执行。"},
    # batch
    "batch.cannot_read": {
        "en": "{path}: cannot read the script: {reason}",
        "zh": "{path}：无法读取脚本：{reason}",
    },
    "batch.not_utf8": {
        "en": "{path}:{line}:{column}: error: the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8",
        "zh": "{path}:{line}:{column}：错误：文件不是 UTF-8 文本（字节 0x{byte:02x}）；请以 UTF-8 保存",
    },
    "batch.binary": {
        "en": "{path}: error: this looks like a binary file, not SQL text",
        "zh": "{path}：错误：这看起来是二进制文件，而不是 SQL 文本",
    },
    "batch.empty": {"en": "{path}: no statements to run", "zh": "{path}：没有可执行的语句"},
    "batch.failed_at": {"en": "{location}: error: {message}", "zh": "{location}：错误：{message}"},
    "batch.stopped_on_error": {
        "en": "Stopped after the failed statement ({done} of {total} ran). Use --continue-on-error to go on, "
        "or fix it and run again with --resume.",
        "zh": "语句失败后已停止（共 {total} 条，已执行 {done} 条）。使用 --continue-on-error 可继续执行，"
        "或修复后使用 --resume 重新运行。",
    },
    "batch.lint_blocked": {
        "en": "{location}: not run: the risk checks found errors (use --force to run anyway)",
        "zh": "{location}：未执行：风险检查发现错误（使用 --force 强制执行）",
    },
    "batch.resume_from": {
        "en": "Resuming {path} at statement {index} (line {line}); replaying {count} session "
        "{count|statement|statements} first.",
        "zh": "从第 {index} 条语句（第 {line} 行）继续执行 {path}；先重放 {count} 条会话状态语句。",
    },
    "batch.resume_nothing": {
        "en": "{path}: nothing to resume: the last run finished.",
        "zh": "{path}：无需继续：上次运行已完成。",
    },
    "batch.resume_changed": {
        "en": "{path}:{line}: the script changed above the resume point, so the state it built cannot be trusted; "
        "run it again without --resume",
        "zh": "{path}:{line}：脚本在续跑点之前被修改，其构建的会话状态不可信；请去掉 --resume 重新运行",
    },
    # resilience
    "shell.reconnected": {
        "en": "Reconnected to the SQL Gateway at {url}; the session is still there.",
        "zh": "已重新连接 SQL Gateway：{url}；会话仍然有效。",
    },
    "shell.reconnect_failed": {
        "en": "not sent, the gateway is still unreachable: {reason}",
        "zh": "未发送，gateway 仍无法连接：{reason}",
    },
    "shell.maybe_ran": {
        "en": "The statement may have reached the gateway before the connection failed: check with SHOW JOBS "
        "(or \\jobs) before running it again.",
        "zh": "连接中断前语句可能已到达 gateway：再次执行前请先用 SHOW JOBS（或 \\jobs）确认。",
    },
    "shell.lost_after_submit": {
        "en": "The gateway accepted the statement, then {what} while its results were being fetched; it was not "
        "submitted again{job}.",
        "zh": "gateway 已接受该语句，但在获取结果时{what}；语句未被再次提交{job}。",
    },
    "shell.lost_session": {"en": "the session was lost", "zh": "会话已丢失"},
    "shell.lost_connection": {"en": "the connection was lost", "zh": "连接已中断"},
    "shell.lost_job": {
        "en": " (its job {job_id} may still be running: \\jobs)",
        "zh": "（其作业 {job_id} 可能仍在运行：\\jobs）",
    },
    "cli.internal_error": {
        "en": "cdcshell: internal error: {error} (this is a bug; run again with --debug for the details)",
        "zh": "cdcshell：内部错误：{error}（这是程序缺陷；加 --debug 重新运行可查看详情）",
    },
}
