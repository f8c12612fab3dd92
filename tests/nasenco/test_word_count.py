"""Counting the words in work as handed in (DOCX, ODT, PDF), as a word processor would: real files, read back.
The participant confirms or corrects the count; the file's count is kept beside theirs for the marker."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nasenco.files.words import count_words, count_words_in_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _zip(parts: dict[str, str], mimetype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx(body: str) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
            "word/document.xml": f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>',
        }
    )


def odt(body: str) -> bytes:
    return _zip(
        {
            "content.xml": '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
        },
        mimetype="application/vnd.oasis.opendocument.text",
    )


def test_words_are_counted_as_a_word_processor_counts_them():
    assert count_words_in_text("The SENCO’s role — well-being, 2024 & beyond.") == 6  # "—" and "&" are not words


def test_a_docx_counts_split_runs_once_and_leaves_out_deleted_text_and_field_codes():
    body = (
        '<w:p><w:r><w:t>Provision</w:t></w:r><w:r><w:t xml:space="preserve">map</w:t></w:r>'
        "<w:r><w:t>ping works</w:t></w:r></w:p>"  # "Provisionmapping works": runs join within a word
        "<w:p><w:r><w:delText>removed words here</w:delText></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:t>for pupils</w:t></w:r><w:r><w:tab/><w:t>&amp; families</w:t></w:r></w:p>"
    )
    assert count_words(io.BytesIO(docx(body)), "docx") == 5


def test_an_odt_counts_paragraphs_headings_and_spaces():
    body = "<text:h>Action research</text:h><text:p>Three<text:s/>pupils<text:line-break/>made progress.</text:p>"
    assert count_words(io.BytesIO(odt(body)), "odt") == 6


def test_a_pdf_is_read_through_its_text():
    from weasyprint import HTML

    pdf = HTML(string="<p>Leading provision for pupils with special educational needs in a primary school.</p>")
    assert count_words(io.BytesIO(pdf.write_pdf()), "pdf") == 12


@pytest.mark.parametrize(
    "data,extension",
    [
        (b"not a zip at all", "docx"),
        (_zip({"other.xml": "<x/>"}), "docx"),  # no main part
        # a DOCTYPE (entities, perhaps billions of laughs) is refused before anything in it is read
        (_zip({"word/document.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><w:document/>'}), "docx"),
        (b"%PDF-1.4 broken", "pdf"),
        (b"\x89PNG", "png"),
    ],
)
def test_an_unreadable_file_has_no_count(data, extension):
    assert count_words(io.BytesIO(data), extension) is None


@pytest.mark.django_db
def test_handing_in_without_a_count_takes_the_files_and_the_marker_sees_both(client, cast):
    from assessment import services
    from assessment.models import Submission

    component = services.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30, word_limit=5000
    )
    client.force_login(cast.participant_a1)
    words = " ".join(["word"] * 120)
    work = docx(f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>")
    counted = client.post(
        reverse("assessment:word-count", args=[component.pk]), {"file": SimpleUploadedFile("work.docx", work)}
    )
    assert (
        json.loads(counted.content)["words"] == 120 and "We counted 120 words in work.docx" in counted.content.decode()
    )
    page = client.get(reverse("assessment:submit", args=[component.pk])).content.decode()
    assert 'data-word-count-url="' + reverse("assessment:word-count", args=[component.pk]) in page
    response = client.post(
        reverse("assessment:submit", args=[component.pk]),
        {"file": SimpleUploadedFile("work.docx", work), "word_count": "", "own_work": "on"},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.word_count, submission.file_word_count) == (120, 120)

    # A count the participant corrects (references left out) is theirs; the marker sees the file's beside it.
    Submission.objects.filter(pk=submission.pk).update(word_count=100)
    services.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    client.force_login(cast.tutor_a1)
    mark = client.get(reverse("assessment:mark", args=[submission.pk])).content.decode()
    assert "100 words" in mark and "120 in the file, references and appendices included" in mark


@pytest.mark.django_db
def test_a_file_that_cannot_be_counted_needs_the_participants_count(client, cast):
    from assessment import services

    component = services.component_create(
        programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7", credits=30, word_limit=5000
    )
    client.force_login(cast.participant_a1)
    from nasenco.files.samples import SMALL_PDF  # a PDF with no text in it

    page = client.post(
        reverse("assessment:submit", args=[component.pk]),
        {"file": SimpleUploadedFile("work.pdf", SMALL_PDF), "word_count": "", "own_work": "on"},
    ).content.decode()
    assert "We could not count the words in this file: enter your word count." in page
    from assessment.models import Submission

    assert not Submission.objects.exists()
