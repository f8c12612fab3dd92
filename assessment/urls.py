from django.urls import path

from .views import awards, examiner, mark_imports, participant, scheme, staff

app_name = "assessment"

urlpatterns = [
    path("", participant.mine, name="mine"),
    path("submit/<int:component_pk>/", participant.submit, name="submit"),
    path("extension/<int:component_pk>/", participant.extension, name="extension"),
    path("submissions/<int:pk>/file/", participant.submission_file, name="submission-file"),
    path("submissions/<int:pk>/feedback-file/", participant.feedback_file, name="feedback-file"),
    path("submissions/<int:pk>/mark/", staff.mark, name="mark"),
    path("submissions/<int:pk>/autosave/", staff.autosave, name="autosave"),
    path("submissions/<int:pk>/allocate/", staff.allocate_one, name="allocate-one"),
    path("submissions/<int:pk>/moderate/", staff.moderate, name="moderate"),
    path("cohort/<int:cohort_pk>/sample/<int:component_pk>/", staff.draw_sample, name="sample"),
    path("cohort/<int:cohort_pk>/", scheme.cohort_scheme, name="cohort-scheme"),
    path("cohort/<int:cohort_pk>/due/<int:component_pk>/", scheme.set_due_date, name="due-date"),
    path("cohort/<int:cohort_pk>/settings/<int:component_pk>/", scheme.component_settings, name="component-settings"),
    path("cohort/<int:cohort_pk>/marks/<int:component_pk>/", mark_imports.marks_upload, name="marks-upload"),
    path("marks-import/<int:pk>/", mark_imports.marks_preview, name="marks-import"),
    path("examiner/", examiner.examiner_home, name="examiner"),
    path("examiner/cohort/<int:cohort_pk>/", examiner.examiner_cohort, name="examiner-cohort"),
    path("examiner/work/<int:pk>/", examiner.examiner_work, name="examiner-work"),
    path("examiner/work/<int:pk>/portfolio/", examiner.examiner_portfolio, name="examiner-portfolio"),
    path("examiner/report/<int:pk>/file/", examiner.report_file, name="examiner-report-file"),
    path("cohort/<int:cohort_pk>/examiner-reports/", examiner.cohort_reports, name="examiner-reports"),
    path("examiner/report/<int:pk>/answer/", examiner.report_answer, name="examiner-report-answer"),
    path("marks-import/<int:pk>/apply/", mark_imports.marks_apply, name="marks-apply"),
    path("cohort/<int:cohort_pk>/marking/", staff.queue, name="queue"),
    path("cohort/<int:cohort_pk>/allocate/", staff.allocate, name="allocate"),
    path("cohort/<int:cohort_pk>/release/<int:component_pk>/", staff.release, name="release"),
    path("cohort/<int:cohort_pk>/extensions/<int:pk>/", staff.decide_extension, name="extension-decide"),
    path("cohort/<int:cohort_pk>/awards/", awards.cohort_awards, name="awards"),
    path("cohort/<int:cohort_pk>/exam-board.csv", awards.exam_board_csv, name="exam-board-csv"),
    path("cohort/<int:cohort_pk>/exam-board.pdf", awards.exam_board_pdf, name="exam-board-pdf"),
    path("cohort/<int:cohort_pk>/awards/<int:enrolment_pk>/", awards.confirm_award, name="award-confirm"),
    path("awards/<int:pk>/certificate.pdf", awards.certificate, name="certificate"),
    path("awards/<int:pk>/transcript.pdf", awards.transcript, name="transcript"),
    path("verify/", awards.verify, name="verify"),
]
