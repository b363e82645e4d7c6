"""The base every app builds on: errors, access rules shared by all apps, small text, JSON
and CSV helpers, the REST API's common pieces and the WebSocket basics.

It imports no app of the project, so that every app may import it.
"""
