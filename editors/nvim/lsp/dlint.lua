-- Default client configuration for Neovim 0.11+, found on the runtimepath by
-- `vim.lsp.enable('dlint')`. `require('dlint').setup()` merges its options over this.
return require('dlint.config').client_config(require('dlint.config').defaults())
