"""Read knowledge-base files into :class:`Document` objects.

Supported: ``.md``/``.markdown`` (first ``#`` heading is the title, ``##``
headings become sections), ``.txt`` (first line is the title when it is short
and followed by a blank line), ``.html``/``.htm`` (main content only), and FAQ
files ``.jsonl``/``.csv`` (one document per question + answer, titled by the
question). A file that cannot be read raises :class:`LoaderError`;
:func:`load_directory` records it in the :class:`IngestionReport` by name and
goes on. In a FAQ file a broken line (bad JSON, no question or answer) is
skipped and reported by its line number; the file's other entries load. A
link (symlink) pointing outside the knowledge-base folder is not followed:
``passwd.txt -> /etc/passwd`` would publish the file to every customer.

Document ids are the path relative to the folder without extension, with ``/``
separators (``dostawa/kurier``); FAQ entries use their ``id`` field, or
``<file id>/<line number>`` when there is none.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pomocbot.errors import IngestionError, LoaderError
from pomocbot.knowledge.document import Document
from pomocbot.knowledge.html import html_to_text
from pomocbot.types import FileProblem, IngestionReport

logger = logging.getLogger(__name__)

__all__ = ["SUPPORTED_SUFFIXES", "load_directory", "load_file"]

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".jsonl", ".csv")

_QUESTION_KEYS = ("question", "pytanie", "q", "title", "tytul", "tytuł")
_ANSWER_KEYS = ("answer", "odpowiedz", "odpowiedź", "a", "text", "tekst")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_MD_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _decode(data: bytes, path: Path, encodings: tuple[str, ...]) -> str:
    if not data.strip():
        raise LoaderError(f"{path.name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with a byte-order mark (Windows Notepad, Excel's "Unicode text"): NUL bytes, but text.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoaderError(f"{path.name}: UTF-16 with a byte-order mark but not valid UTF-16 at byte "
                              f"{exc.start}; convert it to UTF-8") from exc
        # Binary data can start with the same two bytes: real text here is mostly Latin script.
        latin = sum(ch < "\u0250" or ch in "\u2013\u2014\u201e\u201d\u2026" for ch in text)
        if latin < 0.8 * len(text):
            raise LoaderError(f"{path.name}: starts like UTF-16 but does not read as text; if it is text, "
                              "convert it to UTF-8")
        return text
    if b"\x00" in data[:8192]:
        raise LoaderError(f"{path.name}: binary file (contains NUL bytes), not text")
    errors = []
    for encoding in encodings:
        try:
            return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            errors.append(f"{encoding}: {exc.reason if isinstance(exc, UnicodeDecodeError) else exc}"
                          + (f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""))
    raise LoaderError(
        f"{path.name}: not valid text in {', '.join(encodings)} ({'; '.join(errors)}); "
        "convert it to UTF-8 (e.g. iconv -f cp1250 -t utf-8) or add its encoding to KnowledgeConfig.encodings"
    )


def _clean_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def _markdown_document(doc_id: str, text: str, source: str) -> Document:
    match = _MD_TITLE.search(text)
    title = _clean_markdown(match.group(1)).strip() if match else ""
    if match:  # the title is the document's, not a section's
        text = text[: match.start()] + text[match.end() :]
    return Document(id=doc_id, text=_clean_markdown(text).strip(), title=title, source=source)


def _text_document(doc_id: str, text: str, source: str) -> Document:
    head, sep, rest = text.strip().partition("\n")
    if sep and rest.startswith("\n") and len(head) <= 120 and not head.rstrip().endswith("."):
        return Document(id=doc_id, text=rest.strip(), title=head.strip(), source=source)
    return Document(id=doc_id, text=text.strip(), title="", source=source)


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, str | None]:
    lowered = {str(k).strip().lower(): k for k in record}
    for key in keys:
        if key in lowered and isinstance(record[lowered[key]], str) and record[lowered[key]].strip():
            return lowered[key], record[lowered[key]].strip()
    return None, None


def _faq_documents(doc_id: str, records: Iterator[tuple[int, dict[str, Any] | LoaderError]], source: str,
                   name: str, problems: list[FileProblem] | None) -> list[Document]:
    documents = []
    skipped: list[LoaderError] = []
    for line_no, record in records:
        problem = record if isinstance(record, LoaderError) else None
        if problem is None and not isinstance(record, dict):
            problem = LoaderError(f"{name}: line {line_no} is not an object with question and answer")
        if problem is None:
            assert isinstance(record, dict)
            q_key, question = _pick(record, _QUESTION_KEYS)
            a_key, answer = _pick(record, tuple(k for k in _ANSWER_KEYS if k != q_key))
            if not question or not answer:
                problem = LoaderError(
                    f"{name}: line {line_no} needs a question and an answer "
                    f"(fields {'/'.join(_QUESTION_KEYS[:2])} and {'/'.join(_ANSWER_KEYS[:2])})")
        if problem is not None:
            # One broken line costs that entry, not the file.
            skipped.append(problem)
            if problems is not None:
                problems.append(FileProblem(path=f"{name}:{line_no}", reason=str(problem)))
            continue
        assert isinstance(record, dict) and question and answer
        # a blank or multi-line id is no id: the entry is numbered like one without
        given = str(record.get("id") or "").strip()
        entry_id = given if given and given.isprintable() else f"{doc_id}/{line_no}"
        metadata = {k: v for k, v in record.items() if k not in (q_key, a_key, "id")}
        try:
            documents.append(Document(id=entry_id, text=answer, title=question, source=f"{source}:{line_no}",
                                      metadata={"faq": True, **metadata}))
        except (IngestionError, ValueError) as exc:  # a value the Document refuses (see Document)
            problem = LoaderError(f"{name}: line {line_no} cannot be a document ({exc})")
            skipped.append(problem)
            if problems is not None:
                problems.append(FileProblem(path=f"{name}:{line_no}", reason=str(problem)))
    if not documents:
        first = f" ({skipped[0]})" if skipped else ""
        raise LoaderError(f"{name}: the FAQ file has no usable entries{first}")
    if skipped and problems is None:
        logger.warning("%s: %d broken line(s) skipped, e.g. %s", name, len(skipped), skipped[0])
    return documents


def _jsonl_records(text: str, name: str) -> Iterator[tuple[int, dict[str, Any] | LoaderError]]:
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield line_no, json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield line_no, LoaderError(f"{name}: line {line_no} is not valid JSON ({reason})")


def _csv_records(text: str, name: str) -> Iterator[tuple[int, dict[str, Any] | LoaderError]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # the reader goes on from the next line
            yield reader.line_num, LoaderError(f"{name}: malformed CSV at line {reader.line_num} ({exc})")
            continue
        if None in row:  # more cells than the header names: the line is broken (an unquoted separator)
            yield reader.line_num, LoaderError(
                f"{name}: line {reader.line_num} has more cells than the header; quote values with the "
                "separator in them")
            continue
        yield reader.line_num, dict(row)


def load_file(path: str | Path, *, doc_id: str | None = None, encodings: tuple[str, ...] = ("utf-8",),
              max_bytes: int = 50_000_000, problems: list[FileProblem] | None = None) -> list[Document]:
    """Documents of one file (several for a FAQ file).

    Broken lines of a FAQ file are skipped; each is appended to ``problems``
    (as ``"faq.jsonl:7"``) when given, else logged as one warning.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "kurier.md").write_text("# Kurier\\n\\n## Koszt\\nKurier kosztuje 14,99 zł.")
    >>> [(d.id, d.title) for d in load_file(folder / "kurier.md")]
    [('kurier', 'Kurier')]
    """
    if not isinstance(path, (str, Path)):
        raise LoaderError(f"load_file() takes a path (str or Path), not {type(path).__name__}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoaderError(f"{path.name}: unsupported file type {suffix or '(none)'}; "
                          f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoaderError(f"{path.name}: {size} bytes is over the limit of {max_bytes} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise LoaderError(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    text = _decode(data, path, encodings).replace("\r\n", "\n")
    doc_id = doc_id or path.stem
    source = str(path)
    if suffix in (".jsonl", ".csv"):
        records = _jsonl_records(text, path.name) if suffix == ".jsonl" else _csv_records(text, path.name)
        return _faq_documents(doc_id, records, source, path.name, problems)
    try:
        if suffix in (".html", ".htm"):
            title, body = html_to_text(text)
            document = Document(id=doc_id, text=body, title=title, source=source)
        elif suffix in (".md", ".markdown"):
            document = _markdown_document(doc_id, text, source)
        else:
            document = _text_document(doc_id, text, source)
    except IngestionError as exc:  # a Document the file cannot make (" zwroty.md" gives the id " zwroty")
        raise LoaderError(f"{path.name}: {exc}") from exc
    if not document.text.strip():
        raise LoaderError(f"{path.name}: no text content after extraction")
    return [document]


def load_directory(folder: str | Path, *, encodings: tuple[str, ...] = ("utf-8",),
                   max_bytes: int = 50_000_000) -> tuple[list[Document], IngestionReport]:
    """All documents under ``folder`` (recursively, sorted by path) and a report.

    Unsupported files and hidden files are listed as skipped, unreadable ones
    as failures; neither stops the batch. Duplicate ids: the last one wins and
    the id is reported.
    """
    if not isinstance(folder, (str, Path)):
        raise LoaderError(f"load_directory() takes a folder path (str or Path), not {type(folder).__name__}")
    root = Path(folder)
    if not root.is_dir():
        raise LoaderError(f"{root}: not a directory")
    report = IngestionReport()
    by_id: dict[str, Document] = {}
    real_root = root.resolve()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if not path.resolve().is_relative_to(real_root):
            report.failures.append(FileProblem(
                path=str(relative), reason="a link to a file outside the knowledge-base folder; not read "
                                           "(copy the file into the folder if it belongs there)"))
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.skipped.append(FileProblem(path=str(relative), reason=f"unsupported type {path.suffix}"))
            continue
        doc_id = relative.with_suffix("").as_posix()
        lines: list[FileProblem] = []
        try:
            documents = load_file(path, doc_id=doc_id, encodings=encodings, max_bytes=max_bytes,
                                  problems=lines)
        except LoaderError as exc:
            report.failures.append(FileProblem(path=str(relative), reason=str(exc)))
            continue
        # broken lines of a FAQ file that loaded: "faq/pytania.jsonl:7"
        report.failures.extend(FileProblem(path=f"{relative}:{p.path.rsplit(':', 1)[1]}", reason=p.reason)
                               for p in lines)
        report.files_loaded += 1
        for document in documents:
            if document.id in by_id:
                report.duplicate_ids.append(document.id)
            by_id[document.id] = document
    return list(by_id.values()), report
