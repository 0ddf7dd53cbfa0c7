"""Messages of the SQL Gateway client: connection problems, server errors, failed statements."""

MESSAGES: dict[str, dict[str, str]] = {
    "gateway.unreachable": {
        "en": "Cannot reach the SQL Gateway at {url} ({reason}). Check the address and that the gateway is running "
        "(`sql-gateway.sh start`, or the cdcshell sandbox).",
        "zh": "无法连接 SQL Gateway：{url}（{reason}）。请检查地址，并确认 Gateway 已启动"
        "（`sql-gateway.sh start`，或使用 cdcshell 沙箱）。",
    },
    "gateway.timeout": {
        "en": "The SQL Gateway at {url} did not answer within {seconds} s. It may be overloaded or a proxy in "
        "between may hang; try again, or raise --timeout.",
        "zh": "SQL Gateway（{url}）在 {seconds} 秒内没有响应，可能负载过高或中间代理挂起；请重试，或调大 --timeout。",
    },
    "gateway.protocol": {
        "en": "Unexpected answer from {url} (HTTP {status}), is this really a Flink SQL Gateway? It sent: {snippet}",
        "zh": "{url} 返回了意外的内容（HTTP {status}），它真的是 Flink SQL Gateway 吗？收到的内容：{snippet}",
    },
    "gateway.session_not_found": {
        "en": "Session '{session}' does not exist on the SQL Gateway: it was closed, or expired after being idle "
        "(sql-gateway.session.idle-timeout). Open a new session.",
        "zh": "SQL Gateway 上不存在会话 '{session}'：它已被关闭，或因空闲超时"
        "（sql-gateway.session.idle-timeout）而过期。请打开新的会话。",
    },
    "gateway.operation_not_found": {
        "en": "Operation '{operation}' does not exist in this session (it was closed or never started).",
        "zh": "此会话中不存在操作 '{operation}'（已被关闭或从未启动）。",
    },
    "gateway.operation_canceled": {
        "en": "Operation '{operation}' was canceled.",
        "zh": "操作 '{operation}' 已被取消。",
    },
    "gateway.statement_failed": {
        "en": "Statement failed: {message}",
        "zh": "语句执行失败：{message}",
    },
    "gateway.statement_failed_at": {
        "en": "Statement failed at line {line}, column {column}: {message}",
        "zh": "语句执行失败（第 {line} 行，第 {column} 列）：{message}",
    },
    "gateway.server_error": {
        "en": "The SQL Gateway reported an error (HTTP {status}): {message}",
        "zh": "SQL Gateway 报告了错误（HTTP {status}）：{message}",
    },
    "gateway.unsupported": {
        "en": "{feature} needs SQL Gateway REST API {needed} or newer, but {url} speaks {version}.",
        "zh": "{feature} 需要 SQL Gateway REST API {needed} 或更高版本，但 {url} 使用的是 {version}。",
    },
    "gateway.no_common_version": {
        "en": "The SQL Gateway at {url} offers REST API versions {offered}; cdcshell speaks {known}.",
        "zh": "{url} 上的 SQL Gateway 提供的 REST API 版本为 {offered}；cdcshell 支持 {known}。",
    },
    "gateway.tls_untrusted": {
        "en": "The SQL Gateway at {url} presented a certificate that is not trusted ({reason}). Pass its CA with "
        "--cacert FILE (or `cacert` in the config file), or --insecure to skip the check.",
        "zh": "SQL Gateway（{url}）的证书不受信任（{reason}）。请用 --cacert FILE（或配置文件中的 `cacert`）"
        "指定其 CA，或用 --insecure 跳过校验。",
    },
    "gateway.auth": {
        "en": "The SQL Gateway at {url} refused the request (HTTP {status}): credentials are missing or wrong. "
        "Pass them with --header 'Authorization: Bearer …' (or `headers` in the config file, or $CDCSHELL_HEADERS).",
        "zh": "SQL Gateway（{url}）拒绝了请求（HTTP {status}）：缺少凭据或凭据错误。请用 "
        "--header 'Authorization: Bearer …'（或配置文件中的 `headers`、$CDCSHELL_HEADERS）提供。",
    },
    "gateway.protocol_html": {
        "en": "{url} answered with a web page (HTTP {status}: {title}) instead of the Flink SQL Gateway: a proxy or "
        "web server is in between, or the URL is wrong. Check the URL and that the gateway behind it runs.",
        "zh": "{url} 返回了网页（HTTP {status}：{title}），而不是 Flink SQL Gateway 的应答：中间可能有代理或 Web "
        "服务器，或地址有误。请检查地址，并确认其后的 gateway 正在运行。",
    },
}
