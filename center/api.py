"""The portal's HTTP API (/api/v1/), documented by OpenAPI at /api/v1/openapi.json."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from intake.api import router as intake_router
from mediation.api import router as mediation_router

api = NinjaAPI(
    title="One-Window API",
    version="1",
    description=str(_("Intake and tracking for the kiosk, the hotline and the province's systems.")),
    urls_namespace="api-v1",
    docs_url="/docs",
)
api.add_router("/intake", intake_router)
api.add_router("", mediation_router)
