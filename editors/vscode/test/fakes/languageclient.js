// A fake `vscode-languageclient/node`: records every client created, and answers requests
// from `FakeLanguageClient.answers` (method → function(params)).
class ResponseError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions });
    this.running = false;
    this.stopped = false;
    this.requests = [];
    this.notificationsSent = [];
    this.handlers = new Map();
    LanguageClient.created.push(this);
  }
  async start() {
    if (LanguageClient.failStart) throw new Error(LanguageClient.failStart);
    this.running = true;
  }
  async stop() {
    this.running = false;
    this.stopped = true;
  }
  async sendRequest(method, params) {
    this.requests.push([method, params]);
    const answer = LanguageClient.answers[method];
    if (!answer) throw new ResponseError(-32601, `unhandled ${method}`);
    return answer(params);
  }
  async sendNotification(method, params) {
    this.notificationsSent.push([method, params]);
  }
  onNotification(method, handler) {
    this.handlers.set(method, handler);
    return { dispose() {} };
  }
}
LanguageClient.created = [];
LanguageClient.answers = {};
LanguageClient.failStart = undefined;

module.exports = {
  LanguageClient,
  ResponseError,
  TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 },
};
