"""The WebSocket routes of every app, and 4404 for any other path."""

from django.urls import path, re_path

from debates.routing import websocket_urlpatterns as debate_urlpatterns
from plenary.ping import PingConsumer
from plenary.ws import NotFoundConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *debate_urlpatterns,
    re_path(r"", NotFoundConsumer.as_asgi()),
]
