from nasenco.navigation import provide_link

provide_link("api_home", "api:home")
