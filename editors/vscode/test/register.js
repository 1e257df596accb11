// Loaded with `node --require`: `require("vscode")` and `require("vscode-languageclient/node")`
// resolve to the fakes in this folder (no VS Code binary exists here).
const Module = require("module");
const path = require("path");

const fakes = {
  vscode: path.join(__dirname, "fakes", "vscode.js"),
  "vscode-languageclient/node": path.join(__dirname, "fakes", "languageclient.js"),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (Object.prototype.hasOwnProperty.call(fakes, request)) {
    return fakes[request];
  }
  return resolve.call(this, request, ...rest);
};
