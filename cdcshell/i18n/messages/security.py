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
    "check.header.no_colon": {
        "en": "{origin}: a header starting with '{name}' has no ':'; write it as 'Name: value' (the value is not shown)",
        "zh": "{origin}：以 '{name}' 开头的请求头缺少 ':'；请写成 'Name: value'（不显示其值）",
    },
    "check.header.bad_name": {
        "en": "{origin}: the header name has characters HTTP does not allow; write it as 'Name: value'",
        "zh": "{origin}：请求头名称含有 HTTP 不允许的字符；请写成 'Name: value'",
    },
    "check.header.newline": {
        "en": "{origin}: the value of header {name} contains a line break (CR/LF), which HTTP does not allow; "
              "remove it (the value is not shown)",
        "zh": "{origin}：请求头 {name} 的值含有换行（CR/LF），HTTP 不允许；请删除（不显示其值）",
    },
    "check.header.not_ascii": {
        "en": "{origin}: the value of header {name} has non-ASCII or control characters, which HTTP headers cannot "
              "carry; encode it (e.g. base64) (the value is not shown)",
        "zh": "{origin}：请求头 {name} 的值含有非 ASCII 或控制字符，HTTP 请求头无法携带；请先编码（如 base64）（不显示其值）",
    },
    "check.timeout": {
        "en": "{option} {value}: expected a positive number of seconds, e.g. {option} 30",
        "zh": "{option} {value}：应为正的秒数，例如 {option} 30",
    },
    "check.url": {
        "en": "{option} {url}: not a valid http(s) URL; write it as http://HOST:PORT (IPv6: http://[::1]:8083)",
        "zh": "{option} {url}：不是有效的 http(s) URL；请写成 http://HOST:PORT（IPv6：http://[::1]:8083）",
    },
    "check.cacert.unreadable": {
        "en": "{option} {path}: cannot read it ({reason}); give a PEM file of CA certificates",
        "zh": "{option} {path}：无法读取（{reason}）；请提供 PEM 格式的 CA 证书文件",
    },
    "check.cacert.not_cert": {
        "en": "{option} {path}: not a PEM file of CA certificates; give the CA bundle (-----BEGIN CERTIFICATE-----)",
        "zh": "{option} {path}：不是 PEM 格式的 CA 证书文件；请提供 CA 证书包（-----BEGIN CERTIFICATE-----）",
    },
    "config.dir_unreadable": {
        "en": "{path}: cannot read the configuration ({reason}); using built-in defaults",
        "zh": "{path}：无法读取配置（{reason}）；使用内置默认值",
    },
    "jm.using": {
        "en": "JobManager: {url} ({why}).",
        "zh": "JobManager：{url}（{why}）。",
    },
    "jm.reason.explicit": {"en": "from --jobmanager", "zh": "来自 --jobmanager"},
    "jm.reason.derived_ssl": {
        "en": "the gateway session's rest.address and rest.port; {scheme} as security.ssl.rest.enabled says",
        "zh": "取自 gateway 会话的 rest.address 与 rest.port；按 security.ssl.rest.enabled 使用 {scheme}",
    },
    "jm.reason.derived_gateway": {
        "en": "the gateway session's rest.address and rest.port; {scheme} like the gateway; --jobmanager URL to change",
        "zh": "取自 gateway 会话的 rest.address 与 rest.port；与 gateway 一样使用 {scheme}；可用 --jobmanager URL 更改",
    },
    "jm.headers.shared": {
        "en": "The gateway's --header values are sent to it too.",
        "zh": "gateway 的 --header 也会发送给它。",
    },
    "jm.headers.withheld": {
        "en": "The gateway's --header values are not sent to it (another host); use --jobmanager-header, or "
              "jobmanager_gateway_headers = true in the config.",
        "zh": "gateway 的 --header 不会发送给它（不同主机）；请使用 --jobmanager-header，或在配置中设置 "
              "jobmanager_gateway_headers = true。",
    },
    "cli.help.jobmanager_header": {
        "en": "extra HTTP header for the JobManager (repeatable); the gateway's --header values go to the "
              "JobManager only when it has the gateway's address, or with jobmanager_gateway_headers = true",
        "zh": "发送给 JobManager 的额外 HTTP 头（可重复）；gateway 的 --header 仅在 JobManager 与 gateway 地址相同时、"
              "或配置 jobmanager_gateway_headers = true 时发送给它",
    },
    "sandbox.root_runs": {
        "en": "Running as root: `{command}` (installs packages with apt-get)…",
        "zh": "以 root 运行：`{command}`（用 apt-get 安装软件包）…",
    },
    "sandbox.postgres.root_useradd": {
        "en": "Running as root: creating the system user 'cdcshell' to run PostgreSQL (it refuses to run as root): "
              "`{command}`…",
        "zh": "以 root 运行：正在创建系统用户 'cdcshell' 来运行 PostgreSQL（它拒绝以 root 运行）：`{command}`…",
    },
}
