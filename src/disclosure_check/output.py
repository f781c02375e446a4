"""Where outputs go and how they are written.

`target` checks an --output path before anything is read, so that a mistake costs nothing: an output that is
one of the inputs (directly, through a symlink or a hard link), a folder, a device, a FIFO or a socket, a
missing or read-only folder. `write_atomic` then writes it so that a reader of the file sees the old content or
the new, never half of it, and a failed write (disk full) leaves no partial file. Names Windows cannot
create are refused in `target` there (`check_output_name`).
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


# Names Windows reserves for devices, with or without a suffix ("aux.xlsx" is the AUX device too).
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
                      | {f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]})
_FORBIDDEN = frozenset('<>:"|?*') | frozenset(map(chr, range(32)))


def windows_name_problem(name: str) -> tuple[str, str] | None:
    """Why Windows would refuse (or silently change) `name` as a file name, in Chinese and English; or None."""
    stem = name.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        return (f"{stem} 是 Windows 保留的设备名，不能用作文件名", f"{stem} is a device name reserved by Windows, "
                "not usable as a file name")
    bad = "".join(sorted(set(name) & _FORBIDDEN))
    if bad:
        shown = " ".join(c if c.isprintable() else repr(c) for c in bad)
        return (f"文件名含 Windows 不允许的字符：{shown}", f"the file name contains characters Windows does not "
                f"allow: {shown}")
    if name.endswith((" ", ".")):
        return ("文件名以空格或句点结尾，Windows 会将其去掉", "the file name ends with a space or a dot, which Windows drops")
    return None


def check_output_name(path: Path, platform: str = sys.platform) -> None:
    """Refuse, on Windows, an output name Windows cannot create (checked before a run, which may be long)."""
    if platform == "win32" and path.name and str(path) != STDOUT:
        problem = windows_name_problem(path.name)
        if problem:
            raise InputError(path, *problem)


def replace_failed(path: Path, exc: OSError, platform: str = sys.platform) -> InputError:
    """The error for a failed final rename. Windows refuses to replace a file another program holds open (Excel
    and WPS lock the workbooks they show): say so rather than "permission denied"."""
    if platform == "win32" and isinstance(exc, PermissionError):
        return InputError(path, "文件正被其他程序打开（如 Excel、WPS），请关闭后重试",
                          "the file is open in another program (Excel or WPS?); close it and try again")
    return _write_error(path, exc)


def target(output: Path, inputs: Iterable[Path] = ()) -> Path | None:
    """The regular file that `output` will replace (a symlink to one is written through), or None for
    standard output (`-`); an InputError when writing there would lose data or cannot work."""
    if str(output) == STDOUT:
        return None
    check_output_name(output)
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
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13, where there is no umask to honour
                os.fchmod(stream.fileno(), _mode(path))
        try:
            os.replace(temp, path)
        except PermissionError as exc:
            raise replace_failed(path, exc) from None
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
