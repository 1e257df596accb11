// Copies the TextMate grammar maintained in syntax/textmate into the extension before
// bundling: vsce packages only files below the extension folder.
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "..", "..", "..", "syntax", "textmate", "nix.tmLanguage.json");
const targetDir = path.join(__dirname, "..", "syntaxes");
fs.mkdirSync(targetDir, { recursive: true });
const grammar = JSON.parse(fs.readFileSync(source, "utf8"));
if (grammar.scopeName !== "source.nix") {
  throw new Error(`${source}: expected scopeName source.nix, found ${grammar.scopeName}`);
}
fs.writeFileSync(path.join(targetDir, "nix.tmLanguage.json"), JSON.stringify(grammar, null, 2) + "\n");
