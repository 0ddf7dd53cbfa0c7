"""A Flink home put together from PyPI and Maven Central, or a user's own distribution checked for use.

Apache does not publish a Flink binary tarball on a registry a Python tool can rely on, but the `apache-flink`
wheel carries the distribution's `bin/` and `conf/`, `apache-flink-libraries` carries `lib/`, `opt/`, `plugins/`
and `bash-java-utils.jar`, and Maven Central has the SQL Gateway jar the PyPI `opt/` lacks. Nothing is
pip-installed: the archives are only unpacked. The home is built in a temporary directory and renamed into place
with a marker file, so an interrupted download never leaves something that looks usable but is not.

Size (~400 lines): one job, a usable Flink home; its download, unpack and lock steps have no other user.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cdcshell import paths
from cdcshell.i18n import t
from cdcshell.sandbox.errors import SandboxError

FLINK_VERSIONS: dict[str, str] = {"1.20": "1.20.3", "2.2": "2.2.1"}
DEFAULT_SERIES = "1.20"
MARKER = ".cdcshell-home-complete"
Progress = Callable[[str], None]

_FLINK_PARTS = {"bin", "conf"}
_LIBRARY_PARTS = {"bin", "lib", "opt", "plugins"}


@dataclass(frozen=True)
class FlinkHome:
    path: Path
    version: str
    assembled: bool  # False: a distribution the user pointed us to

    @property
    def series(self) -> str:
        return ".".join(self.version.split(".")[:2])


def full_version(series: str) -> str:
    """`1.20` → `1.20.3`; a full version we pin is accepted as it is."""
    if series in FLINK_VERSIONS:
        return FLINK_VERSIONS[series]
    if series in FLINK_VERSIONS.values():
        return series
    raise SandboxError(t("sandbox.version_unknown", version=series, known=", ".join(FLINK_VERSIONS)))


def homes_dir() -> Path:
    return paths.cache_dir() / "flink"


def downloads_dir() -> Path:
    return paths.cache_dir() / "downloads" / "pypi"


def _quiet(_: str) -> None:
    return None


# ---------------------------------------------------------------------------------------------------------------
# Validation of a home, ours or the user's


def dist_version(home: Path) -> str | None:
    """The Flink version of a home, read from its `lib/flink-dist-<version>.jar`."""
    for jar in sorted((home / "lib").glob("flink-dist*.jar")):
        match = re.match(r"flink-dist(?:_[0-9.]+)?-(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)\.jar$", jar.name)
        if match:
            return match.group(1)
    return None


def home_problems(home: Path) -> list[str]:
    """What a directory lacks to be a Flink home the sandbox can start; empty when it is fine."""
    if not home.is_dir():
        return [t("sandbox.home.not_a_dir", path=home)]
    problems: list[str] = []
    if not (home / "bin" / "config.sh").is_file():
        problems.append(t("sandbox.home.no_config_sh", path=home / "bin" / "config.sh"))
    dists = sorted((home / "lib").glob("flink-dist*.jar")) if (home / "lib").is_dir() else []
    if not dists:
        problems.append(t("sandbox.home.no_dist", path=home / "lib"))
    elif len(dists) > 1:
        problems.append(
            t("sandbox.home.many_dists", path=home / "lib", jars=", ".join(j.name for j in dists))
        )
    if not (home / "conf").is_dir():
        problems.append(t("sandbox.home.no_conf", path=home / "conf"))
    gateways = sorted((home / "opt").glob("flink-sql-gateway*.jar")) if (home / "opt").is_dir() else []
    if not gateways:
        version = dist_version(home) or "<version>"
        problems.append(
            t(
                "sandbox.home.no_gateway",
                path=home / "opt",
                version=version,
                command=_mvn_copy_command("org.apache.flink", "flink-sql-gateway", version, home / "opt"),
            )
        )
    elif len(gateways) > 1:
        problems.append(
            t("sandbox.home.many_gateways", path=home / "opt", jars=", ".join(j.name for j in gateways))
        )
    return problems


def use_existing_home(home: Path) -> FlinkHome:
    """A distribution the user gave (`--flink-home` or `FLINK_HOME`), taken as it is once it passes the checks."""
    home = home.expanduser().resolve()
    problems = home_problems(home)
    if problems:
        raise SandboxError(
            t("sandbox.home.invalid", path=home) + "\n" + "\n".join(f"  - {p}" for p in problems)
        )
    version = dist_version(home) or "unknown"
    return FlinkHome(home, version, assembled=False)


# ---------------------------------------------------------------------------------------------------------------
# Downloads


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def cached_download(directory: Path, package: str, version: str) -> Path | None:
    """A file pip downloaded earlier for `package==version`: wheel or sdist, whichever spelling of the name."""
    if not directory.is_dir():
        return None
    stem = _normalized(package) + "_" + _normalized(version)
    for candidate in sorted(directory.iterdir()):
        if not candidate.is_file() or not (
            candidate.name.endswith(".whl") or candidate.name.endswith(".tar.gz")
        ):
            continue
        norm = _normalized(candidate.name)
        if norm.startswith(stem) and norm[len(stem) : len(stem) + 1] in ("_", ""):
            return candidate
    return None


def pip_download(package: str, version: str, progress: Progress = _quiet) -> Path:
    """Fetch `package==version` into the download cache with pip, or return what is already there.

    pip picks the wheel for the running Python; when there is none (a newer Python than the release knows), a
    wheel for another Python is just as good because only its shell scripts and jars are used.
    """
    directory = downloads_dir()
    found = cached_download(directory, package, version)
    if found:
        return found
    directory.mkdir(parents=True, exist_ok=True)
    progress(t("sandbox.assemble.downloading", package=package, version=version, source="PyPI"))
    base = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
    ]
    attempts: list[list[str]] = [[]]
    if package == "apache-flink":
        attempts.append(
            [
                "--only-binary=:all:",
                "--python-version",
                "3.11",
                "--platform",
                "manylinux2014_x86_64",
                "--implementation",
                "cp",
                "--abi",
                "cp311",
            ]
        )
    output = ""
    for extra in attempts:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".pip-") as tmp:
            command = [*base, *extra, "--dest", tmp, f"{package}=={version}"]
            proc = subprocess.run(command, capture_output=True, text=True, check=False)
            output = (proc.stdout or "") + (proc.stderr or "")
            got = cached_download(Path(tmp), package, version)
            if proc.returncode == 0 and got is not None:
                target = directory / got.name
                os.replace(got, target)
                return target
    raise SandboxError(
        t(
            "sandbox.download_failed",
            what=f"{package}=={version}",
            source="PyPI",
            tail=_tail(output),
            retry=" ".join([*base, "--dest", str(directory), f"{package}=={version}"]),
        )
    )


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _mvn_copy_command(group: str, artifact: str, version: str, dest: Path) -> str:
    return f"mvn -q dependency:copy -Dartifact={group}:{artifact}:{version} -DoutputDirectory={dest}"


def maven_local_jar(group: str, artifact: str, version: str) -> Path:
    return (
        Path.home()
        / ".m2"
        / "repository"
        / group.replace(".", "/")
        / artifact
        / version
        / f"{artifact}-{version}.jar"
    )


def maven_copy(group: str, artifact: str, version: str, dest: Path, progress: Progress = _quiet) -> Path:
    """Put `group:artifact:version` (the jar alone, no dependencies) into `dest`, through the local repository.

    A jar already in `~/.m2` is copied without starting Maven, which saves seconds on every sandbox that needs
    connectors; otherwise `mvn dependency:copy` fetches it and leaves it in `~/.m2` for next time.
    """
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / f"{artifact}-{version}.jar"
    if target.is_file():
        return target
    local = maven_local_jar(group, artifact, version)
    if local.is_file():
        shutil.copyfile(local, target)
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise SandboxError(t("sandbox.no_mvn", artifact=f"{group}:{artifact}:{version}"))
    progress(
        t(
            "sandbox.assemble.downloading",
            package=f"{group}:{artifact}",
            version=version,
            source="Maven Central",
        )
    )
    command = [
        mvn,
        "-q",
        "-B",
        "dependency:copy",
        f"-Dartifact={group}:{artifact}:{version}",
        f"-DoutputDirectory={dest}",
    ]
    with tempfile.TemporaryDirectory(prefix="cdcshell-mvn-") as cwd:
        proc = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    if proc.returncode != 0 or not target.is_file():
        raise SandboxError(
            t(
                "sandbox.download_failed",
                what=f"{group}:{artifact}:{version}",
                source="Maven Central",
                tail=_tail((proc.stdout or "") + (proc.stderr or "")),
                retry=_mvn_copy_command(group, artifact, version, dest),
            )
        )
    return target


# ---------------------------------------------------------------------------------------------------------------
# Unpacking


def _relative_part(name: str, parts: set[str]) -> str | None:
    """`pyflink/bin/x.sh` or `apache-flink-libraries-1.20.3/deps/lib/y.jar` → `bin/x.sh` / `lib/y.jar`."""
    pieces = [p for p in name.split("/") if p]
    for anchor in ("pyflink", "deps"):
        if anchor in pieces:
            rest = pieces[pieces.index(anchor) + 1 :]
            if len(rest) >= 2 and rest[0] in parts and ".." not in rest:
                return "/".join(rest)
    return None


def _archive_members(archive: Path) -> Iterator[tuple[str, Callable[[], BinaryIO]]]:
    if archive.name.endswith(".whl") or archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if not info.is_dir():
                    yield info.filename, (lambda info=info: zf.open(info))  # type: ignore[misc]
    else:
        with tarfile.open(archive, "r:*") as tf:
            for member in tf:
                if member.isfile():
                    yield member.name, (lambda member=member: tf.extractfile(member))  # type: ignore[misc]


def unpack(archive: Path, home: Path, parts: set[str]) -> int:
    """Copy the distribution folders `parts` out of a wheel or sdist into `home`; returns the number of files."""
    count = 0
    try:
        for name, opener in _archive_members(archive):
            rel = _relative_part(name, parts)
            if rel is None:
                continue
            target = home / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with opener() as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            count += 1
    except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError) as exc:
        raise SandboxError(t("sandbox.assemble.bad_archive", path=archive, error=exc)) from exc
    return count


def _make_scripts_executable(home: Path) -> None:
    """The wheels ship the shell scripts without the exec bit."""
    for path in [*(home / "bin").iterdir(), *(home / "plugins").rglob("*.sh")]:
        if path.is_file() and (path.suffix in ("", ".sh") or path.name == "flink"):
            path.chmod(0o755)


# ---------------------------------------------------------------------------------------------------------------
# Assembly


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """Two shells (or a test run and a shell) assembling the same version wait for each other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def assembled_home(version: str) -> Path:
    return homes_dir() / version


def is_complete(home: Path) -> bool:
    return (home / MARKER).is_file() and not home_problems(home)


def assemble(series: str, progress: Progress = _quiet) -> FlinkHome:
    """The cached home for `series`, assembled first when it is missing or incomplete."""
    version = full_version(series)
    home = assembled_home(version)
    if is_complete(home):
        return FlinkHome(home, version, assembled=True)
    with _lock(homes_dir() / f".{version}.lock"):
        if is_complete(home):
            return FlinkHome(home, version, assembled=True)
        progress(t("sandbox.assemble.start", version=version, path=home))
        flink_archive = pip_download("apache-flink", version, progress)
        libraries_archive = pip_download("apache-flink-libraries", version, progress)
        with tempfile.TemporaryDirectory(dir=homes_dir(), prefix=f".{version}-build-") as tmp:
            build = Path(tmp) / "home"
            build.mkdir()
            unpack(flink_archive, build, _FLINK_PARTS)
            unpack(libraries_archive, build, _LIBRARY_PARTS)
            for folder in ("lib", "opt", "plugins", "log"):
                (build / folder).mkdir(exist_ok=True)
            maven_copy("org.apache.flink", "flink-sql-gateway", version, build / "opt", progress)
            _make_scripts_executable(build)
            problems = home_problems(build)
            if problems:
                raise SandboxError(
                    t("sandbox.home.invalid", path=build) + "\n" + "\n".join(f"  - {p}" for p in problems)
                )
            (build / MARKER).write_text(f"{version}\n")
            if home.exists():
                shutil.rmtree(home)
            os.replace(build, home)
        progress(t("sandbox.assemble.done", version=version, path=home))
    return FlinkHome(home, version, assembled=True)


def resolve_home(series: str | None, flink_home: Path | str | None, progress: Progress = _quiet) -> FlinkHome:
    """The home to run: `--flink-home`, else `FLINK_HOME`, else ours for `series` (assembled on first use).

    An explicit `--flink` that disagrees with the given distribution is an error rather than a surprise.
    """
    given = flink_home or os.environ.get("FLINK_HOME") or None
    if given:
        home = use_existing_home(Path(given))
        if series is not None and home.series != series and home.version != series:
            raise SandboxError(
                t("sandbox.home.version_mismatch", path=home.path, found=home.version, wanted=series)
            )
        return home
    return assemble(series or DEFAULT_SERIES, progress)
