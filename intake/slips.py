"""What goes on a tracking slip: the QR code and the link it holds."""

import hashlib

import qrcode
import qrcode.constants
from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe


def tracking_url(request, case) -> str:
    """The tracking page with the code filled in (never the phone: that stays a secret)."""
    return request.build_absolute_uri(reverse("intake:track")) + f"?code={case.tracking_code}"


QR_CACHE_SECONDS = 3 * 3600


def qr_svg_cached(data: str) -> SafeString:
    """``qr_svg``, kept for a reload: the drawing depends on ``data`` alone, so whoever asks with the
    same link gets the same picture and nothing else."""
    key = "intake.qr." + hashlib.sha256(data.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = str(qr_svg(data))
        cache.set(key, svg, QR_CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308  (drawn by qr_svg from the link, no user markup)


def qr_svg(data: str) -> SafeString:
    """The QR code as a small inline SVG: one path, one horizontal run of dark modules per segment."""
    # A fixed mask pattern skips qrcode's trial of all eight masks; any mask is a
    # valid code and scanners read them all.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" '
        f'role="img"><rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(runs)}" fill="#000"/></svg>'
    )
    return mark_safe(svg)  # noqa: S308  (built here from the code's matrix, no user markup)
