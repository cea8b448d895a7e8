"""Plain text and standalone HTML renderings of the notice blocks."""

from __future__ import annotations

from html import escape

from rectify.lib.text import xml_safe

from .blocks import Block

HTML_STYLE = """
body{margin:0;background:#f4f4f2;color:#111;font-family:"FangSong","仿宋","仿宋_GB2312",
"STFangsong","Noto Serif CJK SC","Source Han Serif SC",serif;font-size:16pt;line-height:1.75}
article{max-width:46em;margin:2em auto;background:#fff;padding:3em 3.2em;
box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-family:"FZXiaoBiaoSong-B05S","方正小标宋简体","STZhongsong","华文中宋","Noto Serif CJK SC",
serif;font-size:22pt;font-weight:normal;text-align:center;line-height:1.5;margin:0 0 1em}
h2{font-family:"SimHei","黑体","Noto Sans CJK SC","Source Han Sans SC",sans-serif;
font-size:16pt;font-weight:normal;margin:.4em 0;text-indent:2em}
h3,h4{font-family:"KaiTi","楷体","楷体_GB2312","STKaiti","Noto Serif CJK SC",serif;
font-size:16pt;margin:.4em 0;text-indent:2em}
h3{font-weight:bold}h4{font-weight:normal}
p{margin:0;text-indent:2em;text-align:justify}
.runin{font-family:"KaiTi","楷体","楷体_GB2312","STKaiti",serif}
.lead{font-weight:bold}
.signature,.date{text-align:right;text-indent:0;padding-right:2em}
.signature{margin-top:2em}
@media print{body{background:#fff}article{box-shadow:none;margin:0;padding:0}}
"""
_TAGS = {"title": "h1", "h1": "h2", "h2": "h3", "h3": "h4"}
_RUN_CLASSES = {"h2": "runin", "lead": "lead"}


def render_txt(blocks: list[Block]) -> str:
    """One paragraph per line with a blank line between, like the published web text."""
    return "\n\n".join(block.text for block in blocks if block.text) + "\n"


def _html_runs(block: Block) -> str:
    out = []
    for run in block.runs:
        css = _RUN_CLASSES.get(run.role)
        text = escape(run.text)
        out.append(f'<span class="{css}">{text}</span>' if css else text)
    return "".join(out)


def render_html(blocks: list[Block], *, title: str) -> str:
    """A standalone public page: inline CSS, no scripts, no external assets, all text escaped."""
    body = []
    for block in blocks:
        if not block.text:
            continue
        tag = _TAGS.get(block.style, "p")
        css = f' class="{block.style}"' if block.style in {"signature", "date"} else ""
        body.append(f"<{tag}{css}>{_html_runs(block)}</{tag}>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">\n"
        f"<title>{escape(xml_safe(title))}</title>\n<style>{HTML_STYLE}</style>\n</head>\n<body>\n"
        "<article>\n" + "\n".join(body) + "\n</article>\n</body>\n</html>\n"
    )
