//! BuildKit's AST dump format (the `result` files of BuildKit's parser tests).
