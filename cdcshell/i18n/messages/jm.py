"""Messages of where the JobManager is and which headers it gets (cdcshell/jobmanager_target.py)."""

MESSAGES: dict[str, dict[str, str]] = {
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
}
