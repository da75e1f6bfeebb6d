"""Intake's use cases: `upload` (an object under `uploads/` to a `CertificateExtracted`) and
`ocr_completion` (an asynchronous Textract job's results back into the same pipeline). Each takes
its ports (`services.intake.ports`) as an argument; the reading itself is `extraction/`."""
