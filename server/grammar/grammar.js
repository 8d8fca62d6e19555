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
    $._from_keyword,
    $._stage_end,
    $.flag,
    $.word,
    $.heredoc_marker,
    $._newline,
    $._heredoc_newline,
    $.line_continuation,
    $.heredoc_body,
    $.heredoc_end,
    $._last_heredoc_end,
    $._error_sentinel,
  ],

  extras: $ => [$.line_continuation],

  rules: {
    // Instructions before the first FROM (global ARGs, or anything in an invalid file),
    // then the stages. Grouping instructions into stages keeps the tree shallow and lets an
    // incremental reparse reuse every untouched stage whole.
    source_file: $ => seq(
      repeat($.parser_directive),
      repeat(choice($.comment, $.instruction)),
      repeat($.stage),
    ),

    // A FROM instruction and what follows it up to the next FROM. The scanner emits the
    // zero-width `_stage_end` when the next keyword is FROM (or at the end of the file), so
    // a stage ends without looking ahead and every stage starts in the same parse state.
    stage: $ => seq(
      alias($._from_instruction, $.instruction),
      repeat(choice($.comment, $.instruction)),
      $._stage_end,
    ),

    _from_instruction: $ => seq(
      field('keyword', alias($._from_keyword, $.keyword)),
      repeat(field('flag', $.flag)),
      repeat($.word),
      $._newline,
    ),

    instruction: $ => seq(
      choice(
        seq(
          field('keyword', alias($._onbuild_keyword, $.keyword)),
          optional(field('trigger', $.trigger)),
        ),
        $._instruction_line,
      ),
      // The scanner knows whether heredoc bodies follow the line, and which terminator is
      // the last, so an instruction ends exactly at its last token: the parser needs no
      // lookahead past it, every instruction starts in the same parse state, and
      // incremental reparses can reuse whole instructions.
      choice(
        $._newline,
        seq($._heredoc_newline, repeat($.heredoc), alias($._last_heredoc, $.heredoc)),
      ),
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

    _last_heredoc: $ => seq(
      optional($.heredoc_body),
      alias($._last_heredoc_end, $.heredoc_end),
    ),
  },
});
