from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """Claims of the signed-in user, with the address marked verified (as a government's
    identity provider vouches for its staff's addresses)."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
        }
