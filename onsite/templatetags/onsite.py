from django import template

from onsite import selectors

register = template.Library()


@register.filter
def can_scan(user) -> bool:
    """Whether ``user`` keeps doors (door staff and the secretariat): the site's menu then
    leads to the scanning pages."""
    return selectors.can_scan(user)
