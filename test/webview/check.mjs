// The assertions of the webview cases: each throws with what was expected and what was found.

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}
