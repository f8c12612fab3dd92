from nasenco.navigation import provide_link

provide_link("my_data", "privacy:my-data")
provide_link("participant_data", "privacy:participant")
