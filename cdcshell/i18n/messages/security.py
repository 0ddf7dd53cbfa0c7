"""Messages of hostile or broken input and of credentials (issue 17): source files, headers, TLS, JobManager."""

MESSAGES: dict[str, dict[str, str]] = {
    "source.too_large": {
        "en": "{path}: error: larger than {limit} MiB; split the script, or set CDCSHELL_MAX_SCRIPT_BYTES",
        "zh": "{path}：错误：超过 {limit} MiB；请拆分脚本，或设置 CDCSHELL_MAX_SCRIPT_BYTES",
    },
    "source.waiting_fifo": {
        "en": "{path} is a named pipe: waiting for a program to write to it (Ctrl+C to stop)",
        "zh": "{path} 是命名管道：正在等待有程序向其写入（按 Ctrl+C 停止）",
    },
    "batch.progress_unwritable": {
        "en": "{path}: warning: cannot record the script's progress ({reason}); the script goes on, but --resume "
              "will not know where it stopped",
        "zh": "{path}：警告：无法记录脚本进度（{reason}）；脚本继续执行，但 --resume 将无法知道停在何处",
    },
}
