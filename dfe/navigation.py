from cohorts.selectors import is_provider_admin
from nasenco.navigation import nav_item, provide_link

nav_item(label="DfE (NPQ)", url_name="dfe:start", applies=is_provider_admin, order=14)
provide_link("dfe_home", "dfe:home")
provide_link("dfe_place", "dfe:place")
