"""Messages of the JobManager client: jobs, checkpoints, savepoints."""

MESSAGES: dict[str, dict[str, str]] = {
    "cluster.unreachable": {
        "en": "Cannot reach the Flink JobManager at {url} ({reason}). Check the address (rest.address/rest.port, "
        "default port 8081) and that the cluster is running.",
        "zh": "无法连接 Flink JobManager：{url}（{reason}）。请检查地址（rest.address/rest.port，默认端口 8081），"
        "并确认集群正在运行。",
    },
    "cluster.timeout": {
        "en": "The Flink JobManager at {url} did not answer within {seconds} s.",
        "zh": "Flink JobManager（{url}）在 {seconds} 秒内没有响应。",
    },
    "cluster.protocol": {
        "en": "Unexpected answer from {url} (HTTP {status}), is this really a Flink JobManager REST endpoint? "
        "It sent: {snippet}",
        "zh": "{url} 返回了意外的内容（HTTP {status}），它真的是 Flink JobManager REST 接口吗？收到的内容：{snippet}",
    },
    "cluster.server_error": {
        "en": "The JobManager reported an error (HTTP {status}): {message}",
        "zh": "JobManager 报告了错误（HTTP {status}）：{message}",
    },
    "cluster.job_not_found": {
        "en": "No job matches '{ref}'. Give a job id, a unique id prefix, or a job name (see \\jobs).",
        "zh": "没有与 '{ref}' 匹配的作业。请给出作业 ID、唯一的 ID 前缀或作业名称（参见 \\jobs）。",
    },
    "cluster.job_ambiguous": {
        "en": "'{ref}' matches {count} jobs: {candidates}. Use a longer id prefix or the full job id.",
        "zh": "'{ref}' 匹配到 {count} 个作业：{candidates}。请使用更长的 ID 前缀或完整的作业 ID。",
    },
    "cluster.job_not_running": {
        "en": "Job {job} is already {state}: there is nothing to cancel or stop.",
        "zh": "作业 {job} 已处于 {state} 状态，无法取消或停止。",
    },
    "cluster.checkpoint_not_found": {
        "en": "Job {job} has no statistics for checkpoint {checkpoint} (only the most recent ones are kept).",
        "zh": "作业 {job} 没有 Checkpoint {checkpoint} 的统计信息（只保留最近的若干个）。",
    },
    "cluster.savepoint_dir_missing": {
        "en": "No savepoint directory: give one (e.g. file:///tmp/savepoints) or set "
        "execution.checkpointing.savepoint-dir (state.savepoints.dir before Flink 2.0) on the cluster.",
        "zh": "没有 Savepoint 目录：请指定一个（例如 file:///tmp/savepoints），或在集群上设置 "
        "execution.checkpointing.savepoint-dir（Flink 2.0 之前为 state.savepoints.dir）。",
    },
    "cluster.savepoint_timeout": {
        "en": "Savepoint {trigger} of job {job} did not finish within {seconds} s; it may still complete. "
        "Check again later with its trigger id.",
        "zh": "作业 {job} 的 Savepoint {trigger} 在 {seconds} 秒内未完成，它可能仍会完成。请稍后用触发 ID 再次查看。",
    },
    "cluster.savepoint_unknown": {
        "en": "The JobManager knows no savepoint operation {trigger} for job {job} (it may have expired).",
        "zh": "JobManager 中没有作业 {job} 的 Savepoint 操作 {trigger}（可能已过期）。",
    },
}
