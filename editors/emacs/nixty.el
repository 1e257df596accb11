;;; nixty.el --- Typed Nix language server and project environments -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, nix, tools
;; URL: https://example.invalid/nixty

;; This file is not part of GNU Emacs.

;;; Commentary:

;; Glue between Emacs and the `nixty' binary:
;;
;; - registers `nixty lsp' with eglot and (when it is installed) lsp-mode, for `nix-mode',
;;   `nix-ts-mode' and `nixty-nix-mode';
;; - `nixty-nix-mode', a small major mode for *.nix files used when neither `nix-mode' nor
;;   `nix-ts-mode' is installed (font-lock, comments, basic indentation);
;; - `global-nixty-env-mode': applies the project's Nix environment (shell.nix,
;;   dir-locals.nix, a flake's devShell, as resolved by `nixty env') buffer-locally to
;;   `process-environment' and `exec-path', so compile buffers, REPLs and the language server
;;   started from a buffer see the project's tools.  `nixty env' runs asynchronously and its
;;   output is data (read with `read', never evaluated).  Nothing is evaluated before the
;;   project is allowed: M-x nixty-env-allow.
;;
;; Setup:
;;
;;   (require 'nixty)
;;   (add-hook 'nixty-nix-mode-hook #'eglot-ensure)   ; or nix-mode-hook / nix-ts-mode-hook
;;   (global-nixty-env-mode 1)

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defgroup nixty nil
  "The nixty language server and project environments for Nix."
  :group 'languages
  :prefix "nixty-")

(defcustom nixty-program "nixty"
  "The nixty executable: a name found in `exec-path', or an absolute file name."
  :type 'string)

(defcustom nixty-lsp-arguments nil
  "Extra arguments after `nixty lsp'."
  :type '(repeat string))

(defcustom nixty-settings nil
  "Settings for the language server, as a plist in eglot's JSON convention.
They are sent as `initializationOptions' and as the `nixty' section of
`workspace/configuration' (unless `eglot-workspace-configuration' has one).
Example:
  (:inlayHints (:enable t) :diagnostics (:disable [\"unused-binding\"]))."
  :type '(plist :key-type keyword :value-type sexp))

(defcustom nixty-indent-offset 2
  "Indentation step of `nixty-nix-mode'."
  :type 'integer
  :safe #'integerp)

(defcustom nixty-env-restart-servers t
  "Whether a changed environment restarts the language servers using it.
A server started from a buffer inherits the buffer's environment."
  :type 'boolean)

(defcustom nixty-env-apply-editor-variables t
  "Whether the `editor' attributes of dir-locals.nix set buffer-local variables.
Only variables that are safe as file-local variables with the given value
\(see `safe-local-variable-p') are set."
  :type 'boolean)

;;;; Fallback major mode

(defconst nixty--keywords
  '("let" "in" "with" "rec" "inherit" "if" "then" "else" "assert" "or"))

(defconst nixty--builtins
  '("builtins" "import" "abort" "throw" "map" "toString" "isNull" "baseNameOf" "dirOf"
    "removeAttrs" "derivation" "fetchTarball" "fetchGit" "fetchurl" "placeholder"
    "scopedImport" "__curPos"))

(defvar nixty-nix-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "< b" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?/ ". 14" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?' "w" table)
    (modify-syntax-entry ?- "w" table)
    (modify-syntax-entry ?_ "w" table)
    (modify-syntax-entry ?= "." table)
    (modify-syntax-entry ?\; "." table)
    (modify-syntax-entry ?: "." table)
    table)
  "Syntax table of `nixty-nix-mode'.")

(defvar nixty-nix-font-lock-keywords
  `((,(regexp-opt nixty--keywords 'symbols) . font-lock-keyword-face)
    (,(regexp-opt '("true" "false" "null") 'symbols) . font-lock-constant-face)
    (,(concat "\\_<" (regexp-opt nixty--builtins) "\\_>") . font-lock-builtin-face)
    ("\\_<builtins\\.\\([A-Za-z_][A-Za-z0-9_'-]*\\)" 1 font-lock-builtin-face)
    ;; Attribute names before `=' (one per segment of an attribute path).
    ("^\\s-*\\([A-Za-z_][A-Za-z0-9_'-]*\\(?:\\.[A-Za-z_][A-Za-z0-9_'-]*\\)*\\)\\s-*=[^=]"
     1 font-lock-variable-name-face)
    ;; Lambda parameters `x:' and pattern fields.
    ("\\_<\\([A-Za-z_][A-Za-z0-9_'-]*\\)\\s-*:\\(?:[^/]\\|$\\)" 1 font-lock-variable-name-face)
    ;; Paths and search paths.
    ("\\(?:\\.\\.?\\|~\\)?/[A-Za-z0-9._+/-]+" . font-lock-string-face)
    ("<[A-Za-z0-9._+/-]+>" . font-lock-string-face)
    ;; Interpolation openers.
    ("\\${" 0 font-lock-preprocessor-face keep))
  "Font-lock rules of `nixty-nix-mode'.")

(defun nixty--syntax-propertize (start end)
  "Mark the '' delimiters of indented strings between START and END as fences."
  (goto-char start)
  (funcall
   (syntax-propertize-rules
    ;; The first quote of '' opens or closes an indented string (a string fence),
    ;; except for the escapes ''$ ''' ''\x inside one.
    ("\\('\\)'\\([$']\\|\\\\.\\)?"
     (1 (let ((ppss (save-excursion (syntax-ppss (match-beginning 0)))))
          (cond ((or (nth 4 ppss) (characterp (nth 3 ppss))) nil)
                ((and (eq (nth 3 ppss) t) (match-beginning 2)) nil)
                (t (string-to-syntax "|")))))))
   (point) end))

(defun nixty--open-lets (from to depth)
  "How many `let' between FROM and TO at paren DEPTH are not closed by an `in'."
  (let ((open 0))
    (save-excursion
      (goto-char from)
      (while (re-search-forward "\\_<\\(let\\|in\\)\\_>" to t)
        (let ((ppss (save-excursion (syntax-ppss (match-beginning 0)))))
          (when (and (= (car ppss) depth) (not (nth 8 ppss)))
            (setq open (if (equal (match-string 1) "let") (1+ open) (max 0 (1- open))))))))
    open))

(defun nixty-nix-indent-line ()
  "Indent the current line by bracket depth and open `let' blocks."
  (interactive)
  (let* ((bol (line-beginning-position))
         (ppss (save-excursion (syntax-ppss bol))))
    (if (nth 3 ppss)
        'noindent                       ; inside a string: keep the user's indentation
      (let* ((depth (car ppss))
             (open (nth 1 ppss))
             (opener-indent (if open (save-excursion (goto-char open) (current-indentation)) 0))
             (base (if open (+ opener-indent nixty-indent-offset) 0))
             (lets (nixty--open-lets (or open (point-min)) bol depth))
             (indent
              (save-excursion
                (back-to-indentation)
                (cond ((looking-at-p "[]})]") opener-indent)
                      ((looking-at-p "in\\_>")
                       (+ base (* nixty-indent-offset (max 0 (1- lets)))))
                      (t (+ base (* nixty-indent-offset lets))))))
             (offset (- (current-column) (current-indentation))))
        (indent-line-to indent)
        (when (> offset 0) (forward-char offset))))))

;;;###autoload
(define-derived-mode nixty-nix-mode prog-mode "Nix"
  "A small major mode for Nix files.
Used when neither `nix-mode' nor `nix-ts-mode' is installed."
  :syntax-table nixty-nix-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?:#+\\|/\\*+\\)\\s-*")
  (setq-local font-lock-defaults '(nixty-nix-font-lock-keywords))
  (setq-local syntax-propertize-function #'nixty--syntax-propertize)
  (setq-local indent-line-function #'nixty-nix-indent-line)
  (setq-local electric-indent-chars (append "{}[]()" electric-indent-chars)))

;;;###autoload
(unless (assoc-default "default.nix" auto-mode-alist #'string-match)
  (add-to-list 'auto-mode-alist '("\\.nix\\'" . nixty-nix-mode)))

(defconst nixty-nix-modes '(nix-mode nix-ts-mode nixty-nix-mode)
  "Major modes of Nix buffers that nixty serves.")

;;;; Language server: eglot

(defun nixty--server-command ()
  "The server's argv."
  (append (list nixty-program "lsp") nixty-lsp-arguments))

(defun nixty--eglot-contact (&optional _interactive)
  "The eglot contact of nixty.
A function, so that changed settings apply to the next start."
  (append (nixty--server-command)
          (list :initializationOptions (or nixty-settings (make-hash-table)))))

(defvar eglot-server-programs)
(defvar eglot-workspace-configuration)
(declare-function eglot-current-server "eglot")
(declare-function eglot-reconnect "eglot")
(declare-function eglot--workspace-configuration-plist "eglot")

(defun nixty--eglot-register ()
  "Put nixty first in `eglot-server-programs' for the Nix modes."
  (add-to-list 'eglot-server-programs
               (cons (mapcar (lambda (mode) (list mode :language-id "nix")) nixty-nix-modes)
                     #'nixty--eglot-contact)))

(defun nixty--eglot-configuration (original server)
  "Add the `nixty' section from `nixty-settings' to eglot's configuration.
Advice around `eglot--workspace-configuration-plist': ORIGINAL is that
function, SERVER the eglot server."
  (let ((plist (funcall original server)))
    (if (or (null nixty-settings) (plist-member plist :nixty))
        plist
      (append plist (list :nixty nixty-settings)))))

(with-eval-after-load 'eglot
  (nixty--eglot-register)
  (when (fboundp 'eglot--workspace-configuration-plist)
    (advice-add 'eglot--workspace-configuration-plist :around #'nixty--eglot-configuration))
  (cl-defmethod eglot-handle-notification
    (_server (_method (eql 'nixty/environmentChanged)) &key root &allow-other-keys)
    "The server finished evaluating the environment of ROOT."
    (nixty--env-changed root)))

;;;; Language server: lsp-mode (only when it is installed)

(defvar lsp-language-id-configuration)
(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-activate-on "lsp-mode")
(declare-function lsp-workspace-restart "lsp-mode")
(declare-function lsp-workspaces "lsp-mode")

(defun nixty--lsp-mode-register ()
  "Register nixty as an lsp-mode client."
  (dolist (mode nixty-nix-modes)
    (add-to-list 'lsp-language-id-configuration (cons mode "nix")))
  (let ((handlers (make-hash-table :test #'equal)))
    (puthash "nixty/environmentChanged"
             (lambda (_workspace params)
               (nixty--env-changed (if (hash-table-p params)
                                       (gethash "root" params)
                                     (plist-get params :root))))
             handlers)
    (lsp-register-client
     (make-lsp-client
      :new-connection (lsp-stdio-connection #'nixty--server-command)
      :activation-fn (lsp-activate-on "nix")
      :major-modes nixty-nix-modes
      :server-id 'nixty
      :priority 1
      :initialization-options (lambda () nixty-settings)
      :notification-handlers handlers))))

(with-eval-after-load 'lsp-mode
  (when (fboundp 'lsp-register-client)
    (nixty--lsp-mode-register)))

;;;; Project environments

(defvar nixty-env-mode)

(defvar-local nixty--env nil
  "The environment of this buffer's project.
A plist from `nixty env --format elisp'.")

(defvar-local nixty--env-signature nil
  "What was applied to this buffer, to detect a change.")

(defvar nixty--env-pending (make-hash-table :test #'equal)
  "Running `nixty env' requests.
Keys are (DIRECTORY . RELOAD), values the callbacks waiting for the result.")

(defvar nixty--env-untrusted-reported (make-hash-table :test #'equal)
  "Project roots already reported as not allowed in this session.")

(defun nixty--env-directory ()
  "The directory whose project applies to the current buffer."
  (expand-file-name (if buffer-file-name (file-name-directory buffer-file-name) default-directory)))

(defun nixty--global-process-environment ()
  "The environment Emacs itself runs with (not a buffer's project environment)."
  (default-value 'process-environment))

(defun nixty--env-valid-p (value)
  "Whether VALUE read from `nixty env' has the expected shape."
  (and (consp value) (keywordp (car value))
       (stringp (plist-get value :root))
       (symbolp (plist-get value :status))))

(defun nixty--env-parse (buffer)
  "The environment plist printed into BUFFER, or nil."
  (with-current-buffer buffer
    (goto-char (point-min))
    (skip-chars-forward " \t\n")
    (when (looking-at-p "(:root ")
      (let ((value (condition-case nil (read (current-buffer)) (error nil))))
        (and (nixty--env-valid-p value) value)))))

(defun nixty--env-fetch (directory callback &optional reload)
  "Run `nixty env DIRECTORY --format elisp' in the background.
CALLBACK is called with the plist, or with nil when DIRECTORY belongs
to no project or nixty failed.  With RELOAD, evaluate again even when
the cache is up to date.  Requests for one directory share one process."
  (let* ((key (cons directory (and reload t)))
         (waiting (gethash key nixty--env-pending)))
    (puthash key (cons callback waiting) nixty--env-pending)
    (unless waiting
      (let* ((out (generate-new-buffer " *nixty-env*"))
             (err (generate-new-buffer " *nixty-env-stderr*"))
             ;; nixty runs in Emacs' own environment, not in a buffer's project environment.
             (process-environment (nixty--global-process-environment))
             (exec-path (default-value 'exec-path))
             (default-directory (if (file-directory-p directory) directory "/"))
             (command (append (list nixty-program "env" directory "--format" "elisp")
                              (and reload '("--reload")))))
        (condition-case problem
            (make-process
             :name "nixty-env" :buffer out :stderr err :command command
             :connection-type 'pipe :noquery t
             :sentinel
             (lambda (process _event)
               (unless (process-live-p process)
                 (let ((env (nixty--env-parse out))
                       (message-text (with-current-buffer err (string-trim (buffer-string))))
                       (callbacks (gethash key nixty--env-pending)))
                   (remhash key nixty--env-pending)
                   (kill-buffer out)
                   (when-let ((stderr-process (get-buffer-process err)))
                     (delete-process stderr-process))
                   (kill-buffer err)
                   (when (and (null env) (not (string-match-p "no project found" message-text))
                              (not (string-empty-p message-text)))
                     (message "nixty env: %s" message-text))
                   (dolist (callback (reverse callbacks))
                     (funcall callback env))))))
          (error
           (remhash key nixty--env-pending)
           (kill-buffer out)
           (kill-buffer err)
           (message "nixty: cannot run %s (%s); install nixty or set `nixty-program'"
                    nixty-program (error-message-string problem))
           (funcall callback nil)))))))

(defun nixty--env-process-environment (env base)
  "BASE (a `process-environment' list) with ENV applied."
  (let* ((result (copy-sequence base))
         (prepend (plist-get env :path-prepend)))
    (dolist (name (plist-get env :unset))
      (when (stringp name)
        (setq result (setenv-internal result name nil nil))))
    (dolist (binding (plist-get env :set))
      (when (and (stringp (car-safe binding)) (stringp (cdr-safe binding))
                 (not (and prepend (equal (car binding) "PATH"))))
        (setq result (setenv-internal result (car binding) (cdr binding) t))))
    (when prepend
      (let ((outer (getenv-internal "PATH" base)))
        (setq result (setenv-internal
                      result "PATH"
                      (mapconcat #'identity (append prepend (and outer (list outer))) path-separator)
                      t))))
    result))

(defun nixty--env-has-variables-p (env)
  "Whether ENV holds something to apply."
  (or (plist-get env :set) (plist-get env :unset) (plist-get env :path-prepend)))

(defun nixty--env-signature (env)
  "What of ENV matters to processes started from a buffer."
  (and env (list (plist-get env :root) (plist-get env :set)
                 (plist-get env :unset) (plist-get env :path-prepend))))

(defun nixty--env-apply-editor-variables (env)
  "Set the safe variables of ENV's `editor' attributes buffer-locally."
  (when nixty-env-apply-editor-variables
    (dolist (binding (plist-get env :editor))
      (let ((variable (car-safe binding)) (value (cdr-safe binding)))
        (when (and variable (symbolp variable) (safe-local-variable-p variable value))
          (set (make-local-variable variable) value))))))

(defun nixty--env-apply (env)
  "Apply ENV to the current buffer.
Return non-nil when what processes see changed."
  (let ((status (plist-get env :status))
        (before nixty--env-signature))
    (cond
     ((null env)
      (setq nixty--env nil)
      (nixty--env-restore))
     ((eq status 'untrusted)
      (setq nixty--env env)
      (nixty--env-restore)
      (nixty--env-report-untrusted env))
     ((and (eq status 'failed) (not (nixty--env-has-variables-p env)))
      ;; Keep the last good environment; report the error.
      (setq nixty--env (append (list :status 'failed :error (plist-get env :error))
                               (and nixty--env (cl-loop for (k v) on nixty--env by #'cddr
                                                        unless (memq k '(:status :error))
                                                        append (list k v)))))
      (message "nixty env: evaluating %s failed: %s"
               (plist-get env :source)
               (or (plist-get (plist-get env :error) :message) "see `nixty env status'")))
     (t
      (setq nixty--env env)
      (setq-local process-environment
                  (nixty--env-process-environment env (nixty--global-process-environment)))
      (setq-local exec-path
                  (append (plist-get env :path-prepend)
                          (cl-remove-if (lambda (dir) (member dir (plist-get env :path-prepend)))
                                        (default-value 'exec-path))))
      (setq nixty--env-signature (nixty--env-signature env))
      (nixty--env-apply-editor-variables env)))
    (force-mode-line-update)
    (not (equal before nixty--env-signature))))

(defun nixty--env-restore ()
  "Give the current buffer Emacs' own environment back."
  (kill-local-variable 'process-environment)
  (kill-local-variable 'exec-path)
  (setq nixty--env-signature nil))

(defun nixty--env-report-untrusted (env)
  "Tell once per session that ENV's project is not allowed."
  (let ((root (plist-get env :root)))
    (unless (gethash root nixty--env-untrusted-reported)
      (puthash root t nixty--env-untrusted-reported)
      (message "nixty: the Nix environment of %s (%s) is not loaded: after reviewing it, M-x nixty-env-allow"
               root (plist-get env :source)))))

(defun nixty--env-restart-servers (buffers)
  "Restart the language servers of BUFFERS, once each, from one of BUFFERS.
A server started from a buffer inherits that buffer's environment."
  (when nixty-env-restart-servers
    (let (seen)
      (dolist (buffer buffers)
        (when (buffer-live-p buffer)
          (with-current-buffer buffer
            (cond
             ((and (featurep 'eglot) (bound-and-true-p eglot--managed-mode))
              (let ((server (eglot-current-server)))
                (when (and server (not (memq server seen)))
                  (push server seen)
                  (eglot-reconnect server))))
             ((and (featurep 'lsp-mode) (bound-and-true-p lsp-mode))
              (dolist (workspace (lsp-workspaces))
                (unless (memq workspace seen)
                  (push workspace seen)
                  (lsp-workspace-restart workspace)))))))))))

(defun nixty--env-refresh-buffers (buffers &optional reload)
  "Ask nixty for the environment of BUFFERS (grouped by directory) and apply it.
With RELOAD, evaluate again even when the cache is up to date."
  (let ((by-directory (make-hash-table :test #'equal)))
    (dolist (buffer buffers)
      (when (buffer-live-p buffer)
        (push buffer (gethash (with-current-buffer buffer (nixty--env-directory)) by-directory))))
    (maphash
     (lambda (directory group)
       (nixty--env-fetch
        directory
        (lambda (env)
          (let (changed)
            (dolist (buffer group)
              (when (and (buffer-live-p buffer) (buffer-local-value 'nixty-env-mode buffer))
                (with-current-buffer buffer
                  (when (nixty--env-apply env)
                    (push buffer changed)))))
            (when changed
              (nixty--env-restart-servers (nreverse changed)))))
        reload))
     by-directory)))

(defun nixty--env-buffers-of (root)
  "Buffers with `nixty-env-mode' whose project is ROOT or that lie below it."
  (let ((root (file-name-as-directory (expand-file-name root))))
    (cl-remove-if-not
     (lambda (buffer)
       (with-current-buffer buffer
         (and nixty-env-mode
              (or (equal (and nixty--env (file-name-as-directory (plist-get nixty--env :root))) root)
                  (string-prefix-p root (nixty--env-directory))))))
     (buffer-list))))

(defun nixty--env-changed (root)
  "The environment of ROOT changed (a server said so): apply it again."
  (when (stringp root)
    (nixty--env-refresh-buffers (nixty--env-buffers-of root))))

(defun nixty--env-lighter ()
  "The mode-line text of `nixty-env-mode'."
  (pcase (plist-get nixty--env :status)
    ('nil "")
    ('ready " NixEnv")
    (status (format " NixEnv[%s]" status))))

;;;###autoload
(define-minor-mode nixty-env-mode
  "Apply the project's Nix environment to this buffer.
`process-environment' and `exec-path' become buffer-local, so processes started
from the buffer (compile, shells, REPLs, the language server) run in the
project's environment.  The environment comes from `nixty env' in the
background; nothing is evaluated before the project is allowed (M-x
nixty-env-allow)."
  :lighter (:eval (nixty--env-lighter))
  :group 'nixty
  (if nixty-env-mode
      (nixty--env-refresh-buffers (list (current-buffer)))
    (setq nixty--env nil)
    (nixty--env-restore)))

(defun nixty--env-turn-on ()
  "Turn on `nixty-env-mode' in buffers that visit a file or a directory."
  (when (and (not (minibufferp))
             (or buffer-file-name (derived-mode-p 'dired-mode)))
    (nixty-env-mode 1)))

;;;###autoload
(define-globalized-minor-mode global-nixty-env-mode nixty-env-mode nixty--env-turn-on
  :group 'nixty)

(defun nixty--env-command-directory ()
  "The project directory the environment commands act on."
  (if nixty--env (plist-get nixty--env :root) (nixty--env-directory)))

(defun nixty--env-run (action directory)
  "Run `nixty env ACTION DIRECTORY' and return its output.
Signal an error when it fails."
  (let ((process-environment (nixty--global-process-environment))
        (exec-path (default-value 'exec-path)))
    (with-temp-buffer
      (let ((status (call-process nixty-program nil t nil "env" action directory)))
        (unless (eql status 0)
          (user-error "nixty env %s failed: %s" action (string-trim (buffer-string))))
        (string-trim (buffer-string))))))

(defun nixty-env-allow (directory)
  "Allow evaluating the Nix environment of the project at DIRECTORY.
Then apply it to the buffers of that project."
  (interactive (list (read-directory-name "Allow the Nix environment of: "
                                          (nixty--env-command-directory))))
  (let ((directory (expand-file-name directory)))
    (message "%s" (nixty--env-run "allow" directory))
    (remhash (directory-file-name directory) nixty--env-untrusted-reported)
    (nixty--env-refresh-buffers
     (cl-remove-duplicates (append (and nixty-env-mode (list (current-buffer)))
                                   (nixty--env-buffers-of directory))))))

(defun nixty-env-deny (directory)
  "Deny the Nix environment of the project at DIRECTORY.
It is removed from the buffers of that project."
  (interactive (list (read-directory-name "Deny the Nix environment of: "
                                          (nixty--env-command-directory))))
  (let ((directory (expand-file-name directory)))
    (message "%s" (nixty--env-run "deny" directory))
    (puthash (directory-file-name directory) t nixty--env-untrusted-reported)
    (nixty--env-refresh-buffers
     (cl-remove-duplicates (append (and nixty-env-mode (list (current-buffer)))
                                   (nixty--env-buffers-of directory))))))

(defun nixty-env-reload ()
  "Evaluate the environment of the current buffer's project again and apply it."
  (interactive)
  (let ((buffers (cl-remove-duplicates
                  (append (list (current-buffer))
                          (and nixty--env (nixty--env-buffers-of (plist-get nixty--env :root)))))))
    (unless nixty-env-mode (nixty-env-mode 1))
    (nixty--env-refresh-buffers buffers t)))

(defun nixty-env-describe ()
  "Show the environment applied to the current buffer."
  (interactive)
  (if (null nixty--env)
      (message "nixty: no Nix environment in this buffer%s"
               (if nixty-env-mode "" " (nixty-env-mode is off)"))
    (with-help-window "*nixty environment*"
      (princ (format "Project: %s\nSource:  %s\nStatus:  %s\nEvaluated at: %s\n\n"
                     (plist-get nixty--env :root) (plist-get nixty--env :source)
                     (plist-get nixty--env :status) (plist-get nixty--env :evaluated-at)))
      (dolist (binding (plist-get nixty--env :set))
        (princ (format "%s=%s\n" (car binding) (cdr binding))))
      (dolist (name (plist-get nixty--env :unset))
        (princ (format "unset %s\n" name))))))

(provide 'nixty)

;;; nixty.el ends here
