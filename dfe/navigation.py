from nasenco.navigation import provide_link

provide_link("dfe_home", "dfe:home")
