"""Messages of reading a script or an input file safely (cdcshell/sourcefile.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "source.too_large": {
        "en": "{path}: error: larger than {limit} MiB; split the script, or set CDCSHELL_MAX_SCRIPT_BYTES",
        "zh": "{path}：错误：超过 {limit} MiB；请拆分脚本，或设置 CDCSHELL_MAX_SCRIPT_BYTES",
    },
    "source.waiting_fifo": {
        "en": "{path} is a named pipe: waiting for a program to write to it (Ctrl+C to stop)",
        "zh": "{path} 是命名管道：正在等待有程序向其写入（按 Ctrl+C 停止）",
    },
}
