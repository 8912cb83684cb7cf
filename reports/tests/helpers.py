import subprocess

from django.urls import reverse


def pdf_text(data, tmp_path):
    """The text of a PDF as ``pdftotext -layout`` extracts it (poppler-utils)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_fonts(data, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


def download(client, report, fmt):
    """A report file as the office downloads it (HTML, PDF, DOCX or XLSX), streamed or not."""
    response = client.get(reverse("reports:download", args=[report.pk, fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content
