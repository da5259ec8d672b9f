"""Final-document renderers: a DocumentSpec in; DOCX (GB/T 9704-2012), PDF, TXT or Markdown out.

Pure functions with no Flask and no database: `model.numbered_blocks` is the one place heading
numbers are generated; `gbt9704.render_docx`, `plaintext.render_txt`,
`plaintext.render_markdown` and `pdf.docx_to_pdf` turn the result into bytes;
`redline.render_redline_docx` writes a 痕迹稿 (Word revisions between two texts) and
`title.title_lines` breaks a long title between words.
"""
