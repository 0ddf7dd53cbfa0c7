"""Messages of the local sandbox: assembling Flink, starting and stopping it, PostgreSQL for CDC."""

MESSAGES: dict[str, dict[str, str]] = {
    # components
    "sandbox.component.jobmanager": {"en": "JobManager", "zh": "JobManager"},
    "sandbox.component.taskmanager": {"en": "TaskManager", "zh": "TaskManager"},
    "sandbox.component.gateway": {"en": "SQL Gateway", "zh": "SQL Gateway"},
    "sandbox.component.postgres": {"en": "PostgreSQL", "zh": "PostgreSQL"},
    "sandbox.port.rpc": {"en": "JobManager RPC", "zh": "JobManager RPC"},
    # arguments
    "sandbox.arg.description": {
        "en": "A local Flink (JobManager, TaskManager, SQL Gateway) for trying cdcshell, optionally with PostgreSQL for CDC.",
        "zh": "用于试用 cdcshell 的本地 Flink（JobManager、TaskManager、SQL Gateway），可选附带用于 CDC 的 PostgreSQL。",
    },
    "sandbox.arg.up": {
        "en": "start the sandbox (what already runs is left alone)",
        "zh": "启动沙箱（已在运行的部分保持不变）",
    },
    "sandbox.arg.down": {"en": "stop everything this sandbox started", "zh": "停止此沙箱启动的所有进程"},
    "sandbox.arg.status": {
        "en": "show what runs, with pids, ports and URLs",
        "zh": "显示正在运行的进程、PID、端口和 URL",
    },
    "sandbox.arg.logs": {"en": "show the end of each component's log", "zh": "显示各组件日志的末尾"},
    "sandbox.arg.restart": {
        "en": "stop the Flink processes and start them again",
        "zh": "停止并重新启动 Flink 进程",
    },
    "sandbox.arg.flink": {"en": "Flink version (default 1.20)", "zh": "Flink 版本（默认 1.20）"},
    "sandbox.arg.dir": {
        "en": "sandbox directory (default: the state dir's sandbox-<version>)",
        "zh": "沙箱目录（默认：状态目录下的 sandbox-<版本>）",
    },
    "sandbox.arg.flink_home": {
        "en": "use this Flink distribution instead of assembling one (default: $FLINK_HOME if set)",
        "zh": "使用此 Flink 发行版而不自动组装（默认：若设置了 $FLINK_HOME 则使用它）",
    },
    "sandbox.arg.jobmanager_port": {
        "en": "JobManager REST port (default 8081)",
        "zh": "JobManager REST 端口（默认 8081）",
    },
    "sandbox.arg.gateway_port": {
        "en": "SQL Gateway port (default 8083)",
        "zh": "SQL Gateway 端口（默认 8083）",
    },
    "sandbox.arg.with": {
        "en": "also start postgres, mysql (MariaDB) and/or kafka (comma-separated) with demo data and their Flink connectors",
        "zh": "同时启动 postgres、mysql（MariaDB）和/或 kafka（以逗号分隔），附带演示数据及对应的 Flink 连接器",
    },
    "sandbox.arg.postgres_port": {
        "en": "PostgreSQL port (default 15432)",
        "zh": "PostgreSQL 端口（默认 15432）",
    },
    "sandbox.arg.lines": {"en": "lines to show per log (default 20)", "zh": "每个日志显示的行数（默认 20）"},
    "sandbox.arg.bad_port": {
        "en": "'{value}' is not a port: use a number from 1 to 65535",
        "zh": "“{value}”不是有效端口：请使用 1 到 65535 之间的数字",
    },
    "sandbox.arg.bad_lines": {
        "en": "'{value}' is not a line count: use a whole number of 1 or more",
        "zh": "“{value}”不是有效行数：请使用不小于 1 的整数",
    },
    # versions and homes
    "sandbox.version_unknown": {
        "en": "Flink {version} is not one the sandbox can assemble; use one of: {known} (or --flink-home for your own distribution).",
        "zh": "沙箱无法组装 Flink {version}；请使用以下版本之一：{known}（或用 --flink-home 指定自己的发行版）。",
    },
    "sandbox.home.invalid": {
        "en": "{path} cannot be used as a Flink home:",
        "zh": "{path} 不能用作 Flink 主目录：",
    },
    "sandbox.home.not_a_dir": {"en": "{path} is not a directory", "zh": "{path} 不是目录"},
    "sandbox.home.no_config_sh": {
        "en": "{path} is missing: this does not look like a Flink distribution (point at the folder that holds bin/, lib/, conf/)",
        "zh": "缺少 {path}：这看起来不是 Flink 发行版（请指向包含 bin/、lib/、conf/ 的目录）",
    },
    "sandbox.home.no_dist": {
        "en": "no flink-dist*.jar in {path}: the distribution is incomplete",
        "zh": "{path} 中没有 flink-dist*.jar：发行版不完整",
    },
    "sandbox.home.many_dists": {
        "en": "more than one flink-dist*.jar in {path} ({jars}): keep exactly one",
        "zh": "{path} 中有多个 flink-dist*.jar（{jars}）：只能保留一个",
    },
    "sandbox.home.no_conf": {"en": "{path} is missing", "zh": "缺少 {path}"},
    "sandbox.home.no_gateway": {
        "en": "no flink-sql-gateway*.jar in {path}: add the SQL Gateway jar of the same version, e.g. {command}",
        "zh": "{path} 中没有 flink-sql-gateway*.jar：请加入相同版本的 SQL Gateway jar，例如 {command}",
    },
    "sandbox.home.many_gateways": {
        "en": "more than one flink-sql-gateway*.jar in {path} ({jars}): keep exactly one",
        "zh": "{path} 中有多个 flink-sql-gateway*.jar（{jars}）：只能保留一个",
    },
    "sandbox.home.version_mismatch": {
        "en": "The Flink home {path} is Flink {found}, but --flink {wanted} was asked for: drop --flink, or point --flink-home (or FLINK_HOME) at a {wanted} distribution.",
        "zh": "Flink 主目录 {path} 是 Flink {found}，但指定了 --flink {wanted}：请去掉 --flink，或让 --flink-home（或 FLINK_HOME）指向 {wanted} 的发行版。",
    },
    # assembly and downloads
    "sandbox.assemble.start": {
        "en": "Assembling Flink {version} in {path} (first time only; this downloads about 250-320 MB)…",
        "zh": "正在 {path} 中组装 Flink {version}（仅首次；需下载约 250-320 MB）…",
    },
    "sandbox.assemble.downloading": {
        "en": "Downloading {package} {version} from {source}…",
        "zh": "正在从 {source} 下载 {package} {version}…",
    },
    "sandbox.assemble.done": {
        "en": "Flink {version} is ready in {path}.",
        "zh": "Flink {version} 已在 {path} 准备就绪。",
    },
    "sandbox.assemble.bad_archive": {
        "en": "Could not unpack {path}: {error}. Delete the file and run the command again to download it anew.",
        "zh": "无法解包 {path}：{error}。请删除该文件后重新运行命令以重新下载。",
    },
    "sandbox.download_failed": {
        "en": "Downloading {what} from {source} failed. Last lines of the output:\n{tail}\nCheck the network (and any proxy settings), then run the command again; to try the download alone: {retry}",
        "zh": "从 {source} 下载 {what} 失败。输出的最后几行：\n{tail}\n请检查网络（及代理设置）后重新运行命令；也可以单独尝试下载：{retry}",
    },
    "sandbox.no_mvn": {
        "en": "Maven (`mvn`) is needed to fetch {artifact} from Maven Central but is not on PATH. Install it (Debian/Ubuntu: apt-get install -y maven) or put the jar into ~/.m2 yourself.",
        "zh": "需要 Maven（`mvn`）从 Maven Central 获取 {artifact}，但 PATH 中没有它。请安装（Debian/Ubuntu：apt-get install -y maven），或自行把 jar 放入 ~/.m2。",
    },
    # preflight
    "sandbox.no_java": {
        "en": "No Java found (neither $JAVA_HOME/bin/java nor java on PATH). Flink {flink} needs Java {minimum} or newer, e.g. apt-get install -y openjdk-17-jre-headless.",
        "zh": "未找到 Java（$JAVA_HOME/bin/java 和 PATH 中都没有 java）。Flink {flink} 需要 Java {minimum} 或更高版本，例如 apt-get install -y openjdk-17-jre-headless。",
    },
    "sandbox.java_too_old": {
        "en": "{java} is Java {found}, but Flink {flink} needs Java {minimum} or newer. Install Java 17 and point JAVA_HOME at it.",
        "zh": "{java} 是 Java {found}，但 Flink {flink} 需要 Java {minimum} 或更高版本。请安装 Java 17 并将 JAVA_HOME 指向它。",
    },
    "sandbox.java_broken": {
        "en": "Could not ask {java} for its version: {error}",
        "zh": "无法获取 {java} 的版本：{error}",
    },
    "sandbox.ports_taken_header": {
        "en": "The sandbox cannot start because ports it needs are taken (stop that process, or choose other ports with --jobmanager-port / --gateway-port / --postgres-port):",
        "zh": "沙箱无法启动，所需端口已被占用（请停止占用进程，或用 --jobmanager-port / --gateway-port / --postgres-port 换用其他端口）：",
    },
    "sandbox.port_taken": {
        "en": "port {port} ({purpose}) is in use",
        "zh": "端口 {port}（{purpose}）已被占用",
    },
    "sandbox.port_taken_by": {
        "en": "port {port} ({purpose}) is in use by pid {pid}: {process}",
        "zh": "端口 {port}（{purpose}）被进程 {pid} 占用：{process}",
    },
    # lifecycle
    "sandbox.starting": {
        "en": "Starting {components} (Flink {version}, sandbox {dir})…",
        "zh": "正在启动 {components}（Flink {version}，沙箱 {dir}）…",
    },
    "sandbox.started": {"en": "Up in {seconds} s.", "zh": "已在 {seconds} 秒内启动。"},
    "sandbox.already_running": {
        "en": "The Flink {version} sandbox in {dir} is already running.",
        "zh": "{dir} 中的 Flink {version} 沙箱已在运行。",
    },
    "sandbox.ready": {
        "en": "Flink {version} sandbox ready.\n  SQL Gateway: {gateway}\n  JobManager:  {jobmanager} (web UI)",
        "zh": "Flink {version} 沙箱已就绪。\n  SQL Gateway：{gateway}\n  JobManager： {jobmanager}（Web 界面）",
    },
    "sandbox.connect_hint": {
        "en": "Connect with: cdcshell --gateway {gateway}",
        "zh": "连接方式：cdcshell --gateway {gateway}",
    },
    "sandbox.died": {
        "en": "The {component} stopped while starting. Last lines of {log}:\n{tail}",
        "zh": "{component} 在启动过程中退出。{log} 的最后几行：\n{tail}",
    },
    "sandbox.log_empty": {"en": "(the log is empty)", "zh": "（日志为空）"},
    "sandbox.start_timeout": {
        "en": "{components} did not answer within {seconds} s. The end of their output:\n{tails}",
        "zh": "{components} 在 {seconds} 秒内没有响应。其输出的末尾：\n{tails}",
    },
    "sandbox.stopped": {"en": "Stopped: {components}.", "zh": "已停止：{components}。"},
    "sandbox.nothing_running": {
        "en": "Nothing runs in the sandbox {dir}.",
        "zh": "沙箱 {dir} 中没有正在运行的进程。",
    },
    "sandbox.not_set_up": {
        "en": "There is no sandbox in {dir}: start one with `cdcshell sandbox up`.",
        "zh": "{dir} 中没有沙箱：请用 `cdcshell sandbox up` 启动。",
    },
    "sandbox.unknown_component": {
        "en": "Unknown component '{component}': use one of {known}.",
        "zh": "未知组件“{component}”：请使用 {known} 之一。",
    },
    "sandbox.needs_restart_for_postgres": {
        "en": "The sandbox in {dir} runs without the CDC connectors; run `cdcshell sandbox restart --with postgres` to add them (running jobs stop).",
        "zh": "{dir} 中的沙箱运行时未加载 CDC 连接器；请运行 `cdcshell sandbox restart --with postgres` 加载（正在运行的作业会停止）。",
    },
    "sandbox.interrupted": {"en": "Interrupted.", "zh": "已中断。"},
    # status and logs
    "sandbox.status.never": {
        "en": "No sandbox has been started in {dir}.",
        "zh": "{dir} 中尚未启动过沙箱。",
    },
    "sandbox.status.header": {
        "en": "Flink {version} sandbox in {dir} (Flink home {home})",
        "zh": "Flink {version} 沙箱位于 {dir}（Flink 主目录 {home}）",
    },
    "sandbox.status.running": {
        "en": "  {name:<12} running  pid {pid:<8} {where}",
        "zh": "  {name:<12} 运行中   pid {pid:<8} {where}",
    },
    "sandbox.status.stopped": {
        "en": "  {name:<12} stopped               {where}",
        "zh": "  {name:<12} 已停止                {where}",
    },
    "sandbox.logs.none": {"en": "No logs in the sandbox {dir} yet.", "zh": "沙箱 {dir} 中还没有日志。"},
    # PostgreSQL
    "sandbox.postgres.ready": {
        "en": "  PostgreSQL:  {dsn} (password in {state})",
        "zh": "  PostgreSQL： {dsn}（密码见 {state}）",
    },
    "sandbox.postgres.no_connectors": {
        "en": "The sandbox knows no CDC connector jars for Flink {version} yet (known: {known}); use --flink 1.20 for the PostgreSQL demo.",
        "zh": "沙箱尚未收录适用于 Flink {version} 的 CDC 连接器 jar（已收录：{known}）；PostgreSQL 演示请使用 --flink 1.20。",
    },
    "sandbox.postgres.not_installed": {
        "en": "PostgreSQL (server) is not installed, and installing it needs root. Run: {command} — then try again.",
        "zh": "未安装 PostgreSQL（服务端），安装需要 root 权限。请运行：{command}，然后重试。",
    },
    "sandbox.postgres.installing": {
        "en": "Installing PostgreSQL from the distribution's packages (apt-get)…",
        "zh": "正在从发行版软件包（apt-get）安装 PostgreSQL…",
    },
    "sandbox.postgres.install_failed": {
        "en": "Installing PostgreSQL with `{command}` failed. Last lines of its output:\n{tail}",
        "zh": "使用 `{command}` 安装 PostgreSQL 失败。输出的最后几行：\n{tail}",
    },
    "sandbox.postgres.no_user": {
        "en": "PostgreSQL cannot run as root and no `postgres` user exists; creating a `cdcshell` system user failed: {error}",
        "zh": "PostgreSQL 不能以 root 运行，且不存在 `postgres` 用户；创建 `cdcshell` 系统用户失败：{error}",
    },
    "sandbox.postgres.initdb": {
        "en": "Creating a PostgreSQL cluster in {path}…",
        "zh": "正在 {path} 中创建 PostgreSQL 集群…",
    },
    "sandbox.postgres.initdb_failed": {
        "en": "initdb failed:\n{output}",
        "zh": "initdb 失败：\n{output}",
    },
    "sandbox.postgres.starting": {
        "en": "Starting PostgreSQL on 127.0.0.1:{port}…",
        "zh": "正在 127.0.0.1:{port} 上启动 PostgreSQL…",
    },
    "sandbox.postgres.start_failed": {
        "en": "PostgreSQL did not start.\n{output}\nLast lines of {log}:\n{tail}",
        "zh": "PostgreSQL 未能启动。\n{output}\n{log} 的最后几行：\n{tail}",
    },
    "sandbox.postgres.schema_failed": {
        "en": "Setting up the demo database failed:\n{output}\nLast lines of {log}:\n{tail}",
        "zh": "创建演示数据库失败：\n{output}\n{log} 的最后几行：\n{tail}",
    },
    "sandbox.postgres.stop_failed": {
        "en": "PostgreSQL did not stop:\n{output}\nLast lines of {log}:\n{tail}",
        "zh": "PostgreSQL 未能停止：\n{output}\n{log} 的最后几行：\n{tail}",
    },
    "sandbox.version_differs": {
        "en": "The sandbox in {dir} runs Flink {found}, not {wanted}: stop it first (`cdcshell sandbox down --dir {dir}`) or use another --dir.",
        "zh": "{dir} 中的沙箱运行的是 Flink {found}，而不是 {wanted}：请先停止它（`cdcshell sandbox down --dir {dir}`），或使用其他 --dir。",
    },
    "sandbox.home.using": {
        "en": "Using the Flink {version} distribution in {path} (--flink-home or FLINK_HOME).",
        "zh": "使用 {path} 中的 Flink {version} 发行版（来自 --flink-home 或 FLINK_HOME）。",
    },
    "sandbox.postgres.no_cdc": {
        "en": "Note: there is no Flink CDC release for Flink {version} yet (Flink CDC 3.5.0 needs Flink 1.x), so this sandbox gets PostgreSQL with the JDBC connector only; use --flink 1.20 for postgres-cdc.",
        "zh": "注意：目前还没有适用于 Flink {version} 的 Flink CDC 版本（Flink CDC 3.5.0 需要 Flink 1.x），因此此沙箱只提供 PostgreSQL 和 JDBC 连接器；如需 postgres-cdc，请使用 --flink 1.20。",
    },
}
