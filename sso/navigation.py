from nasenco.navigation import provide_link

provide_link("sso_settings", "sso:settings")
