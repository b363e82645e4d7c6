"""English dates as Django writes them, with times on 24 hours as in French and Spanish:
programmes and minutes are read across many countries, and "12:00 AM" misleads."""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
