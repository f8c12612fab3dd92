from nasenco.navigation import nav_item

from .selectors import is_participant

nav_item(label="My programme", url_name="enrolment:my-programme", applies=is_participant, order=20)
