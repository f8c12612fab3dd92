"""QR codes: SVG inline in a page (the authenticator app's key), PNG as a data: URI in a PDF (a
certificate's verification address). No script, no remote image."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_svg(text: str, *, label: str, box_size: int = 8) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def qr_data_uri(text: str) -> str:
    """A PNG (black and white, 8 px a module, scaled by the document's CSS): WeasyPrint draws it at once,
    where the same code as an SVG path of thousands of squares took 70 ms of a certificate's 150. The
    document's <img> carries the text alternative."""
    buffer = io.BytesIO()
    qrcode.make(text, box_size=8).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
