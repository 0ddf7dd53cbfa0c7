"""Core messages of hostile or broken input (issue 17): unwritable progress, an unreadable config directory, header options."""

MESSAGES: dict[str, dict[str, str]] = {
    "batch.progress_unwritable": {
        "en": "{path}: warning: cannot record the script's progress ({reason}); the script goes on, but --resume "
        "will not know where it stopped",
        "zh": "{path}：警告：无法记录脚本进度（{reason}）；脚本继续执行，但 --resume 将无法知道停在何处",
    },
    "config.dir_unreadable": {
        "en": "{path}: cannot read the configuration ({reason}); using built-in defaults",
        "zh": "{path}：无法读取配置（{reason}）；使用内置默认值",
    },
    "cli.help.jobmanager_header": {
        "en": "extra HTTP header for the JobManager (repeatable); the gateway's --header values go to the "
        "JobManager only when it has the gateway's address, or with jobmanager_gateway_headers = true",
        "zh": "发送给 JobManager 的额外 HTTP 头（可重复）；gateway 的 --header 仅在 JobManager 与 gateway 地址相同时、"
        "或配置 jobmanager_gateway_headers = true 时发送给它",
    },
}
