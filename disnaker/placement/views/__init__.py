"""BKK and PAK pages, one module per audience: ``public`` (the BKK application and tracking, no login),
``bkk`` (the BKK operator), ``office_bkk`` and ``office_pak`` (the kab/kota office), ``pak`` (the PAK),
``province`` (the province's verification), ``monitoring`` (monitoring and the reports to the province) and
``files`` (private documents and decree PDFs, for whoever may open them). ``_common`` holds what they
share."""
