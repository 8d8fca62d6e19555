/**
 * dlint's tree-sitter grammar for Dockerfiles, written to BuildKit's parsing rules.
 *
 * The grammar is deliberately shallow. Where BuildKit decides by meaning rather than by
 * syntax (exec or shell form, JSON validity, ENV/LABEL forms, FROM arity), the tree only
 * records words and leaves the decision to dlint's lowering. What a context-free grammar
 * cannot see lives in the external scanner (src/scanner.c): the escape character chosen by
 * the `escape` directive, line continuations across comment and blank lines, the words
 * that BuildKit joins across continuations, and heredoc bodies.
 *
 * Almost every token is external, so that the scanner's state (escape character, pending
 * heredocs) is saved after every token and incremental reparses restore it exactly.
 */

module.exports = grammar({
  name: 'dlint_dockerfile',

  externals: $ => [
    $.parser_directive,
    $.comment,
    $.keyword,
    $._onbuild_keyword,
    $.flag,
    $.word,
    $.heredoc_marker,
    $._newline,
    $.line_continuation,
    $.heredoc_body,
    $.heredoc_end,
    $._error_sentinel,
  ],

  extras: $ => [$.line_continuation],

  rules: {
    source_file: $ => seq(
      repeat($.parser_directive),
      repeat(choice($.comment, $.instruction)),
    ),

    instruction: $ => seq(
      choice(
        seq(
          field('keyword', alias($._onbuild_keyword, $.keyword)),
          optional(field('trigger', $.trigger)),
        ),
        $._instruction_line,
      ),
      $._newline,
      repeat($.heredoc),
    ),

    // The instruction that ONBUILD wraps.
    trigger: $ => $._instruction_line,

    _instruction_line: $ => seq(
      field('keyword', $.keyword),
      repeat(field('flag', $.flag)),
      repeat(choice($.word, $.heredoc_marker)),
    ),

    heredoc: $ => seq(
      optional($.heredoc_body),
      $.heredoc_end,
    ),
  },
});
