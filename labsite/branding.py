"""Per-lab brand colours that always pass WCAG AA.

A lab picks one accent colour in admin. Links, focus rings and buttons use it on the
light and the dark theme, so it must reach 4.5:1 against every background it sits on
in both. A colour that does not is darkened (light theme) or lightened (dark theme) in
small steps of HLS lightness, which keeps its hue, until it does.

The custom properties that carry the result are built here from numbers only, never from
the stored text, so they are safe in a ``style`` attribute.
"""

import colorsys
import re
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_ACCENT = "#1f5f8b"
AA_NORMAL_TEXT = 4.5
# A colour that must be lightened for the dark theme goes a little past the minimum:
# links at exactly 4.5:1 look dim on a dark page.
DARK_THEME_TARGET = 6.0

# Backgrounds the accent is drawn on, per theme: page and card surface. They match
# the --bg and --surface custom properties in static/labsite/site.css.
LIGHT_BACKGROUNDS = ("#ffffff", "#f6f8fa")
DARK_BACKGROUNDS = ("#111418", "#1a1f26")
# Text on an accent-filled button or skip link: whichever of these reads better.
INK_LIGHT = "#ffffff"
INK_DARK = "#0b0e12"

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def parse_hex(colour: str) -> tuple[int, int, int]:
    if not _HEX.match(colour or ""):
        raise ValueError(f"Not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def worst_contrast(colour: str, backgrounds) -> float:
    return min(contrast_ratio(colour, background) for background in backgrounds)


def adjust_for_contrast(
    colour: str,
    backgrounds,
    *,
    lighten: bool,
    minimum: float = AA_NORMAL_TEXT,
    target: float | None = None,
) -> str:
    """The colour itself if it reaches ``minimum`` on every background, else the nearest
    darker (or lighter) colour of the same hue that reaches ``target`` (default: the
    minimum)."""
    colour = colour.lower()
    if worst_contrast(colour, backgrounds) >= minimum:
        return colour
    minimum = max(minimum, target or minimum)
    r, g, b = (v / 255 for v in parse_hex(colour))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    step = 0.01 if lighten else -0.01
    while 0.0 <= lightness <= 1.0:
        lightness += step
        rgb = colorsys.hls_to_rgb(hue, min(max(lightness, 0.0), 1.0), saturation)
        candidate = to_hex(tuple(c * 255 for c in rgb))
        if worst_contrast(candidate, backgrounds) >= minimum:
            return candidate
    return "#ffffff" if lighten else "#000000"


def ink_on(colour: str) -> str:
    """Text colour for an accent-filled control."""
    if contrast_ratio(INK_LIGHT, colour) >= contrast_ratio(INK_DARK, colour):
        return INK_LIGHT
    return INK_DARK


@dataclass(frozen=True)
class Brand:
    chosen: str
    light: str  # accent on the light theme
    dark: str  # accent on the dark theme
    on_light: str  # text on a light-theme accent fill
    on_dark: str

    @property
    def adjusted(self) -> bool:
        return self.light != self.chosen or self.dark != self.chosen

    def style_attribute(self) -> str:
        """Custom properties for ``<html style="…">``, read by site.css in both themes.

        An attribute, not a ``<style>`` element: it needs no CSP nonce, so pages replayed
        from the page cache stay byte-identical. Values are #rrggbb built by ``to_hex``.
        """
        return (
            f"--brand-light:{self.light};--on-brand-light:{self.on_light};"
            f"--brand-dark:{self.dark};--on-brand-dark:{self.on_dark}"
        )


@lru_cache(maxsize=256)
def brand_colours(accent: str) -> Brand:
    """The accent for both themes; an invalid stored value falls back to the default."""
    try:
        chosen = to_hex(parse_hex(accent))
    except ValueError:
        chosen = DEFAULT_ACCENT
    light = adjust_for_contrast(chosen, LIGHT_BACKGROUNDS, lighten=False)
    dark = adjust_for_contrast(
        chosen, DARK_BACKGROUNDS, lighten=True, target=DARK_THEME_TARGET
    )
    return Brand(
        chosen=chosen, light=light, dark=dark, on_light=ink_on(light), on_dark=ink_on(dark)
    )


def brand_for(lab) -> Brand:
    return brand_colours(getattr(lab, "accent_colour", "") or DEFAULT_ACCENT)
