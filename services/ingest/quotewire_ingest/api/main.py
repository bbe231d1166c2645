"""The one router that aggregates the ingest routes."""

from fastapi import APIRouter

from quotewire_ingest.api.routes import articles, health, urls

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(articles.router)
api_router.include_router(urls.router)
