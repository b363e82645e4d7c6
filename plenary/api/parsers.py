"""The API's JSON parser."""

from rest_framework import exceptions, parsers

from plenary.jsontext import is_valid_unicode


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, except that a body nested too deeply for the decoder, or with a
    string that holds a lone surrogate (``"\\ud800"``: text that cannot be stored nor
    echoed back in an error), is a 400 ``parse_error`` like any other malformed JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None
        if not is_valid_unicode(data):
            raise exceptions.ParseError("JSON parse error - a string holds a lone surrogate.")
        return data
