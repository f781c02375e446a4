"""Where outputs go and how they are written.

`target` checks an --output path before anything is read, so that a mistake costs nothing: an output that is
one of the inputs (directly, through a symlink or a hard link), a folder, a device, a FIFO or a socket, a
missing or read-only folder. `write_atomic` then writes it so that a reader of the file sees the old content or
the new, never half of it, and a failed write (disk full) leaves no partial file. Checks for other platforms'
reserved names belong in `target` too.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from disclosure_check.errors import InputError

STDOUT = "-"
# Room left in a file name for the temporary file's prefix and suffix (".", ".", 8 random characters, ".tmp").
_NAME_MAX = 255
_TEMP_EXTRA = 14


def target(output: Path, inputs: Iterable[Path] = ()) -> Path | None:
    """The regular file that `output` will replace (a symlink to one is written through), or None for
    standard output (`-`); an InputError when writing there would lose data or cannot work."""
    if str(output) == STDOUT:
        return None
    path = output.expanduser()
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(output, f"无法写入输出文件（{exc.strerror}）", f"cannot write the output ({exc.strerror})") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError(output, "输出路径是一个目录，请给出文件名", "the output is a folder; name a file") from None
        if not stat.S_ISREG(st.st_mode):
            raise InputError(output, "输出路径不是普通文件（设备、管道或套接字）；写到标准输出请用 --output -",
                             "the output is not a regular file (a device, FIFO or socket); "
                             "use --output - for standard output")
        for source in inputs:
            if same_file(source, st):
                raise InputError(output, f"输出文件就是输入文件 {source}，拒绝覆盖",
                                 f"the output is the input {source}; refusing to overwrite it")
    path = Path(os.path.realpath(path))  # through symlinks: the link stays, its target is replaced
    folder = path.parent
    if not folder.is_dir():
        raise InputError(output, "输出文件所在的目录不存在", "the output's folder does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(output, "输出文件所在的目录不可写", "the output's folder is not writable")
    return path


def same_file(source: Path, st: os.stat_result) -> bool:
    try:
        other = source.stat()
    except (OSError, ValueError):
        return False
    return (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """`data` may come in pieces (a renderer that streams), written as they come. The file gets the mode a
    shell redirect would give (0666 less the umask), or keeps the mode of the file it replaces."""
    checked = target(path)
    if checked is None:
        write_stdout(data)
        return
    path = checked
    name = path.name
    if len(os.fsencode(name)) + _TEMP_EXTRA > _NAME_MAX:  # a long (say, Chinese) name: keep the temp name legal
        name = "output"
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in [data] if isinstance(data, bytes) else data:
                stream.write(piece)
            stream.flush()
            os.fchmod(stream.fileno(), _mode(path))
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise _write_error(path, exc) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_stdout(data: bytes | Iterable[bytes]) -> None:
    """To standard output; a full disk or closed pipe is one line, not a traceback."""
    try:
        for piece in [data] if isinstance(data, bytes) else data:
            sys.stdout.buffer.write(piece)
        sys.stdout.flush()
    except OSError as exc:
        silence_stdout()
        raise _write_error(Path("<stdout>"), exc) from None


def silence_stdout() -> None:
    """Nothing more reaches a standard output that failed, so that Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_error(path: Path, exc: OSError) -> InputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError(path, "磁盘已满，未写入输出文件", "no space left on the device; nothing was written")
    if exc.errno == errno.EPIPE:
        return InputError(path, "输出管道已关闭", "the output pipe was closed")
    if exc.errno == errno.ENAMETOOLONG:
        return InputError(path, "输出文件名过长", "the output file name is too long")
    return InputError(path, f"无法写入输出文件（{exc.strerror}）", f"cannot write the output ({exc.strerror})")
