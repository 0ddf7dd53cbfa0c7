"""The history file: private, masked on disk, durable per statement, tolerant of damage, compatible."""

from __future__ import annotations

import stat
from pathlib import Path

from prompt_toolkit.history import FileHistory

from cdcshell.paths import data_dir
from cdcshell.store.history import MaskedFileHistory, default_history_path, parse_entries

SECRET_DDL = "CREATE TABLE src (id INT) WITH (\n  'connector' = 'mysql-cdc',\n  'password' = 'hunter2'\n)"


def loaded(history: MaskedFileHistory) -> list[str]:
    return list(history.load_history_strings())


def test_default_path_is_in_data_dir() -> None:
    assert default_history_path() == data_dir() / "history"
    assert MaskedFileHistory().path == data_dir() / "history"


def test_file_is_created_private_and_tightened(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "history"
    h = MaskedFileHistory(path)
    h.store_string("SELECT 1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    loaded(MaskedFileHistory(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_secrets_are_masked_on_disk_but_not_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "history"
    h = MaskedFileHistory(path)
    h.append_string(SECRET_DDL)
    assert h.get_strings()[-1] == SECRET_DDL  # Up-arrow in this session still runs
    on_disk = path.read_text("utf-8")
    assert "hunter2" not in on_disk
    assert "'password' = '******'" in on_disk
    assert loaded(MaskedFileHistory(path)) == [SECRET_DDL.replace("hunter2", "******")]


def test_each_statement_is_on_disk_when_store_returns(tmp_path: Path) -> None:
    path = tmp_path / "history"
    h = MaskedFileHistory(path)
    h.store_string("SELECT 1")
    assert parse_entries(path.read_bytes())[0] == ["SELECT 1"]
    h.store_string("SELECT 2")
    assert parse_entries(path.read_bytes())[0] == ["SELECT 1", "SELECT 2"]


def test_compatible_with_prompt_toolkit_file_history(tmp_path: Path) -> None:
    path = tmp_path / "history"
    pt = FileHistory(str(path))
    pt.store_string("SELECT 1")
    pt.store_string("SELECT\n  2")
    ours = MaskedFileHistory(path)
    assert loaded(ours) == ["SELECT\n  2", "SELECT 1"]  # newest first, as prompt_toolkit wants
    ours.store_string("SELECT 3")
    assert list(FileHistory(str(path)).load_history_strings()) == ["SELECT 3", "SELECT\n  2", "SELECT 1"]


def test_corrupt_and_torn_entries_are_skipped_and_the_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "history"
    good = b"\n# 2026-01-01\n+SELECT 1\n"
    bad_utf8 = b"\n# 2026-01-02\n+SELECT '\xff\xfe'\n"
    junk = b"\x00\x01 garbage without prefix\n"
    good2 = b"\n# 2026-01-03\n+SELECT 2\n"
    torn = b"\n# 2026-01-04\n+SELECT 3 FR"
    data = good + bad_utf8 + junk + good2 + torn
    path.write_bytes(data)
    h = MaskedFileHistory(path)
    assert loaded(h) == ["SELECT 2", "SELECT 1"]
    assert h.bad_entries == 2
    assert path.read_bytes() == data  # never rewritten
    h.store_string("SELECT 4")
    assert path.read_bytes().startswith(data)
    assert loaded(MaskedFileHistory(path))[0] == "SELECT 4"


def test_unreadable_file_does_not_stop_the_shell(tmp_path: Path) -> None:
    errors: list[OSError] = []
    path = tmp_path / "history"
    path.mkdir()  # a directory where the file should be
    h = MaskedFileHistory(path, on_error=errors.append)
    assert loaded(h) == []
    h.append_string("SELECT 1")
    assert h.get_strings() == ["SELECT 1"]
    assert errors and h.last_error is errors[-1]


def test_cap_keeps_newest_entries_when_loading(tmp_path: Path) -> None:
    path = tmp_path / "history"
    h = MaskedFileHistory(path, max_entries=3)
    for i in range(5):
        h.store_string(f"SELECT {i}")
    assert loaded(MaskedFileHistory(path, max_entries=3)) == ["SELECT 4", "SELECT 3", "SELECT 2"]
    assert len(parse_entries(path.read_bytes())[0]) == 5  # not compacted below twice the cap


def test_compaction_replaces_the_file_atomically_keeping_dates(tmp_path: Path) -> None:
    path = tmp_path / "history"
    path.write_bytes(b"".join(f"\n# 2026-01-{i + 1:02d}\n+SELECT {i}\n".encode() for i in range(10)))
    inode = path.stat().st_ino
    h = MaskedFileHistory(path, max_entries=4)
    assert loaded(h) == ["SELECT 9", "SELECT 8", "SELECT 7", "SELECT 6"]
    assert path.stat().st_ino != inode  # a new file renamed into place, not truncated in place
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    assert parse_entries(data) == (["SELECT 6", "SELECT 7", "SELECT 8", "SELECT 9"], 0)
    assert b"# 2026-01-07" in data
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    h.store_string("SELECT 10")  # appends go to the new file
    assert parse_entries(path.read_bytes())[0][-1] == "SELECT 10"


def test_a_damaged_file_is_never_compacted(tmp_path: Path) -> None:
    path = tmp_path / "history"
    data = b"".join(f"\n# d\n+SELECT {i}\n".encode() for i in range(10)) + b"\n# d\n+\xff\n"
    path.write_bytes(data)
    assert len(loaded(MaskedFileHistory(path, max_entries=2))) == 2
    assert path.read_bytes() == data


def test_append_after_a_concurrent_compaction_is_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "history"
    other = MaskedFileHistory(path)  # another shell, already running
    for i in range(10):
        other.store_string(f"SELECT {i}")
    MaskedFileHistory(path, max_entries=3).load_history_strings()  # this shell starts and compacts
    other.store_string("SELECT after")
    assert parse_entries(path.read_bytes())[0] == ["SELECT 7", "SELECT 8", "SELECT 9", "SELECT after"]
