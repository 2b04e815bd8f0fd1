"""Runs a command under a pseudo-terminal and reports what a person would see at the end.

Usage: onscreen.py [--interrupt-on TEXT] [--cols N] -- COMMAND ARGS...

The command's output goes through a terminal emulator (pyte), so cursor movements, erased lines
and redrawn spinner rows end up as they would on a screen. With --interrupt-on, SIGINT is sent to
the command (as Ctrl-C would) once TEXT has appeared on screen. Prints one JSON object:
{"code": exit code (or -signal), "screen": [the screen's lines, up to the last non-empty one],
 "raw": the bytes written, decoded, "stray": [lines seen at any moment with a spinner (a braille
 character) anywhere but their first column: a live row drawn into the row above]}.
"""

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

import pyte

ROWS = 500
# Spinners are braille characters (indicatif's default), drawn only in a row's first column.
SPINNERS = range(0x2800, 0x2900)
MAX_STRAY = 20


def stray_spinners(screen, stray):
    """Adds the changed lines that show a spinner past their first column to `stray`."""
    for y in sorted(screen.dirty):
        row = screen.buffer[y]
        line = "".join(row[x].data for x in range(screen.columns))
        if any(ord(c) in SPINNERS for c in line[1:]) and len(stray) < MAX_STRAY:
            stray.add(line.rstrip())
    screen.dirty.clear()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--interrupt-on")
    parser.add_argument("--cols", type=int, default=160)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    screen = pyte.Screen(args.cols, ROWS)
    stream = pyte.ByteStream(screen)
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, args.cols, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    raw = b""
    stray = set()
    interrupted = False
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            raw += data
            stream.feed(data)
            stray_spinners(screen, stray)
        if args.interrupt_on and not interrupted and args.interrupt_on in "\n".join(screen.display):
            # What a terminal does on Ctrl-C: echo ^C, signal the foreground process.
            stream.feed(b"^C")
            os.kill(pid, signal.SIGINT)
            interrupted = True
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    report = {"code": code, "screen": lines, "raw": raw.decode("utf-8", "replace"), "stray": sorted(stray)}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
