/**
 * JSON.stringify replacer for messages handed to the webview test page: typed arrays travel as
 * base64 with their type name (the page's harness.decode rebuilds them), as VS Code would post them.
 */
export function toTransport(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $typed: Object.prototype.toString.call(value).slice(8, -1), b64: bytes.toString('base64') };
  }
  return value;
}
