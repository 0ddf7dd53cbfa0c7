"""Messages of what the shell keeps between runs: history, job journal, session state, script progress."""

MESSAGES: dict[str, dict[str, str]] = {
    "session.journal.ambiguous": {
        "en": "{ref!r} matches {count} jobs ({ids}); give more characters of the job id",
        "zh": "{ref!r} 匹配到 {count} 个作业（{ids}）；请提供更长的作业 ID 前缀",
    },
    "session.script.changed": {
        "en": "{path}:{line}: this statement changed since the last run, and it comes before the point "
        "where the script stopped; run without --resume to start over, or restore the statement",
        "zh": "{path}:{line}：该语句自上次运行后已被修改，且位于脚本上次停止的位置之前；"
        "请去掉 --resume 从头运行，或恢复该语句",
    },
}
