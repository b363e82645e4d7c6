from django.urls import path

from config.ping import PingConsumer
from debates.routing import websocket_urlpatterns as debate_urlpatterns

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *debate_urlpatterns,
]
