"""The stat cache of a build directory: knowing files unchanged without reading them.

Whether a build is current depends on the SHA-256 of every input and output (see
:mod:`balkan_kg.build`); hashing them on each query would cost more than the query. So,
as git's index and make do, the build directory keeps the stat of the files it hashed:
a file whose stat (device, inode, size, mtime, ctime) is the recorded one is taken to
have the recorded hash. Any change to a file's content sets its ctime (and mtime) to
the file system's current time, which no program can set back, and replacing the file
changes its inode, so the stat changes; the one exception is a change within the same
tick of the file system's clock as the file's last change (a few milliseconds; a
second or two on file systems with coarse timestamps), which keeps the timestamps.

A stat is therefore recorded only for a file whose last change is known to lie in an
earlier tick than the moment its stat was taken ("settled"), so that any later change
gives it a later ctime. Each check first creates and removes a probe file in the build
directory, whose timestamp is the file system's own "now": a file on the same device
with older timestamps is settled (git compares with its index file's timestamp in the
same way). A file on another device, or any file when no probe can be made (a
read-only directory), is settled only if it had not changed for :data:`RACY_NS`. A file
not settled is hashed at every check until a check finds it settled. A build ends with
such a check, after waiting for the clock to move past its manifest, so that the
queries that follow it need only stats.

A check that finds the build current also records what it found it current for (the
manifest's stat, the package version, the layout root, the inputs and the stats of the
directories whose listing decides them), if every one of those stats could be
recorded. :func:`vouched_outputs` then tells, from stats alone and without :mod:`json`,
:mod:`hashlib` or :mod:`pathlib`, that the build is still current: the command line's
quick query path uses it. When anything differs the caller makes the full check.

The cache is the text file ``stat-cache.tsv``, written atomically (and only when its
content changes), one record a line, fields separated by tabs, the path last::

    balkan-kg stat cache 1
    file     SIGNATURE  SHA256  PATH         this file, with this stat, has this hash
    current  SIGNATURE  VERSION  0|1  ROOT   the build was current: manifest stat,
                                             package version, include_external, root
    input    PATH                            an input of that build
    dir      SIGNATURE|absent  PATH          a directory whose listing decides the inputs
    output   0|1  NAME                       an output of that build (1: its hash checked)

A signature is ``dev:inode:size:mtime_ns:ctime_ns``; paths are normalised with
:func:`os.path.normpath`. A path holding a tab or a line break is not recorded (that
file is hashed at every check).
"""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    StrPath = str | os.PathLike[str]

CACHE_FILE = "stat-cache.tsv"
HEADER = "balkan-kg stat cache 1"
RACY_NS = 3_000_000_000
"""Without a probe on the file's device: how long a file must have been unchanged when
its stat is taken for the stat to be recorded; more than a clock tick plus the coarsest
timestamp granularity of common file systems (FAT: 2 s)."""
ABSENT = "absent"
PROBE = ".stat-probe"
PROBE_WAIT_S = 0.2


class StatCache:
    """The cache of one build directory, as read, and the records of a check in progress."""

    def __init__(self, directory: StrPath, newer_than: int = 0) -> None:
        """Read the cache of ``directory`` and take the moment before this check's stats.

        ``newer_than``: wait (at most :data:`PROBE_WAIT_S`) until the file system's
        clock has passed this timestamp (in ns), so that a file just written settles.
        """
        self.path = os.path.join(directory, CACHE_FILE)
        try:
            with open(self.path, encoding="utf-8") as handle:
                self.text = handle.read()
        except (OSError, UnicodeDecodeError):
            self.text = ""
        self.known = _parse(self.text).files
        self.files: dict[str, tuple[str, str]] = {}
        self.current: list[str] = []
        # Both taken before any stat of this check: a file that changed before either
        # moment gets a later ctime from any change made after its stat.
        self.settled_before = time.time_ns() - RACY_NS
        self.probe = _probe(os.fspath(directory), newer_than)

    def signature(self, path: StrPath) -> str | None:
        """The signature of ``path`` if it is settled, ``"absent"`` if it does not exist,
        else ``None`` (it changed too recently, or cannot be stat'ed)."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return ABSENT
        except (OSError, ValueError):
            return None
        return _signature(info) if self._settled(info) else None

    def digest(self, path: StrPath, sha256: Callable[[StrPath], str]) -> str:
        """The SHA-256 of ``path``: the recorded one if its stat is recorded, else ``sha256(path)``.

        Records the stat and hash if the file is settled. Raises :class:`OSError` if
        ``path`` cannot be stat'ed, and what ``sha256`` raises.
        """
        info = os.stat(path)  # before reading, so that a later change shows
        key = _path(path)
        signature = _signature(info)
        known = self.known.get(key)
        digest = known[1] if known is not None and known[0] == signature else sha256(path)
        if self._settled(info):
            self.files[key] = (signature, digest)
        return digest

    def vouch(
        self,
        manifest: str | None,
        version: str,
        include_external: bool,
        root: StrPath,
        inputs: Iterable[StrPath],
        dirs: dict[str, str | None],
        outputs: Mapping[str, StrPath | None],
    ) -> None:
        """Record that the build was found current, if every stat it rests on was recorded.

        ``manifest`` and the values of ``dirs`` are :meth:`signature` values taken before
        the manifest was read and the inputs listed; ``outputs`` maps every output's
        name to its path if its hash was checked (by :meth:`digest`), else ``None``.
        """
        inputs = [_path(path) for path in inputs]
        checked = [_path(path) for path in outputs.values() if path]
        if (
            manifest in (None, ABSENT)
            or any(signature is None for signature in dirs.values())
            or any(path not in self.files for path in (*inputs, *checked))
            or not all(map(_writable, (_path(root), *inputs, *dirs, *outputs)))
        ):
            return
        external = "1" if include_external else "0"
        self.current = [f"current\t{manifest}\t{version}\t{external}\t{_path(root)}"]
        self.current += [f"input\t{path}" for path in inputs]
        self.current += [f"dir\t{signature}\t{_path(path)}" for path, signature in dirs.items()]
        self.current += [f"output\t{int(bool(path))}\t{name}" for name, path in outputs.items()]

    def save(self) -> None:
        """Write the records of this check, if they differ from the cache as read.

        Best effort (a read-only build directory, say, keeps its old cache): the cache
        only saves time.
        """
        lines = [HEADER]
        lines += [
            f"file\t{signature}\t{digest}\t{path}"
            for path, (signature, digest) in sorted(self.files.items())
            if _writable(path)
        ]
        lines += self.current
        text = "\n".join(lines) + "\n"
        if text == self.text:
            return
        import contextlib

        from .atomic import write_text_atomic

        with contextlib.suppress(OSError):
            write_text_atomic(self.path, text)
            self.text = text

    def _settled(self, info: os.stat_result) -> bool:
        changed = max(info.st_mtime_ns, info.st_ctime_ns)
        if self.probe is not None and info.st_dev == self.probe[0]:
            return changed < self.probe[1]
        return changed < self.settled_before


def vouched_outputs(
    directory: str,
    manifest: str,
    version: str,
    include_external: bool,
    root: str,
    names: list[str],
) -> list[str] | None:
    """The paths of the outputs ``names`` if the cache vouches that the build is current.

    That is: the last check found it current for this ``version``, ``include_external``
    and ``root``, and nothing it rested on has changed since: the stat of the manifest
    (named ``manifest``), of every input and listed directory and of the outputs in
    ``names``, which that check hashed, and the other outputs still exist. ``None``
    otherwise, and the caller makes the full check.
    """
    try:
        with open(os.path.join(directory, CACHE_FILE), encoding="utf-8") as handle:
            cache = _parse(handle.read())
    except (OSError, UnicodeDecodeError):
        return None
    if cache.current != [version, "1" if include_external else "0", os.path.normpath(root)]:
        return None
    if _stat(os.path.join(directory, manifest)) != cache.manifest:
        return None
    for path in cache.inputs:
        known = cache.files.get(path)
        if known is None or _stat(path) != known[0]:
            return None
    for path, signature in cache.dirs:
        if _stat(path) != signature:
            return None
    paths = {}
    for name, checked in cache.outputs:
        path = os.path.normpath(os.path.join(directory, name))
        if name not in names:
            if not os.path.isfile(path):
                return None
            continue
        known = cache.files.get(path)
        if not checked or known is None or _stat(path) != known[0]:
            return None
        paths[name] = path
    return [paths[name] for name in names] if all(name in paths for name in names) else None


class _Cache:
    """The records of a cache file (see the module docstring)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, str]] = {}
        self.manifest = ""
        self.current: list[str] = []  # version, include_external, root
        self.inputs: list[str] = []
        self.dirs: list[tuple[str, str]] = []
        self.outputs: list[tuple[str, bool]] = []


def _parse(text: str) -> _Cache:
    """The records of a cache file's text; none at all if any line is malformed."""
    cache = _Cache()
    lines = text.split("\n")
    if lines[0] != HEADER or lines[-1] != "":
        return cache
    for line in lines[1:-1]:
        kind, _, rest = line.partition("\t")
        fields = rest.split("\t")
        if kind == "file" and len(fields) == 3:
            cache.files[fields[2]] = (fields[0], fields[1])
        elif kind == "current" and len(fields) == 4 and not cache.manifest:
            cache.manifest, cache.current = fields[0], fields[1:]
        elif kind == "input" and len(fields) == 1:
            cache.inputs.append(fields[0])
        elif kind == "dir" and len(fields) == 2:
            cache.dirs.append((fields[1], fields[0]))
        elif kind == "output" and len(fields) == 2 and fields[0] in ("0", "1"):
            cache.outputs.append((fields[1], fields[0] == "1"))
        else:
            return _Cache()
    if not cache.manifest and (cache.inputs or cache.dirs or cache.outputs):
        return _Cache()
    return cache


def _probe(directory: str, newer_than: int) -> tuple[int, int] | None:
    """The device and timestamp of a file created (and removed) in ``directory`` now.

    Tries again for up to :data:`PROBE_WAIT_S` while the timestamp is not later than
    ``newer_than``. ``None`` if no file can be created there or the clock did not move.
    """
    path = os.path.join(directory, f"{PROBE}.{os.getpid()}")
    deadline = time.monotonic() + PROBE_WAIT_S
    while True:
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return None
        try:
            info = os.fstat(handle)
        finally:
            os.close(handle)
            import contextlib

            with contextlib.suppress(OSError):
                os.unlink(path)
        now = min(info.st_mtime_ns, info.st_ctime_ns)
        if now > newer_than:
            return info.st_dev, now
        if time.monotonic() > deadline:
            return None
        time.sleep(0.001)


def _signature(info: os.stat_result) -> str:
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def _stat(path: str) -> str | None:
    """The signature of ``path`` now, ``"absent"`` if it does not exist, else ``None``."""
    try:
        return _signature(os.stat(path))
    except FileNotFoundError:
        return ABSENT
    except (OSError, ValueError):
        return None


def _path(path: StrPath) -> str:
    return os.path.normpath(os.fspath(path))


def _writable(path: StrPath) -> bool:
    """Whether a path can be written as one field of a record."""
    return not any(char in os.fspath(path) for char in "\t\n\r")
