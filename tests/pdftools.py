"""Reading back generated PDFs with poppler (``pdftotext``, ``pdffonts``, ``pdfinfo``)."""

import subprocess
from pathlib import Path


def _run(tool: str, content: bytes, tmp_path: Path, *args: str) -> str:
    assert content.startswith(b"%PDF-")
    path = tmp_path / f"{tool}.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True, check=True, text=True
    ).stdout


def pdf_text(content: bytes, tmp_path: Path) -> str:
    """The PDF's text in reading order, whitespace removed (CJK lines wrap anywhere)."""
    return "".join(_run("pdftotext", content, tmp_path).split())


def pdf_lines(content: bytes, tmp_path: Path) -> list[str]:
    """The PDF's text laid out as printed, one string per printed line."""
    return _run("pdftotext", content, tmp_path, "-layout").splitlines()


def pdf_fonts(content: bytes, tmp_path: Path) -> list[list[str]]:
    """``pdffonts`` rows: name, type, encoding, emb, sub, uni, object, id."""
    out = _run("pdffonts", content, tmp_path)
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def pdf_page_size_mm(content: bytes, tmp_path: Path) -> tuple[float, float]:
    line = next(x for x in _run("pdfinfo", content, tmp_path).splitlines() if x.startswith("Page size:"))
    width, _x, height = line.split()[2:5]
    return float(width) * 25.4 / 72, float(height) * 25.4 / 72


def assert_cjk_fonts_embedded(content: bytes, tmp_path: Path) -> None:
    rows = pdf_fonts(content, tmp_path)
    assert any("Noto" in row[0] and "CJK" in row[0] for row in rows), rows
    # Every font is embedded (the "emb" column, fifth from the end).
    assert rows
    assert all(row[-5] == "yes" for row in rows), rows
