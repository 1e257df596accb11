# nixty for kakoune-lsp 17 and later: source this from kakrc (after `eval %sh{kak-lsp}`),
# or paste it there.
hook -group nixty global BufSetOption filetype=nix %{
    set-option buffer lsp_servers %{
        [nixty]
        command = "nixty"
        root_globs = ["flake.nix", "shell.nix", "default.nix", "dir-locals.nix", ".git"]
        args = ["lsp"]
        settings_section = "nixty"
        [nixty.settings.nixty]
        inlayHints = { enable = true }
        diagnostics = { disable = [] }
    }
}
