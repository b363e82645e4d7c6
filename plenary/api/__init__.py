"""The REST API's shared pieces: error shape, JSON parser, pagination, strict filters."""
