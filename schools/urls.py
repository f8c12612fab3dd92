from django.urls import path

from .views import mentor, participant, staff

app_name = "schools"

urlpatterns = [
    path("booklet/", participant.my_booklet, name="my-booklet"),
    path("booklet/items/<int:item_pk>/", participant.entry, name="entry"),
    path("mentor/", participant.my_mentor, name="my-mentor"),
    path("mentorships/<int:pk>/resend/", participant.mentorship_resend, name="mentorship-resend"),
    path("mentorships/<int:pk>/end/", participant.mentorship_end, name="mentorship-end"),
    path("mentor/join/<str:token>/", mentor.join, name="mentor-join"),
    path("mentees/", mentor.mentees, name="mentees"),
    path("places/<int:pk>/", mentor.place, name="place"),
    path("places/<int:pk>/notes/", mentor.note_add, name="note-add"),
    path("places/<int:pk>/booklet.pdf", mentor.booklet_download, name="booklet-pdf"),
    path("places/<int:pk>/signed-booklet/", mentor.signoff_file, name="signoff-file"),
    path("entries/<int:pk>/confirm/", mentor.entry_confirm, name="entry-confirm"),
    path("entries/<int:pk>/more/", mentor.entry_more, name="entry-more"),
    path("cohorts/<int:cohort_pk>/mentors/", staff.cohort_mentors, name="cohort-mentors"),
    path("programmes/<int:pk>/booklet/", staff.booklet_structure, name="booklet-structure"),
    path("items/<int:pk>/remove/", staff.item_remove, name="item-remove"),
]
