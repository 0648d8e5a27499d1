"""Reading and writing the worker Excel, in modules: ``errors`` (what users read), ``inspection`` (step 1 below),
``reader`` (step 2) and ``writing`` (the template and the annotated report). Every name is importable from
``disnaker.pkwt.excel``.

Reading is bounded twice over.

1. :func:`inspect_workbook` looks at the file before any parser does: it must be a zip with a sane number of
   entries whose *actually* unpacked size (streamed, so a lying header cannot fool it) stays under a cap; no
   macros (``vbaProject.bin`` or a macro content type), no ``<!DOCTYPE``/``<!ENTITY``, no XML in an encoding
   other than UTF-8. Every part that holds a ``sheetData`` is then measured the way python-calamine will lay
   it out: explicit ``r=`` references in either case, cells and rows *without* ``r=`` (they follow the
   previous one), namespace prefixes, and the ``dimension``/``spans`` the sheet claims. The furthest row, the
   furthest column and rows × columns must stay under the caps. calamine materialises the whole used range,
   so a 2 KB sheet with one row of 16,384 cells and a ``<row r="100000">`` would otherwise ask for 52 GB.
2. :func:`parse_rows` runs python-calamine (the fastest reader measured in ``bench/pkwt_import.py``) in a
   child process with an address-space limit and a timeout (``xlsx_child``). A Rust allocation failure
   aborts the process instead of raising, so whatever trick gets past the inspection ends that child only,
   as a clean "berkas tidak dapat dibaca".
"""

from ._consts import (  # noqa: F401
    _CHILD_SCRIPT,
    _CHUNK,
    DATA_SHEET,
    GUIDE_SHEET,
)
from .errors import (  # noqa: F401
    FileError,
    _number,
    _parse_crashed,
    _parse_timeout,
    _unreadable,
    column_index,
    column_letter,
)
from .inspection import (  # noqa: F401
    _CELL_ROW,
    _CELLS,
    _DIMENSIONS,
    _DOCTYPE,
    _LONGEST_TAG,
    _MACRO_TYPE,
    _PREFIXED,
    _REFERENCE,
    _ROW_REFERENCE,
    _ROWS,
    _SPAN_NUMBER,
    _WIDE_XML,
    _XML_DECLARATION,
    _XML_ENCODINGS,
    Extent,
    Unpacked,
    _cell_position,
    _contains,
    _corrupt,
    _exact_reach,
    _ExactScan,
    _FastScan,
    _greater_than,
    _inspect_workbook_parts,
    _is_macro_name,
    _is_package_metadata,
    _macro_workbook,
    _Malformed,
    _NotCanonical,
    _refuse_dtd,
    _refuse_unreadable_xml,
    _row_number,
    _SheetReach,
    _xml_doctype,
    check_reach,
    has_doctype,
    inspect_workbook,
    zip_limits,
)
from .reader import (  # noqa: F401
    Sheet,
    SheetStream,
    _child_environment,
    _present,
    no_data_rows_error,
    parse_rows,
    read_sheet,
    read_sheet_stream,
)
from .writing import (  # noqa: F401
    _DATE_KINDS,
    _TEXT_KINDS,
    _formats,
    _setup_data_sheet,
    _write_cell,
    build_annotated,
    build_template,
    write_rows,
)
