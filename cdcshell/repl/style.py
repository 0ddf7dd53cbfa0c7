"""Colours of the prompt, toolbar and highlighted SQL; one place so that a theme is one edit."""

from __future__ import annotations

from prompt_toolkit.styles import BaseStyle, Style, merge_styles, style_from_pygments_cls


def build_style() -> BaseStyle:
    from pygments.styles import get_style_by_name

    base = style_from_pygments_cls(get_style_by_name("monokai" if False else "default"))
    ours = Style.from_dict(
        {
            "prompt.name": "bold",
            "prompt.connected": "ansigreen",
            "prompt.offline": "ansired",
            "prompt.where": "ansicyan",
            "bottom-toolbar": "noreverse bg:#222222 #cccccc",
            "toolbar.ok": "ansigreen",
            "toolbar.error": "ansired bold",
            "toolbar.warning": "ansiyellow",
            "toolbar.info": "#888888",
        }
    )
    return merge_styles([base, ours])
