"""QR codes as SVG: inline in a page (the authenticator app's key) or as a data: URI in a PDF (a
certificate's verification address). No script, no remote image."""

import base64

import qrcode
import qrcode.image.svg


def qr_svg(text: str, *, label: str, box_size: int = 8) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def qr_data_uri(text: str, *, label: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text, label=label).encode()).decode()
