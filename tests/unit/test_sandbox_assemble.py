"""Assembling a Flink home from (synthetic) registry archives, and checking a user's distribution."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from cdcshell.sandbox import assemble
from cdcshell.sandbox.assemble import (
    MARKER,
    cached_download,
    dist_version,
    full_version,
    home_problems,
    resolve_home,
    unpack,
    use_existing_home,
)
from cdcshell.sandbox.errors import SandboxError


def make_home(root: Path, version: str = "1.20.3", gateway: bool = True) -> Path:
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "config.sh").write_text("#!/bin/bash\n")
    (root / "lib").mkdir()
    (root / "lib" / f"flink-dist-{version}.jar").write_bytes(b"jar")
    (root / "conf").mkdir()
    (root / "conf" / "config.yaml").write_text("rest.port: 8081\n")
    (root / "opt").mkdir()
    if gateway:
        (root / "opt" / f"flink-sql-gateway-{version}.jar").write_bytes(b"jar")
    return root


def flink_wheel(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pyflink/bin/config.sh", "#!/bin/bash\n")
        zf.writestr("pyflink/bin/jobmanager.sh", "#!/bin/bash\n")
        zf.writestr("pyflink/bin/flink", "#!/bin/bash\n")
        zf.writestr("pyflink/conf/config.yaml", "rest.port: 8081\n")
        zf.writestr("pyflink/table/table.py", "# python code we do not want\n")
        zf.writestr("pyflink/bin/../../evil.sh", "nope\n")
    return path


def libraries_sdist(path: Path, version: str = "1.20.3") -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in {
            f"apache-flink-libraries-{version}/deps/lib/flink-dist-{version}.jar": b"dist",
            f"apache-flink-libraries-{version}/deps/opt/flink-sql-client-{version}.jar": b"client",
            f"apache-flink-libraries-{version}/deps/plugins/metrics-jmx/x.jar": b"jmx",
            f"apache-flink-libraries-{version}/deps/bin/bash-java-utils.jar": b"utils",
            f"apache-flink-libraries-{version}/PKG-INFO": b"meta",
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def test_full_version_pins_and_rejects() -> None:
    assert full_version("1.20") == "1.20.3"
    assert full_version("2.2") == "2.2.1"
    assert full_version("2.2.1") == "2.2.1"
    with pytest.raises(SandboxError) as err:
        full_version("1.17")
    assert "1.17" in str(err.value) and "1.20" in str(err.value)


def test_valid_home_has_no_problems(tmp_path: Path) -> None:
    home = make_home(tmp_path / "flink")
    assert home_problems(home) == []
    assert dist_version(home) == "1.20.3"
    found = use_existing_home(home)
    assert found.version == "1.20.3" and found.series == "1.20" and not found.assembled


def test_missing_gateway_says_what_to_add(tmp_path: Path) -> None:
    home = make_home(tmp_path / "flink", gateway=False)
    problems = home_problems(home)
    assert len(problems) == 1
    assert "flink-sql-gateway" in problems[0]
    assert "org.apache.flink:flink-sql-gateway:1.20.3" in problems[0]
    assert str(home / "opt") in problems[0]
    with pytest.raises(SandboxError) as err:
        use_existing_home(home)
    assert "flink-sql-gateway:1.20.3" in str(err.value)


def test_not_a_distribution(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problems = home_problems(tmp_path / "empty")
    assert any("config.sh" in p for p in problems)
    assert any("flink-dist" in p for p in problems)
    assert home_problems(tmp_path / "nowhere") and "nowhere" in home_problems(tmp_path / "nowhere")[0]


def test_two_dist_jars_is_a_problem(tmp_path: Path) -> None:
    home = make_home(tmp_path / "flink")
    (home / "lib" / "flink-dist-1.19.0.jar").write_bytes(b"jar")
    assert any("flink-dist-1.19.0.jar" in p for p in home_problems(home))


def test_flink_home_env_is_used_and_version_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = make_home(tmp_path / "flink")
    monkeypatch.setenv("FLINK_HOME", str(home))
    assert resolve_home(None, None).path == home.resolve()
    assert resolve_home("1.20", None).version == "1.20.3"
    with pytest.raises(SandboxError) as err:
        resolve_home("2.2", None)
    assert "1.20.3" in str(err.value) and "2.2" in str(err.value)


def test_cached_download_matches_both_spellings(tmp_path: Path) -> None:
    (tmp_path / "apache_flink_libraries-2.2.1-py2.py3-none-any.whl").write_bytes(b"")
    (tmp_path / "apache-flink-libraries-1.20.3.tar.gz").write_bytes(b"")
    (tmp_path / "apache_flink-1.20.3-cp311-cp311-manylinux2014_x86_64.whl").write_bytes(b"")
    (tmp_path / "apache_flink-1.20.30-cp311-cp311-manylinux2014_x86_64.whl").write_bytes(b"")
    assert cached_download(tmp_path, "apache-flink-libraries", "2.2.1").name.endswith(".whl")  # type: ignore[union-attr]
    assert cached_download(tmp_path, "apache-flink-libraries", "1.20.3").name.endswith(".tar.gz")  # type: ignore[union-attr]
    flink = cached_download(tmp_path, "apache-flink", "1.20.3")
    assert flink is not None and "1.20.3-" in flink.name
    assert cached_download(tmp_path, "apache-flink", "2.2.1") is None
    assert cached_download(tmp_path / "absent", "apache-flink", "1.20.3") is None


def test_unpack_takes_only_distribution_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert unpack(flink_wheel(tmp_path / "f.whl"), home, {"bin", "conf"}) == 4
    assert (home / "bin" / "config.sh").is_file()
    assert (home / "conf" / "config.yaml").is_file()
    assert not (home / "table").exists()
    assert not (tmp_path / "evil.sh").exists()
    assert unpack(libraries_sdist(tmp_path / "l.tar.gz"), home, {"bin", "lib", "opt", "plugins"}) == 4
    assert (home / "lib" / "flink-dist-1.20.3.jar").read_bytes() == b"dist"
    assert (home / "bin" / "bash-java-utils.jar").is_file()
    assert (home / "plugins" / "metrics-jmx" / "x.jar").is_file()
    assert not (home / "PKG-INFO").exists()


def test_broken_archive_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "apache_flink-1.20.3-x.whl"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SandboxError) as err:
        unpack(bad, tmp_path / "home", {"bin"})
    assert str(bad) in str(err.value)


@pytest.fixture
def fake_registries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv("CDCSHELL_CACHE_DIR", str(tmp_path / "cache"))
    calls = {"pip": 0, "mvn": 0}
    archives = tmp_path / "archives"
    archives.mkdir()

    def pip_download(package: str, version: str, progress: object = None) -> Path:
        calls["pip"] += 1
        if package == "apache-flink":
            return flink_wheel(archives / "f.whl")
        return libraries_sdist(archives / "l.tar.gz", version)

    def maven_copy(group: str, artifact: str, version: str, dest: Path, progress: object = None) -> Path:
        calls["mvn"] += 1
        target = dest / f"{artifact}-{version}.jar"
        target.write_bytes(b"gateway")
        return target

    monkeypatch.setattr(assemble, "pip_download", pip_download)
    monkeypatch.setattr(assemble, "maven_copy", maven_copy)
    return calls


def test_assemble_builds_marked_executable_home_once(fake_registries: dict[str, int]) -> None:
    home = assemble.assemble("1.20")
    assert home.version == "1.20.3" and home.assembled
    assert (home.path / MARKER).is_file()
    assert home_problems(home.path) == []
    assert (home.path / "bin" / "jobmanager.sh").stat().st_mode & 0o111
    assert (home.path / "bin" / "flink").stat().st_mode & 0o111
    assert (home.path / "opt" / "flink-sql-gateway-1.20.3.jar").is_file()
    assert assemble.assemble("1.20").path == home.path
    assert fake_registries == {"pip": 2, "mvn": 1}  # the second call found the finished home
    leftovers = [p.name for p in home.path.parent.iterdir() if "build" in p.name]
    assert leftovers == []


def test_interrupted_assembly_leaves_no_home(
    fake_registries: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object, **kwargs: object) -> Path:
        raise SandboxError("maven is down")

    monkeypatch.setattr(assemble, "maven_copy", failing)
    with pytest.raises(SandboxError, match="maven is down"):
        assemble.assemble("1.20")
    target = assemble.assembled_home("1.20.3")
    assert not target.exists()
    assert [p.name for p in target.parent.iterdir() if not p.name.endswith(".lock")] == []


def test_incomplete_home_without_marker_is_rebuilt(fake_registries: dict[str, int]) -> None:
    target = assemble.assembled_home("1.20.3")
    make_home(target)  # looks fine, but no marker: maybe an old interrupted copy
    (target / "stale.txt").write_text("x")
    home = assemble.assemble("1.20")
    assert (home.path / MARKER).is_file()
    assert not (home.path / "stale.txt").exists()


def test_pip_failure_names_package_and_retry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDCSHELL_CACHE_DIR", str(tmp_path / "cache"))

    class Done:
        returncode = 1
        stdout = ""
        stderr = "ERROR: No matching distribution found for apache-flink-libraries==9.9.9\n"

    monkeypatch.setattr(assemble.subprocess, "run", lambda *a, **k: Done())
    with pytest.raises(SandboxError) as err:
        assemble.pip_download("apache-flink-libraries", "9.9.9")
    text = str(err.value)
    assert "apache-flink-libraries==9.9.9" in text
    assert "No matching distribution" in text
    assert "pip download" in text


def test_missing_mvn_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble.Path, "home", staticmethod(lambda: tmp_path))  # empty ~/.m2
    monkeypatch.setattr(assemble.shutil, "which", lambda name: None)
    with pytest.raises(SandboxError) as err:
        assemble.maven_copy("org.apache.flink", "flink-sql-gateway", "1.20.3", tmp_path / "opt")
    assert "mvn" in str(err.value) and "org.apache.flink:flink-sql-gateway:1.20.3" in str(err.value)


def test_maven_copy_uses_local_repository_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble.Path, "home", staticmethod(lambda: tmp_path))
    local = assemble.maven_local_jar("org.example", "thing", "1.0")
    local.parent.mkdir(parents=True)
    local.write_bytes(b"cached")
    monkeypatch.setattr(assemble.shutil, "which", lambda name: None)  # Maven would fail: it is not needed
    copied = assemble.maven_copy("org.example", "thing", "1.0", tmp_path / "out")
    assert copied.read_bytes() == b"cached"
