;;; nixty-test.el --- ERT tests of nixty.el against the real binary -*- lexical-binding: t -*-

;;; Commentary:

;; Run by tests/suites/61-emacs.sh:
;;   NIXTY_TEST_WORK=DIR (a copy of test/fixtures, shell-project allowed) NIXTY_BIN=nixty
;;   emacs --batch -L editors/emacs -l editors/emacs/test/nixty-test.el \
;;     -f ert-run-tests-batch-and-exit
;; with isolated XDG directories and the Nix settings of environments.md in the environment.

;;; Code:

(require 'ert)
(require 'cl-lib)
(require 'eglot)
(require 'flymake)
(require 'compile)
(require 'nixty)

(defvar nixty-test-work (or (getenv "NIXTY_TEST_WORK") (error "Set NIXTY_TEST_WORK")))
(setq nixty-program (or (getenv "NIXTY_BIN") "nixty"))
(setq eglot-sync-connect t)

(defun nixty-test--file (relative)
  "The absolute name of RELATIVE in the work directory."
  (expand-file-name relative nixty-test-work))

(defun nixty-test--wait (predicate what &optional seconds)
  "Process events until PREDICATE is non-nil (return it); fail after SECONDS naming WHAT."
  (let ((deadline (+ (float-time) (or seconds 60)))
        value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or value (ert-fail (format "timed out waiting for %s" what)))))

(defun nixty-test--face-at (text)
  "The face at the first occurrence of TEXT after point-min."
  (save-excursion
    (goto-char (point-min))
    (search-forward text)
    (get-text-property (match-beginning 0) 'face)))

(defmacro nixty-test--with-nix (text &rest body)
  "Run BODY in a `nixty-nix-mode' buffer holding TEXT, fontified."
  (declare (indent 1))
  `(with-temp-buffer
     (insert ,text)
     (nixty-nix-mode)
     (font-lock-ensure)
     ,@body))

(defun nixty-test--kill-file-buffers ()
  "Kill the buffers visiting files of the work directory, and their servers."
  (dolist (server (and (boundp 'eglot--servers-by-project)
                       (apply #'append (hash-table-values eglot--servers-by-project))))
    (ignore-errors (eglot-shutdown server)))
  (dolist (buffer (buffer-list))
    (when (and (buffer-file-name buffer)
               (string-prefix-p (file-truename nixty-test-work)
                                (file-truename (buffer-file-name buffer))))
      (with-current-buffer buffer (set-buffer-modified-p nil))
      (kill-buffer buffer))))

;;;; Fallback major mode

(ert-deftest nixty-test-mode-for-nix-files ()
  (should (eq (assoc-default "/x/default.nix" auto-mode-alist #'string-match) 'nixty-nix-mode))
  (with-current-buffer (find-file-noselect (nixty-test--file "plain/test.nix"))
    (unwind-protect (should (eq major-mode 'nixty-nix-mode))
      (kill-buffer))))

(ert-deftest nixty-test-defers-to-nix-mode ()
  ;; With nix-mode (or nix-ts-mode) installed, *.nix files stay theirs.
  (let ((auto-mode-alist (list (cons "\\.nix\\'" 'nix-mode))))
    (load (locate-library "nixty") nil t)
    (should (equal auto-mode-alist (list (cons "\\.nix\\'" 'nix-mode))))))

(ert-deftest nixty-test-font-lock ()
  (nixty-test--with-nix
      "let\n  f = x: builtins.map toString [ true null ./a/b ];  # note\n  s = ''a ''${x} '''' b'';\n  t = \"q \\\" r\";\n  u = ''${x}/bin'';\nin with f; rec { inherit s; }\n"
    (should (eq (nixty-test--face-at "let") 'font-lock-keyword-face))
    (should (eq (nixty-test--face-at "with") 'font-lock-keyword-face))
    (should (eq (nixty-test--face-at "inherit") 'font-lock-keyword-face))
    (should (eq (nixty-test--face-at "true") 'font-lock-constant-face))
    (should (eq (nixty-test--face-at "null") 'font-lock-constant-face))
    (should (eq (nixty-test--face-at "map") 'font-lock-builtin-face))
    (should (eq (nixty-test--face-at "toString") 'font-lock-builtin-face))
    (should (eq (nixty-test--face-at "f =") 'font-lock-variable-name-face))
    (should (eq (nixty-test--face-at "./a/b") 'font-lock-string-face))
    (should (eq (nixty-test--face-at "note") 'font-lock-comment-face))
    ;; Indented string with its escapes stays one string up to the closing ''.
    (should (eq (nixty-test--face-at "a ''$") 'font-lock-string-face))
    (should (eq (nixty-test--face-at " b''") 'font-lock-string-face))
    (should-not (eq (nixty-test--face-at ";\n  t =") 'font-lock-string-face))
    (should (eq (nixty-test--face-at "/bin''") 'font-lock-string-face))
    ;; Escaped quote inside a "…" string.
    (should (eq (nixty-test--face-at " r\"") 'font-lock-string-face))
    (should-not (eq (nixty-test--face-at "in with") 'font-lock-string-face))))

(ert-deftest nixty-test-comments ()
  (nixty-test--with-nix "a = 1;\n"
    (goto-char (point-min))
    (comment-line 1)
    (should (equal (buffer-string) "# a = 1;\n")))
  (nixty-test--with-nix "/* block\n comment */ x"
    (should (eq (nixty-test--face-at "comment") 'font-lock-comment-face))
    (should-not (eq (nixty-test--face-at "x") 'font-lock-comment-face))))

(ert-deftest nixty-test-indentation ()
  (let ((expected "{ pkgs }:\nlet\n  a = {\n    b = [\n      1\n    ];\n  };\nin\n{\n  inherit a;\n}\n"))
    (nixty-test--with-nix (replace-regexp-in-string "^ +" "" expected)
      (indent-region (point-min) (point-max))
      (should (equal (buffer-string) expected)))))

;;;; Language server

(ert-deftest nixty-test-eglot-registration ()
  (dolist (mode '(nix-mode nix-ts-mode nixty-nix-mode))
    (let ((entry (eglot--lookup-mode mode)))
      (should (member mode (nth 0 entry)))
      (should (equal (nth 1 entry) "nix"))
      (should (eq (nth 2 entry) #'nixty--eglot-contact))))
  (let ((nixty-lsp-arguments '("--x")) (nixty-settings '(:inlayHints (:enable t))))
    (should (equal (nixty--eglot-contact)
                   (list nixty-program "lsp" "--x" :initializationOptions '(:inlayHints (:enable t)))))))

(ert-deftest nixty-test-eglot-diagnostics-and-hover ()
  (unwind-protect
      (with-current-buffer (find-file-noselect (nixty-test--file "plain/test.nix"))
        (apply #'eglot--connect (eglot--guess-contact))
        (nixty-test--wait (lambda () (bound-and-true-p eglot--managed-mode)) "eglot to manage the buffer")
        (should (bound-and-true-p flymake-mode))
        ;; Diagnostics pushed by nixty arrive in flymake.
        (let ((diagnostics
               (nixty-test--wait
                (lambda ()
                  (flymake-start nil t)
                  (flymake-diagnostics))
                "flymake diagnostics from nixty")))
          (should (= (length diagnostics) 1))
          (let ((diagnostic (car diagnostics)))
            (should (string-match-p "unused" (flymake-diagnostic-text diagnostic)))
            (should (= (flymake-diagnostic-beg diagnostic)
                       (save-excursion (goto-char (point-min)) (forward-line 2) (+ (point) 2))))))
        ;; Hover on `greeting' in `in greeting' shows its type.
        (goto-char (point-min))
        (search-forward "in gre")
        (let* ((result (jsonrpc-request (eglot-current-server) :textDocument/hover
                                        (eglot--TextDocumentPositionParams)))
               (text (eglot--hover-info (plist-get result :contents) (plist-get result :range))))
          (should (string-match-p "greeting: String" (substring-no-properties text))))
        ;; The language server's configuration section comes from `nixty-settings'.
        (let ((nixty-settings '(:inlayHints (:enable :json-false))))
          (should (equal (plist-get (eglot--workspace-configuration-plist (eglot-current-server)) :nixty)
                         '(:inlayHints (:enable :json-false))))))
    (nixty-test--kill-file-buffers)))

;; lsp-mode is optional (Debian: elpa-lsp-mode); the registration is tested when it is installed.
(defvar lsp-session-file)
(defvar lsp-auto-guess-root)
(defvar lsp-keep-workspace-alive)
(defvar lsp-enable-file-watchers)
(defvar lsp-auto-configure)
(defvar lsp-clients)
(declare-function lsp "lsp-mode")
(declare-function lsp-workspaces "lsp-mode")
(declare-function lsp-request "lsp-mode")
(declare-function lsp--text-document-position-params "lsp-mode")
(declare-function lsp-workspace-shutdown "lsp-mode")
(declare-function lsp-diagnostics "lsp-mode")

(ert-deftest nixty-test-lsp-mode ()
  (skip-unless (require 'lsp-mode nil t))
  (let ((lsp-session-file (make-temp-file "nixty-lsp-session"))
        (lsp-auto-guess-root t)
        (lsp-keep-workspace-alive nil)
        (lsp-enable-file-watchers nil)
        (lsp-auto-configure nil)          ; no modeline/headerline/lens extras in batch
        (client (gethash 'nixty lsp-clients)))
    (should client)
    (should (equal (lsp--client-major-modes client) nixty-nix-modes))
    (should (gethash "nixty/environmentChanged" (lsp--client-notification-handlers client)))
    (unwind-protect
        (with-current-buffer (find-file-noselect (nixty-test--file "plain/test.nix"))
          (lsp)
          (nixty-test--wait (lambda () (lsp-workspaces)) "lsp-mode to connect")
          (let ((diagnostics (nixty-test--wait (lambda () (gethash (buffer-file-name) (lsp-diagnostics t)))
                                               "diagnostics through lsp-mode")))
            (should (= (length diagnostics) 1))
            (should (string-match-p "unused" (gethash "message" (car diagnostics)))))
          (goto-char (point-min))
          (search-forward "in gre")
          (let ((hover (lsp-request "textDocument/hover" (lsp--text-document-position-params))))
            (should (string-match-p "greeting: String"
                                    (gethash "value" (gethash "contents" hover))))))
      (dolist (buffer (buffer-list))
        (with-current-buffer buffer
          (when (bound-and-true-p lsp-mode)
            (dolist (workspace (lsp-workspaces)) (ignore-errors (lsp-workspace-shutdown workspace))))))
      (nixty-test--kill-file-buffers))))

;;;; Project environments

(defun nixty-test--env-status ()
  "The status of the current buffer's environment."
  (plist-get nixty--env :status))

(ert-deftest nixty-test-env-buffer-local-and-compile ()
  (unwind-protect
      (progn
        (global-nixty-env-mode 1)
        (with-current-buffer (find-file-noselect (nixty-test--file "shell-project/main.nix"))
          (should nixty-env-mode)
          (nixty-test--wait (lambda () (eq (nixty-test--env-status) 'ready)) "the environment of shell.nix")
          (should (equal (plist-get nixty--env :source) "shell.nix"))
          ;; Applied buffer-locally, not globally.
          (should (local-variable-p 'process-environment))
          (should (equal (getenv "NIXTY_GREETING") "hello from shell.nix"))
          (should-not (getenv-internal "NIXTY_GREETING" (default-value 'process-environment)))
          (with-temp-buffer (should-not (getenv "NIXTY_GREETING")))
          ;; (format-mode-line gives "" in batch mode: check the lighter itself.)
          (should (equal (nixty--env-lighter) " NixEnv"))
          ;; The server's nixty/environmentChanged (dispatched by eglot) applies it again.
          (nixty--env-restore)
          (setq nixty--env nil)
          (should-not (getenv "NIXTY_GREETING"))
          (eglot-handle-notification nil 'nixty/environmentChanged
                                     :root (nixty-test--file "shell-project"))
          (nixty-test--wait (lambda () (equal (getenv "NIXTY_GREETING") "hello from shell.nix"))
                            "the environment after nixty/environmentChanged")
          ;; A compile buffer started from it inherits it.
          (let ((compilation (compile "echo \"GREETING=$NIXTY_GREETING\"")))
            (nixty-test--wait (lambda () (not (get-buffer-process compilation))) "the compilation")
            (with-current-buffer compilation
              (should (string-match-p "^GREETING=hello from shell.nix$" (buffer-string)))))))
    (global-nixty-env-mode -1)
    (nixty-test--kill-file-buffers)))

(ert-deftest nixty-test-env-allow-packages-and-editor-variables ()
  (unwind-protect
      (progn
        (global-nixty-env-mode 1)
        (with-current-buffer (find-file-noselect (nixty-test--file "dir-locals-project/lib.nix"))
          ;; Not allowed yet: nothing is evaluated or applied.
          (nixty-test--wait (lambda () (eq (nixty-test--env-status) 'untrusted)) "the untrusted status")
          (should-not (getenv "NIXTY_FROM_DIR_LOCALS"))
          (should-not (local-variable-p 'process-environment))
          (nixty-env-allow (nixty-test--file "dir-locals-project"))
          (nixty-test--wait (lambda () (eq (nixty-test--env-status) 'ready)) "the environment after allowing")
          (should (equal (getenv "NIXTY_FROM_DIR_LOCALS") "yes"))
          ;; The tools of its shell are on exec-path and PATH, ahead of Emacs' own.
          (let ((hello (executable-find "nixty-hello")))
            (should hello)
            (should (string-prefix-p "/nix/store/" hello))
            (should (string-prefix-p (directory-file-name (file-name-directory hello)) (getenv "PATH"))))
          (should-not (let ((exec-path (default-value 'exec-path))) (executable-find "nixty-hello")))
          ;; A safe Emacs variable from `editor'.
          (should (= fill-column 72))
          (let ((compilation (compile "nixty-hello")))
            (nixty-test--wait (lambda () (not (get-buffer-process compilation))) "the compilation")
            (with-current-buffer compilation
              (should (string-match-p "^hello from the nix store$" (buffer-string)))))
          ;; Denying removes it from the buffer.
          (nixty-env-deny (nixty-test--file "dir-locals-project"))
          (nixty-test--wait (lambda () (eq (nixty-test--env-status) 'untrusted)) "the status after denying")
          (should-not (getenv "NIXTY_FROM_DIR_LOCALS"))))
    (global-nixty-env-mode -1)
    (nixty-test--kill-file-buffers)))

(ert-deftest nixty-test-env-restarts-eglot-with-the-environment ()
  (unwind-protect
      (with-current-buffer (find-file-noselect (nixty-test--file "shell-project/main.nix"))
        ;; The server starts before the environment is known...
        (apply #'eglot--connect (eglot--guess-contact))
        (nixty-test--wait (lambda () (bound-and-true-p eglot--managed-mode)) "eglot to manage the buffer")
        (let ((first (eglot-current-server)))
          (nixty-env-mode 1)
          (nixty-test--wait (lambda () (eq (nixty-test--env-status) 'ready)) "the environment")
          ;; ...and is restarted in it.
          (let* ((server (nixty-test--wait (lambda () (let ((s (eglot-current-server)))
                                                         (and s (not (eq s first)) s)))
                                           "a restarted server"))
                 (pid (process-id (jsonrpc--process server)))
                 (environ (with-temp-buffer
                            (insert-file-contents-literally (format "/proc/%d/environ" pid))
                            (split-string (buffer-string) "\0" t))))
            (should (member "NIXTY_GREETING=hello from shell.nix" environ)))))
    (nixty-test--kill-file-buffers)))

(ert-deftest nixty-test-env-output-is-read-not-evaluated ()
  (with-temp-buffer
    (insert "(:root \"/p\" :status ready :set ((\"A\" . \"1\")) :unset (\"B\") :path-prepend (\"/nix/store/x/bin\"))")
    (should (equal (plist-get (nixty--env-parse (current-buffer)) :set) '(("A" . "1")))))
  (dolist (bad '("(progn (error \"evaluated\"))" "not lisp" "(:root 1 :status ready)" ""))
    (with-temp-buffer
      (insert bad)
      (should-not (nixty--env-parse (current-buffer)))))
  (let ((env (nixty--env-process-environment
              '(:set (("A" . "1") ("PATH" . "/ignored")) :unset ("B") :path-prepend ("/nix/store/x/bin"))
              '("B=2" "PATH=/usr/bin" "C=3"))))
    (should (equal (getenv-internal "A" env) "1"))
    (should-not (getenv-internal "B" env))
    (should (equal (getenv-internal "C" env) "3"))
    (should (equal (getenv-internal "PATH" env) "/nix/store/x/bin:/usr/bin"))))

(provide 'nixty-test)

;;; nixty-test.el ends here
