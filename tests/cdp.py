"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe``.

No dependency beyond the standard library: Chromium reads commands on its fd 3 and
writes replies and events on its fd 4, as NUL-terminated JSON. Used by
``test_viz_browser.py`` to open kg's pages in a real headless Chromium.

    with Chromium.start(shutil.which("chromium"), tmp_path) as browser:
        page = browser.open(Path("graph.html").resolve().as_uri())
        page.wait_until("window.kg && kg.status.ready")
        page.evaluate("kg.nodes.length")
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--mute-audio",
    "--disable-features=Translate,MediaRouter,OptimizationHints", "--window-size=1400,900",
)  # fmt: skip


class CdpError(RuntimeError):
    """Chromium answered a command with an error, died, or did not answer in time."""


@dataclass
class Chromium:
    """A running headless Chromium and its DevTools pipe."""

    process: subprocess.Popen[bytes]
    to_browser: int
    from_browser: int
    events: list[dict[str, Any]] = field(default_factory=list)
    _buffer: bytes = b""
    _next_id: int = 0

    @classmethod
    def start(cls, binary: str, profile: Path) -> Chromium:
        commands_r, commands_w = os.pipe()
        replies_r, replies_w = os.pipe()

        def plumb() -> None:  # in the child: its fd 3 reads commands, fd 4 writes replies
            low_r = fcntl.fcntl(commands_r, fcntl.F_DUPFD, 10)
            low_w = fcntl.fcntl(replies_w, fcntl.F_DUPFD, 10)
            os.dup2(low_r, 3)
            os.dup2(low_w, 4)

        process = subprocess.Popen(
            [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=plumb,
        )
        os.close(commands_r)
        os.close(replies_w)
        return cls(process, commands_w, replies_r)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(CdpError, OSError):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self.to_browser, self.from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)

    # -- protocol

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:  # fmt: skip
        """Send one command and wait for its reply; events seen meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CdpError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CdpError("no answer from chromium in time")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise CdpError("chromium closed its DevTools pipe")
                self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def pump(self, seconds: float) -> None:
        """Collect events for a while."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read(deadline))
        except CdpError as e:
            if "in time" not in str(e):
                raise

    def open(self, url: str) -> Page:
        """A new tab with Network, Runtime, Log and Page events on, navigated to ``url``."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, session["sessionId"])
        for domain in ("Network", "Runtime", "Log", "Page"):
            page.send(f"{domain}.enable")
        page.send("Page.navigate", {"url": url})
        page.wait_for_event("Page.loadEventFired")
        return page


@dataclass
class Page:
    """One tab, through its flattened DevTools session."""

    browser: Chromium
    session: str

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def events(self, method: str) -> list[dict[str, Any]]:
        return [
            e.get("params", {})
            for e in self.browser.events
            if e.get("method") == method and e.get("sessionId") == self.session
        ]

    def wait_for_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while not self.events(method):
            if time.monotonic() > deadline:
                raise CdpError(f"no {method} in {timeout} s")
            self.browser.pump(0.1)
        return self.events(method)[-1]

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression (promises awaited)."""
        reply = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in reply:
            raise CdpError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_until(self, expression: str, timeout: float = 60) -> float:
        """Poll until the expression is truthy; return the seconds it took."""
        start = time.monotonic()
        while not self.evaluate(f"Boolean({expression})"):
            if time.monotonic() - start > timeout:
                raise CdpError(f"{expression} still false after {timeout} s")
            self.browser.pump(0.05)
        return time.monotonic() - start

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])

    def requests(self) -> list[str]:
        """The URL of every request the page sent."""
        return [e["request"]["url"] for e in self.events("Network.requestWillBeSent")]

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries (CSP reports included)."""
        errors = [
            " ".join(str(a.get("value", a.get("description", ""))) for a in e.get("args", []))
            for e in self.events("Runtime.consoleAPICalled")
            if e.get("type") in ("error", "assert")
        ]
        errors += [str(e["exceptionDetails"]) for e in self.events("Runtime.exceptionThrown")]
        errors += [
            e["entry"].get("text", "")
            for e in self.events("Log.entryAdded")
            if e["entry"].get("level") == "error"
        ]
        return errors


def coloured_pixels(page: Page, png: bytes) -> int:
    """How many pixels of a screenshot are clearly coloured (not white or grey).

    The browser decodes the PNG itself (a data: URL drawn on a canvas), so this needs
    no image library.
    """
    data_url = "data:image/png;base64," + base64.b64encode(png).decode()
    return page.evaluate(
        "new Promise(function (done) { var img = new Image(); img.onload = function () {"
        " var c = document.createElement('canvas'); c.width = img.width; c.height = img.height;"
        " var g = c.getContext('2d'); g.drawImage(img, 0, 0);"
        " var d = g.getImageData(0, 0, c.width, c.height).data, n = 0;"
        " for (var i = 0; i < d.length; i += 4) {"
        "   var mx = Math.max(d[i], d[i+1], d[i+2]), mn = Math.min(d[i], d[i+1], d[i+2]);"
        "   if (mx - mn > 40) n++; }"
        " done(n); }; img.src = " + json.dumps(data_url) + "; })"
    )


def is_local(url: str) -> bool:
    """Whether a request URL stays on the machine."""
    return url.startswith(("file://", "data:", "about:", "blob:"))
