"""Messages of the sandbox's MySQL (MariaDB) and Kafka: installing, starting, stopping them."""

MESSAGES: dict[str, dict[str, str]] = {
    "sandbox.component.mysql": {"en": "MySQL", "zh": "MySQL"},
    "sandbox.component.kafka": {"en": "Kafka", "zh": "Kafka"},
    "sandbox.arg.mysql_port": {
        "en": "MySQL (MariaDB) port (default 13306)",
        "zh": "MySQL（MariaDB）端口（默认 13306）",
    },
    "sandbox.arg.kafka_port": {
        "en": "Kafka broker port (default 19092; the KRaft controller uses the next port)",
        "zh": "Kafka broker 端口（默认 19092；KRaft controller 使用下一个端口）",
    },
    "sandbox.arg.bad_service": {
        "en": "'{value}' is not something the sandbox can start: use one or more of {known}, comma-separated",
        "zh": "“{value}”不是沙箱可以启动的服务：请使用 {known} 中的一个或多个，以逗号分隔",
    },
    "sandbox.needs_restart_for_connectors": {
        "en": "The sandbox in {dir} runs without the {what} connector jars; run `cdcshell sandbox restart --with {with_}` to add them (running jobs stop).",
        "zh": "{dir} 中的沙箱运行时未加载 {what} 连接器 jar；请运行 `cdcshell sandbox restart --with {with_}` 加载（正在运行的作业会停止）。",
    },
    "sandbox.service_no_connectors": {
        "en": "The sandbox has no {service} connector jars for Flink {version} (it has them for: {known}); use --flink 1.20 with --with {service}.",
        "zh": "沙箱没有适用于 Flink {version} 的 {service} 连接器 jar（仅适用于：{known}）；使用 --with {service} 时请加 --flink 1.20。",
    },
    # MySQL
    "sandbox.mysql.ready": {
        "en": "  MySQL:       {url} (password in {state})",
        "zh": "  MySQL：      {url}（密码见 {state}）",
    },
    "sandbox.mysql.not_installed": {
        "en": "MariaDB (server) is not installed, and installing it needs root. Run: {command} — then try again.",
        "zh": "未安装 MariaDB（服务端），安装需要 root 权限。请运行：{command}，然后重试。",
    },
    "sandbox.mysql.installing": {
        "en": "Installing MariaDB from the distribution's packages (apt-get)…",
        "zh": "正在从发行版软件包（apt-get）安装 MariaDB…",
    },
    "sandbox.mysql.install_failed": {
        "en": "Installing MariaDB with `{command}` failed. Last lines of its output:\n{tail}",
        "zh": "使用 `{command}` 安装 MariaDB 失败。输出的最后几行：\n{tail}",
    },
    "sandbox.mysql.install_db": {
        "en": "Creating a MariaDB data directory in {path}…",
        "zh": "正在 {path} 中创建 MariaDB 数据目录…",
    },
    "sandbox.mysql.install_db_failed": {
        "en": "mariadb-install-db failed:\n{output}\nLast lines of {log}:\n{tail}",
        "zh": "mariadb-install-db 失败：\n{output}\n{log} 的最后几行：\n{tail}",
    },
    "sandbox.mysql.starting": {
        "en": "Starting MariaDB on 127.0.0.1:{port}…",
        "zh": "正在 127.0.0.1:{port} 上启动 MariaDB…",
    },
    "sandbox.mysql.start_failed": {
        "en": "MariaDB did not start. Last lines of {log}:\n{tail}",
        "zh": "MariaDB 未能启动。{log} 的最后几行：\n{tail}",
    },
    "sandbox.mysql.sql_failed": {
        "en": "A statement on the sandbox's MariaDB failed:\n{output}\nLast lines of {log}:\n{tail}",
        "zh": "在沙箱的 MariaDB 上执行语句失败：\n{output}\n{log} 的最后几行：\n{tail}",
    },
    # Kafka
    "sandbox.kafka.ready": {
        "en": "  Kafka:       {bootstrap} (KRaft, broker and controller in one process)",
        "zh": "  Kafka：      {bootstrap}（KRaft，broker 与 controller 同一进程）",
    },
    "sandbox.kafka.assembling": {
        "en": "Assembling a Kafka {version} broker from Maven Central into {path}…",
        "zh": "正在从 Maven Central 组装 Kafka {version} broker 到 {path}…",
    },
    "sandbox.kafka.assemble_failed": {
        "en": "Assembling the Kafka broker with Maven failed (retry: {command}). Last lines of its output:\n{tail}",
        "zh": "使用 Maven 组装 Kafka broker 失败（重试：{command}）。输出的最后几行：\n{tail}",
    },
    "sandbox.kafka.formatting": {
        "en": "Formatting Kafka's KRaft storage in {path}…",
        "zh": "正在 {path} 中格式化 Kafka 的 KRaft 存储…",
    },
    "sandbox.kafka.format_failed": {
        "en": "Formatting Kafka's storage failed:\n{output}",
        "zh": "格式化 Kafka 存储失败：\n{output}",
    },
    "sandbox.kafka.starting": {
        "en": "Starting Kafka on 127.0.0.1:{port} (controller :{controller})…",
        "zh": "正在 127.0.0.1:{port} 上启动 Kafka（controller :{controller}）…",
    },
    "sandbox.kafka.start_failed": {
        "en": "Kafka did not start. Last lines of {log}:\n{tail}",
        "zh": "Kafka 未能启动。{log} 的最后几行：\n{tail}",
    },
    "sandbox.kafka.tool_failed": {
        "en": "The Kafka tool `{tool}` failed:\n{output}",
        "zh": "Kafka 工具 `{tool}` 执行失败：\n{output}",
    },
}
