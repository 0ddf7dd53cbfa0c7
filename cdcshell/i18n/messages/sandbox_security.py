"""Sandbox messages about credentials and private directories (issue 17)."""

MESSAGES: dict[str, dict[str, str]] = {
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
