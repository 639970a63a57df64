"""What the pages share: error pages, request limits and headers, the question-fragment cache, form and
input helpers, words and formats for templates, languages, paging and the POST-button helper."""
