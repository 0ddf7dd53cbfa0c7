"""Messages of following a job: failovers while a statement waits, the first checkpoint, --wait-checkpoint."""

MESSAGES: dict[str, dict[str, str]] = {
    "follow.failover": {
        "en": "job {job} is failing over (restarts: {restarts}): {cause}",
        "zh": "作业 {job} 正在故障恢复（已重启 {restarts} 次）：{cause}",
    },
    "follow.gave_up": {
        "en": "job {job} restarted {restarts} times (more than --max-restarts {limit}), cancelled: {cause}",
        "zh": "作业 {job} 已重启 {restarts} 次（超过 --max-restarts {limit}），已取消：{cause}",
    },
    "follow.checkpoint_done": {
        "en": "job {job}: first checkpoint #{id} completed in {duration}, {size}, at {location}",
        "zh": "作业 {job}：第一个 Checkpoint #{id} 已完成，耗时 {duration}，大小 {size}，位置 {location}",
    },
    "follow.no_location": {"en": "(JobManager memory)", "zh": "（JobManager 内存）"},
    "follow.checkpoint_failed": {
        "en": "job {job}: checkpoint #{id} failed: {message}",
        "zh": "作业 {job}：Checkpoint #{id} 失败：{message}",
    },
    "follow.job_ended": {"en": "job {job} is {state}: {cause}", "zh": "作业 {job} 已 {state}：{cause}"},
    "follow.wait_timeout": {
        "en": "job {job}: no checkpoint completed within {seconds} s",
        "zh": "作业 {job}：{seconds} 秒内没有完成的 Checkpoint",
    },
    "follow.wait_none": {
        "en": "--wait-checkpoint: the script submitted no job",
        "zh": "--wait-checkpoint：脚本没有提交作业",
    },
    "follow.waiting": {
        "en": "waiting up to {seconds} s for the first checkpoint of {count} job(s)",
        "zh": "最多等待 {seconds} 秒，直到 {count} 个作业的第一个 Checkpoint 完成",
    },
}
