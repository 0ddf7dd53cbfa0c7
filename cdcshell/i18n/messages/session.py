"""Messages of what the shell keeps between runs: history, job journal, session state, script progress."""

MESSAGES: dict[str, dict[str, str]] = {
    "session.journal.ambiguous": {
        "en": "{ref!r} matches {count} jobs ({ids}); give more characters of the job id",
        "zh": "{ref!r} 匹配到 {count} 个作业（{ids}）；请提供更长的作业 ID 前缀",
    },
    "session.history.unwritable": {
        "en": "cannot write the history file {path}: {reason}; statements of this session are kept in memory only",
        "zh": "无法写入历史文件 {path}：{reason}；本次会话的语句只保存在内存中",
    },
    "session.history.skipped": {
        "en": "skipped {count} unreadable entries in the history file {path}",
        "zh": "历史文件 {path} 中有 {count} 条记录无法读取，已跳过",
    },
    "session.script.changed": {
        "en": "{path}:{line}: this statement changed since the last run, and it comes before the point "
        "where the script stopped; run without --resume to start over, or restore the statement",
        "zh": "{path}:{line}：该语句自上次运行后已被修改，且位于脚本上次停止的位置之前；"
        "请去掉 --resume 从头运行，或恢复该语句",
    },
    "session.script.unreadable": {
        "en": "the progress record of {path} could not be read; starting from the first statement",
        "zh": "无法读取 {path} 的进度记录；将从第一条语句开始",
    },
    "session.state.replay_failed": {
        "en": "could not restore session state with: {statement}",
        "zh": "恢复会话状态时执行失败：{statement}",
    },
}
