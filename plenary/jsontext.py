"""What decodes as JSON but cannot be used as text."""

import json


def is_valid_unicode(value) -> bool:
    """False when a string in ``value`` (decoded JSON) holds a lone surrogate, left by a
    ``\\ud800`` escape: such text can be neither stored nor sent back to anyone."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
