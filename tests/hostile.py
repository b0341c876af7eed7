"""Hostile strings for escaping tests."""

IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "${alert(2)}"
BACKTICK = "`"
BACKSLASH = "C:\\data\\x"
SCRIPT = "</script><script>alert(3)</script>"

HOSTILE_SUMMARY = f"Test {IMG} {TEMPLATE} {BACKTICK} {BACKSLASH} {SCRIPT} end"
