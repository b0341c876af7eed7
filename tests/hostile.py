"""Hostile strings for escaping tests."""

IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "${alert(2)}"
BACKTICK = "`"
BACKSLASH = "C:\\data\\x"
SCRIPT = "</script><script>alert(3)</script>"

HOSTILE_SUMMARY = f"Test {IMG} {TEMPLATE} {BACKTICK} {BACKSLASH} {SCRIPT} end"

#: Hostile and awkward text, as it might arrive in a data file, an upload or a link.
CORPUS = [
    IMG,
    SCRIPT,
    TEMPLATE,
    BACKTICK,
    BACKSLASH,
    '"><svg onload=alert(4)>',
    "<a href='javascript:alert(5)'>link</a>",
    "[click](javascript:alert(6))",
    "&lt;b&gt;entity&lt;/b&gt; &amp; &#x3C;script&#x3E;",
    "{{7*7}} ${{7*7}} {% raw %}",
    "$$x^2$$ **bold** _it_ # heading",
    "=HYPERLINK(\"http://x\",\"y\")",
    "Душанбе — Қалъаи Хумб — 杜尚别",
    "\u202eRTL override\u202c درواز بدخشان",
    "x" * 5000,
]
