"""`cdcshell sandbox …` arguments and the outputs that need no running Flink."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdcshell.redact import redact_url
from cdcshell.sandbox import command
from cdcshell.sandbox.command import build_parser, main


def test_up_arguments() -> None:
    args = build_parser().parse_args(
        [
            "up",
            "--flink",
            "2.2",
            "--jobmanager-port",
            "18081",
            "--gateway-port",
            "18083",
            "--dir",
            "/tmp/x",
            "--with",
            "postgres",
            "--postgres-port",
            "25432",
        ]
    )
    assert args.action == "up" and args.flink == "2.2"
    assert (args.jobmanager_port, args.gateway_port, args.postgres_port) == (18081, 18083, 25432)
    assert args.dir == Path("/tmp/x") and args.with_ == ["postgres"]


def test_with_takes_lists_and_repeats() -> None:
    args = build_parser().parse_args(
        [
            "up",
            "--with",
            "postgres,mysql",
            "--with",
            "kafka",
            "--mysql-port",
            "23306",
            "--kafka-port",
            "29092",
        ]
    )
    assert args.with_ == ["postgres", "mysql", "kafka"]
    assert (args.mysql_port, args.kafka_port) == (23306, 29092)
    options = command._up_options(args)
    assert options["with_postgres"] and options["with_mysql"] and options["with_kafka"]
    assert (options["mysql_port"], options["kafka_port"]) == (23306, 29092)


def test_defaults() -> None:
    args = build_parser().parse_args(["up"])
    assert args.flink is None and args.jobmanager_port is None and args.with_ == []
    assert build_parser().parse_args(["logs"]).lines == 20
    assert build_parser().parse_args(["logs", "-n", "5"]).lines == 5


@pytest.mark.parametrize(
    "argv",
    [
        ["up", "--gateway-port", "http"],
        ["up", "--jobmanager-port", "70000"],
        ["up", "--flink", "1.17"],
        ["up", "--with", "redis"],
        ["up", "--with", ","],
        ["logs", "--lines", "0"],
        ["down", "--gateway-port", "1"],  # ports only make sense when starting
        ["explode"],
        [],
    ],
)
def test_bad_arguments_exit_2_with_message(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage: cdcshell sandbox" in capsys.readouterr().err


def test_bad_port_message_says_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["up", "--gateway-port", "http"])
    assert "1 to 65535" in capsys.readouterr().err


def test_mask_dsn() -> None:
    # the one masker's output (issue 17), not a sandbox-specific `***`
    assert (
        redact_url("postgresql://cdc:cdc@127.0.0.1:15432/shop")
        == "postgresql://cdc:******@127.0.0.1:15432/shop"
    )
    assert redact_url("postgresql://cdc@127.0.0.1/shop") == "postgresql://cdc@127.0.0.1/shop"


def test_status_of_an_empty_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--dir", str(tmp_path / "sb")]) == command.EXIT_NOT_RUNNING
    assert str(tmp_path / "sb") in capsys.readouterr().out


def test_down_with_nothing_running(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["down", "--dir", str(tmp_path / "sb")]) == 0
    assert "Nothing runs" in capsys.readouterr().out


def test_logs_with_none_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["logs", "--dir", str(tmp_path / "sb")]) == 0
    assert "No logs" in capsys.readouterr().out


def test_user_error_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notflink").mkdir()
    code = main(["up", "--dir", str(tmp_path / "sb"), "--flink-home", str(tmp_path / "notflink")])
    err = capsys.readouterr().err
    assert code == 1
    assert "config.sh" in err and "Traceback" not in err
    assert not (tmp_path / "sb" / "run").exists()  # nothing was started


def test_python_api_is_exported() -> None:
    for name in ("up", "down", "status", "SandboxInfo", "restart_taskmanager", "kill", "start"):
        assert callable(getattr(command, name))
