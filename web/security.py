"""Security and caching headers added to every response."""

from __future__ import annotations

from flask import Flask, Response, request

# Everything the pages load comes from this server: no inline script or style, no CDN.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Links to the original articles leave the site: send the origin at most, never the query.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Static URLs carry a content hash (see template_tools.asset_url), so they can be cached for good.
STATIC_MAX_AGE = 365 * 24 * 3600


def add_headers(response: Response) -> Response:
    """Add the security headers, and cache headers fitting the kind of response."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint == "static":
        if request.args.get("v"):
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
        else:
            response.headers["Cache-Control"] = "public, max-age=3600"
    elif "Cache-Control" not in response.headers:
        # Results change when a rebuild swaps the index in; let clients revalidate.
        response.headers["Cache-Control"] = "no-cache"
    return response


def register(app: Flask) -> None:
    """Install the header hook on ``app``."""
    app.after_request(add_headers)
