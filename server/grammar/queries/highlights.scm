; Highlights for dlint's Dockerfile grammar.
(parser_directive) @keyword.directive
(comment) @comment
(keyword) @keyword
(flag) @attribute
(heredoc_marker) @label
(heredoc_body) @string
(heredoc_end) @label
(line_continuation) @punctuation.special
