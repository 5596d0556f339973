#!/bin/sh
# Seeds each target's corpus with the repository's fixtures and, when present, the zoo.
set -e
cd "$(dirname "$0")"
zoo=${BAOMI_ZOO:-../../shared/zoo}
for t in any zip ole pdf html mail rtf csv sevenz warc redact; do mkdir -p corpus/$t; done
find ../tests/fixtures "$zoo" -type f 2>/dev/null | while read -r f; do
  case "$f" in
    *.docx|*.xlsx) cp "$f" corpus/zip/; cp "$f" corpus/redact/ ;;
    *.pptx|*.odt|*.ods|*.odp|*.ofd|*.zip|*.xlsb) cp "$f" corpus/zip/ ;;
    *.doc|*.xls|*.ppt|*.wps|*.et|*.msg) cp "$f" corpus/ole/ ;;
    *.pdf) cp "$f" corpus/pdf/ ;;
    *.html|*.htm) cp "$f" corpus/html/; cp "$f" corpus/redact/ ;;
    *.eml|*.mht) cp "$f" corpus/mail/ ;;
    *.rtf) cp "$f" corpus/rtf/ ;;
    *.csv|*.tsv) cp "$f" corpus/csv/ ;;
    *.7z) cp "$f" corpus/sevenz/ ;;
    *.warc|*.warc.gz) cp "$f" corpus/warc/ ;;
  esac
  cp "$f" corpus/any/ 2>/dev/null || true
done
