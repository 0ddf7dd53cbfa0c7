"""Messages of `cdcshell lsp` (the language server for editors)."""

MESSAGES: dict[str, dict[str, str]] = {
    "lsp.cli.usage": {
        "en": "A Language Server for Flink SQL files on standard input/output: completion, hover and risk checks.",
        "zh": "基于标准输入/输出的 Flink SQL 语言服务器（LSP）：补全、悬停说明与风险检查。",
    },
    "lsp.cli.help.flink_version": {
        "en": "Flink version whose keys and connector options to use (default: the gateway's, else 1.20)",
        "zh": "使用哪个 Flink 版本的配置项与连接器参数（默认：gateway 的版本，否则 1.20）",
    },
    "lsp.cli.help.gateway": {
        "en": "SQL Gateway URL: also complete its live catalogs, databases, tables and columns",
        "zh": "SQL Gateway 地址：同时补全其中实时的 catalog、数据库、表与列",
    },
    "lsp.cli.missing_pygls": {
        "en": "cdcshell lsp: the language server needs pygls: pip install 'cdcshell[lsp]'",
        "zh": "cdcshell lsp：语言服务器需要 pygls，请执行 pip install 'cdcshell[lsp]'",
    },
    "lsp.cli.gateway_unreachable": {
        "en": "cdcshell lsp: cannot reach the SQL Gateway at {url} ({error}); completing offline",
        "zh": "cdcshell lsp：无法连接 SQL Gateway {url}（{error}），改为离线补全",
    },
}
