"""The QR code an authenticator app scans, drawn on the server as SVG markup for the page itself.

Only elements and presentation attributes (fill, viewBox): no style attribute and no script, so
the Content Security Policy, which forbids inline style and script, lets it through.
"""

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, *, label: str) -> SafeString:
    """An accessible SVG QR code for `text`, 200 CSS pixels square, dark on a white square."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=4)
    markup = image.to_string(encoding="unicode")
    markup = re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg width="200" height="200"', markup, count=1)
    markup = markup.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="staff-qr-code" ', 1)
    return mark_safe(markup)  # noqa: S308 - made here from qrcode's own elements; the label is escaped
