// External scanner for dlint's Dockerfile grammar.
//
// BuildKit reads a Dockerfile line by line: an instruction goes on while a physical line
// ends with the escape character E (unless the character before E is also E), comment
// lines and whitespace-only lines inside a continuation are dropped, and words may be
// joined across a continuation. Heredoc bodies follow the instruction line. None of that
// is context-free (E itself is chosen by the `escape` directive), so this scanner produces
// nearly every token and keeps the state that decides them: the escape character, whether
// we are still in the directive block, the current instruction's flags/exec-form status,
// and the queue of pending heredoc delimiters. The state is serialized after every token,
// which is what lets tree-sitter reparse incrementally from any token.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum TokenType {
  PARSER_DIRECTIVE,
  COMMENT,
  KEYWORD,
  ONBUILD_KEYWORD,
  FROM_KEYWORD,
  STAGE_END,
  FLAG,
  WORD,
  HEREDOC_MARKER,
  NEWLINE,
  HEREDOC_NEWLINE,
  LINE_CONTINUATION,
  HEREDOC_BODY,
  HEREDOC_END,
  LAST_HEREDOC_END,
  ERROR_SENTINEL,
};

#define MAX_HEREDOCS 8
#define MAX_DELIMITER 100
#define WORD_BUF 128

typedef struct {
  bool chomp;
  uint8_t len;
  char delimiter[MAX_DELIMITER];
} Heredoc;

typedef struct {
  int32_t escape;
  bool prologue;
  bool in_instruction;
  bool heredoc_ok;
  bool flags_done;
  bool args_started;
  bool exec_form;
  uint8_t pending_count;
  Heredoc pending[MAX_HEREDOCS];
} Scanner;

// Bytes of the fixed part of the serialized state.
#define FIXED_STATE 3

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }
static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

// BuildKit splits words at runs of space, \t, \v, \f and \r (a trailing \r is part of
// the line ending, which BuildKit trims).
static inline bool is_blank(int32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static inline int32_t lower_ascii(int32_t c) {
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

void *tree_sitter_dlint_dockerfile_external_scanner_create(void) {
  Scanner *s = calloc(1, sizeof(Scanner));
  s->escape = '\\';
  s->prologue = true;
  return s;
}

void tree_sitter_dlint_dockerfile_external_scanner_destroy(void *payload) {
  free(payload);
}

unsigned tree_sitter_dlint_dockerfile_external_scanner_serialize(void *payload,
                                                                 char *buffer) {
  Scanner *s = (Scanner *)payload;
  unsigned n = 0;
  buffer[n++] = s->escape == '`' ? 1 : 0;
  buffer[n++] = (char)((s->prologue ? 1 : 0) | (s->in_instruction ? 2 : 0) |
                       (s->heredoc_ok ? 4 : 0) | (s->flags_done ? 8 : 0) |
                       (s->args_started ? 16 : 0) | (s->exec_form ? 32 : 0));
  buffer[n++] = (char)s->pending_count;
  for (unsigned i = 0; i < s->pending_count; i++) {
    Heredoc *h = &s->pending[i];
    if (n + 2 + h->len > TREE_SITTER_SERIALIZATION_BUFFER_SIZE) break;
    buffer[n++] = h->chomp ? 1 : 0;
    buffer[n++] = (char)h->len;
    memcpy(buffer + n, h->delimiter, h->len);
    n += h->len;
  }
  return n;
}

void tree_sitter_dlint_dockerfile_external_scanner_deserialize(void *payload,
                                                               const char *buffer,
                                                               unsigned length) {
  Scanner *s = (Scanner *)payload;
  memset(s, 0, sizeof(Scanner));
  s->escape = '\\';
  s->prologue = true;
  if (length < FIXED_STATE) return;
  unsigned n = 0;
  s->escape = buffer[n++] ? '`' : '\\';
  uint8_t bits = (uint8_t)buffer[n++];
  s->prologue = bits & 1;
  s->in_instruction = bits & 2;
  s->heredoc_ok = bits & 4;
  s->flags_done = bits & 8;
  s->args_started = bits & 16;
  s->exec_form = bits & 32;
  uint8_t count = (uint8_t)buffer[n++];
  for (unsigned i = 0; i < count && i < MAX_HEREDOCS && n + 2 <= length; i++) {
    Heredoc *h = &s->pending[i];
    h->chomp = buffer[n++];
    h->len = (uint8_t)buffer[n++];
    if (h->len > MAX_DELIMITER || n + h->len > length) break;
    memcpy(h->delimiter, buffer + n, h->len);
    n += h->len;
    s->pending_count = (uint8_t)(i + 1);
  }
}

// After a continuation's line ending: drop comment lines and whitespace-only lines, as
// BuildKit does inside a continued instruction. Returns true when the line that goes on
// with the instruction starts with blanks (those end the current word).
static bool swallow_continued_lines(TSLexer *lexer) {
  for (;;) {
    bool blanks = false;
    while (is_blank(lexer->lookahead)) {
      advance(lexer);
      blanks = true;
    }
    if (lexer->lookahead == '\n') {
      advance(lexer);
      continue;
    }
    if (lexer->lookahead == '#') {
      while (!lexer->eof(lexer) && lexer->lookahead != '\n') advance(lexer);
      if (lexer->lookahead == '\n') advance(lexer);
      continue;
    }
    return blanks;
  }
}

typedef enum { LEX_NOTHING, LEX_WORD, LEX_CONTINUATION } LexResult;

typedef struct {
  char text[WORD_BUF];
  unsigned len;       // bytes stored in text
  bool truncated;     // the word was longer than the buffer
  bool quoted;        // a quote character appeared
} WordBuf;

static void buf_push(WordBuf *b, int32_t c) {
  if (c >= 0x80) {
    // Only ASCII matters for what the scanner decides; keep a placeholder.
    c = '?';
  }
  if (b->len + 1 < WORD_BUF) {
    b->text[b->len++] = (char)c;
  } else {
    b->truncated = true;
  }
}

// Lexes one word the way BuildKit's line joining and word splitting see it: quote-aware,
// with E escaping the next character and continuations joined. On LEX_WORD the token end
// has been marked. On LEX_CONTINUATION the token is a bare continuation.
static LexResult lex_word(Scanner *s, TSLexer *lexer, WordBuf *buf, bool started) {
  int32_t quote = 0;
  bool prev_escape = false;  // the previous character on the line is a literal E
  bool any = started;        // the caller already consumed plain word characters
  for (;;) {
    int32_t c = lexer->lookahead;
    if (lexer->eof(lexer) || c == '\n') break;
    if (quote == 0 && is_blank(c)) break;
    if (c == s->escape && !prev_escape) {
      lexer->mark_end(lexer);
      advance(lexer);
      unsigned blanks = 0;
      while (lexer->lookahead == ' ' || lexer->lookahead == '\t' ||
             lexer->lookahead == '\r') {
        advance(lexer);
        blanks++;
      }
      if (lexer->eof(lexer) || lexer->lookahead == '\n') {
        // A continuation: E, blanks, end of line.
        if (lexer->lookahead == '\n') advance(lexer);
        bool leading_blanks = swallow_continued_lines(lexer);
        if (!any) {
          lexer->mark_end(lexer);
          return LEX_CONTINUATION;
        }
        if (quote == 0 &&
            (leading_blanks || lexer->eof(lexer) || lexer->lookahead == '\n')) {
          // The word ended before the E (end already marked); the continuation will be
          // lexed again as its own token.
          return LEX_WORD;
        }
        prev_escape = false;
        continue;
      }
      if (blanks == 0) {
        // E escapes the next character (or is literal inside single quotes).
        int32_t escaped = lexer->lookahead;
        buf_push(buf, s->escape);
        any = true;
        if (quote == '\'') {
          prev_escape = true;
          continue;
        }
        buf_push(buf, escaped);
        advance(lexer);
        prev_escape = escaped == s->escape;
        continue;
      }
      // E escaped a blank. With more blanks after it, the word ends after them.
      buf_push(buf, s->escape);
      buf_push(buf, ' ');
      if (blanks > 1 && quote == 0) {
        if (any) return LEX_WORD;  // ends before the E; the E is lexed again
        lexer->mark_end(lexer);
        return LEX_WORD;
      }
      any = true;
      prev_escape = false;
      continue;
    }
    if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
      buf->quoted = true;
    } else if (quote != 0 && c == quote) {
      quote = 0;
    }
    buf_push(buf, c);
    advance(lexer);
    any = true;
    prev_escape = c == s->escape;
  }
  if (!any) return LEX_NOTHING;
  lexer->mark_end(lexer);
  return LEX_WORD;
}

static bool word_is(const WordBuf *b, const char *lower) {
  size_t n = strlen(lower);
  if (b->truncated || b->len != n) return false;
  for (size_t i = 0; i < n; i++) {
    if (lower_ascii((unsigned char)b->text[i]) != lower[i]) return false;
  }
  return true;
}

// Removes quotes and backslash escapes from a heredoc delimiter (heredoc words are always
// lexed with `\`, whatever the escape directive says).
static void push_heredoc(Scanner *s, bool chomp, const char *raw, unsigned len) {
  if (s->pending_count >= MAX_HEREDOCS) return;
  Heredoc *h = &s->pending[s->pending_count];
  h->chomp = chomp;
  h->len = 0;
  int32_t quote = 0;
  for (unsigned i = 0; i < len; i++) {
    char c = raw[i];
    if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
      continue;
    }
    if (quote != 0 && c == quote) {
      quote = 0;
      continue;
    }
    if (c == '\\' && quote != '\'' && i + 1 < len) {
      c = raw[++i];
    }
    if (h->len < MAX_DELIMITER) h->delimiter[h->len++] = c;
  }
  if (h->len == 0) return;
  s->pending_count++;
}

// Checks `^\d*<<(-?)` at the start of a word; returns the offset after it, or -1.
static int heredoc_prefix(const WordBuf *b, bool *chomp) {
  unsigned i = 0;
  while (i < b->len && b->text[i] >= '0' && b->text[i] <= '9') i++;
  if (i + 2 > b->len || b->text[i] != '<' || b->text[i + 1] != '<') return -1;
  i += 2;
  *chomp = false;
  if (i < b->len && b->text[i] == '-') {
    *chomp = true;
    i++;
  }
  for (unsigned j = i; j < b->len; j++) {
    if (b->text[j] == '<') return -1;
  }
  return (int)i;
}

static bool lex_line_start(Scanner *s, TSLexer *lexer, const bool *valid) {
  // Skip blank lines and indentation. A blank line ends the directive block.
  bool saw_newline = false;
  for (;;) {
    if (is_blank(lexer->lookahead) || lexer->lookahead == 0xFEFF) {
      skip(lexer);
    } else if (lexer->lookahead == '\n') {
      skip(lexer);
      saw_newline = true;
    } else {
      break;
    }
  }
  if (saw_newline) s->prologue = false;
  if (lexer->eof(lexer)) {
    if (!valid[STAGE_END]) return false;
    lexer->mark_end(lexer);
    lexer->result_symbol = STAGE_END;
    return true;
  }

  if (lexer->lookahead == '#') {
    // A comment, or a parser directive while still in the directive block:
    // `#` blanks key blanks `=` blanks value, key one of syntax/escape/check.
    advance(lexer);
    char key[8];
    unsigned key_len = 0;
    bool key_ok = true;
    while (is_blank(lexer->lookahead)) advance(lexer);
    if (!((lower_ascii(lexer->lookahead) >= 'a' && lower_ascii(lexer->lookahead) <= 'z')))
      key_ok = false;
    while (key_ok && ((lower_ascii(lexer->lookahead) >= 'a' &&
                       lower_ascii(lexer->lookahead) <= 'z') ||
                      (lexer->lookahead >= '0' && lexer->lookahead <= '9'))) {
      if (key_len < sizeof(key) - 1) key[key_len++] = (char)lower_ascii(lexer->lookahead);
      else key_ok = false;
      advance(lexer);
    }
    key[key_len] = 0;
    while (is_blank(lexer->lookahead)) advance(lexer);
    if (lexer->lookahead != '=') key_ok = false;
    int32_t first = 0;
    unsigned value_len = 0;  // non-blank characters of the value
    if (key_ok) {
      advance(lexer);
      while (is_blank(lexer->lookahead)) advance(lexer);
    }
    while (!lexer->eof(lexer) && lexer->lookahead != '\n') {
      if (!is_blank(lexer->lookahead)) {
        if (value_len == 0) first = lexer->lookahead;
        value_len++;
      }
      advance(lexer);
    }
    lexer->mark_end(lexer);
    bool known = key_ok && (strcmp(key, "syntax") == 0 || strcmp(key, "escape") == 0 ||
                            strcmp(key, "check") == 0);
    if (s->prologue && known && value_len > 0 && valid[PARSER_DIRECTIVE]) {
      if (strcmp(key, "escape") == 0 && value_len == 1 && (first == '`' || first == '\\')) {
        s->escape = first;
      }
      if (lexer->lookahead == '\n') {
        advance(lexer);
        lexer->mark_end(lexer);
      }
      lexer->result_symbol = PARSER_DIRECTIVE;
      return true;
    }
    s->prologue = false;
    lexer->result_symbol = COMMENT;
    return valid[COMMENT];
  }

  if (!valid[KEYWORD] && !valid[ONBUILD_KEYWORD] && !valid[FROM_KEYWORD] && !valid[STAGE_END])
    return false;
  WordBuf buf = {0};
  // Is the keyword FROM? Then a stage ends here (zero-width `_stage_end`), or a stage
  // starts. The letters read while finding out are kept as the start of the keyword.
  lexer->mark_end(lexer);
  static const char from[] = "from";
  unsigned matched = 0;
  while (matched < 4 && lower_ascii(lexer->lookahead) == from[matched]) {
    buf_push(&buf, lexer->lookahead);
    advance(lexer);
    matched++;
  }
  bool is_from = matched == 4 && (lexer->eof(lexer) || lexer->lookahead == '\n' ||
                                  is_blank(lexer->lookahead));
  if (is_from && valid[STAGE_END]) {
    lexer->result_symbol = STAGE_END;
    return true;
  }
  if (is_from && valid[FROM_KEYWORD]) {
    lexer->mark_end(lexer);
    s->prologue = false;
    s->in_instruction = true;
    s->flags_done = false;
    s->args_started = false;
    s->exec_form = false;
    s->heredoc_ok = false;
    lexer->result_symbol = FROM_KEYWORD;
    return true;
  }
  if (!valid[KEYWORD] && !valid[ONBUILD_KEYWORD]) return false;
  LexResult r = lex_word(s, lexer, &buf, matched > 0);
  // A line holding only E continues into the next one, which holds the keyword.
  while (r == LEX_CONTINUATION) {
    LexResult next = lex_word(s, lexer, &buf, false);
    if (next == LEX_NOTHING) break;
    r = next;
  }
  if (r == LEX_NOTHING) return false;
  s->prologue = false;
  s->in_instruction = true;
  s->flags_done = false;
  s->args_started = false;
  s->exec_form = false;
  s->heredoc_ok = word_is(&buf, "run") || word_is(&buf, "copy") || word_is(&buf, "add");
  if (word_is(&buf, "onbuild") && valid[ONBUILD_KEYWORD]) {
    lexer->result_symbol = ONBUILD_KEYWORD;
  } else {
    lexer->result_symbol = KEYWORD;
  }
  return true;
}

static bool lex_in_instruction(Scanner *s, TSLexer *lexer, const bool *valid) {
  while (is_blank(lexer->lookahead)) skip(lexer);
  if (lexer->eof(lexer) || lexer->lookahead == '\n') {
    // The end of the instruction line; say whether heredoc bodies follow.
    TSSymbol symbol = s->pending_count > 0 ? HEREDOC_NEWLINE : NEWLINE;
    if (!valid[symbol]) return false;
    if (lexer->lookahead == '\n') advance(lexer);
    lexer->mark_end(lexer);
    s->in_instruction = false;
    lexer->result_symbol = symbol;
    return true;
  }
  WordBuf buf = {0};
  LexResult r = lex_word(s, lexer, &buf, false);
  if (r == LEX_NOTHING) return false;
  if (r == LEX_CONTINUATION) {
    lexer->result_symbol = LINE_CONTINUATION;
    return true;
  }
  // The trigger of an ONBUILD.
  if (valid[KEYWORD] && !valid[WORD]) {
    s->flags_done = false;
    s->args_started = false;
    s->exec_form = false;
    s->heredoc_ok = word_is(&buf, "run") || word_is(&buf, "copy") || word_is(&buf, "add");
    lexer->result_symbol = KEYWORD;
    return true;
  }
  if (!s->args_started && !s->flags_done && valid[FLAG] && buf.len >= 2 &&
      buf.text[0] == '-' && buf.text[1] == '-') {
    if (buf.len == 2) s->flags_done = true;  // a bare `--` ends the flags
    lexer->result_symbol = FLAG;
    return true;
  }
  if (!s->args_started) {
    s->args_started = true;
    s->exec_form = buf.len > 0 && buf.text[0] == '[';
  }
  bool chomp = false;
  int after = -1;
  if (s->heredoc_ok && !s->exec_form && !buf.truncated && valid[HEREDOC_MARKER]) {
    after = heredoc_prefix(&buf, &chomp);
  }
  if (after >= 0) {
    if ((unsigned)after < buf.len) {
      push_heredoc(s, chomp, buf.text + after, buf.len - (unsigned)after);
      lexer->result_symbol = HEREDOC_MARKER;
      return true;
    }
    // `<<  EOF`: the delimiter is the next word on the line.
    if (lexer->lookahead == ' ' || lexer->lookahead == '\t') {
      while (lexer->lookahead == ' ' || lexer->lookahead == '\t') advance(lexer);
      if (!lexer->eof(lexer) && lexer->lookahead != '\n' && lexer->lookahead != '\r' &&
          lexer->lookahead != s->escape) {
        WordBuf delim = {0};
        if (lex_word(s, lexer, &delim, false) == LEX_WORD && !delim.truncated) {
          push_heredoc(s, chomp, delim.text, delim.len);
          lexer->result_symbol = HEREDOC_MARKER;
          return true;
        }
      }
    }
  }
  lexer->result_symbol = WORD;
  return true;
}

// At the start of a line after an instruction with pending heredocs: the body of the
// first pending heredoc, or its terminator line.
static bool lex_heredoc(Scanner *s, TSLexer *lexer) {
  Heredoc *h = &s->pending[0];
  bool has_body = false;
  for (;;) {
    if (lexer->eof(lexer)) {
      if (!has_body) return false;
      lexer->mark_end(lexer);
      lexer->result_symbol = HEREDOC_BODY;
      return true;
    }
    if (has_body) lexer->mark_end(lexer);
    // Is this line the terminator?
    if (h->chomp) {
      while (lexer->lookahead == '\t') advance(lexer);
    }
    unsigned i = 0;
    bool matches = true;
    while (i < h->len) {
      if (lexer->eof(lexer) || lexer->lookahead != (unsigned char)h->delimiter[i]) {
        matches = false;
        break;
      }
      advance(lexer);
      i++;
    }
    if (matches) {
      while (lexer->lookahead == '\r') advance(lexer);
      matches = lexer->eof(lexer) || lexer->lookahead == '\n';
    }
    if (matches) {
      if (has_body) {
        lexer->result_symbol = HEREDOC_BODY;
        return true;
      }
      if (lexer->lookahead == '\n') advance(lexer);
      lexer->mark_end(lexer);
      memmove(&s->pending[0], &s->pending[1], sizeof(Heredoc) * (s->pending_count - 1));
      s->pending_count--;
      lexer->result_symbol = s->pending_count == 0 ? LAST_HEREDOC_END : HEREDOC_END;
      return true;
    }
    while (!lexer->eof(lexer) && lexer->lookahead != '\n') advance(lexer);
    if (lexer->lookahead == '\n') advance(lexer);
    has_body = true;
  }
}

bool tree_sitter_dlint_dockerfile_external_scanner_scan(void *payload, TSLexer *lexer,
                                                        const bool *valid_symbols) {
  Scanner *s = (Scanner *)payload;
  bool all[ERROR_SENTINEL + 1];
  const bool *valid = valid_symbols;
  if (valid_symbols[ERROR_SENTINEL]) {
    // Error recovery asks for every token at once: decide from our own state instead.
    for (int i = 0; i <= ERROR_SENTINEL; i++) all[i] = true;
    all[ERROR_SENTINEL] = false;
    all[STAGE_END] = false;  // zero-width: never during recovery
    if (s->in_instruction) all[KEYWORD] = false;
    valid = all;
  }
  if (s->pending_count > 0 && !s->in_instruction) {
    return lex_heredoc(s, lexer);
  }
  if (s->in_instruction) return lex_in_instruction(s, lexer, valid);
  return lex_line_start(s, lexer, valid);
}
