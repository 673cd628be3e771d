import type { BackendReply } from '../model/profile';

/**
 * JSON text exactly as the Python backend writes it with `json.dumps`: ", " and ": " separators,
 * non-ASCII escaped as \uXXXX, and floats that keep their ".0" (0.0, 1.0). Replies carry probabilities
 * already rounded to a few decimals, where Python's float repr and JavaScript's number text agree
 * except for whole numbers.
 */
export function formatWireReply(reply: BackendReply): string {
  return `{"maxarg_letter": ${pythonString(reply.maxarg_letter)}, "target_arg_prob": ${pythonFloat(reply.target_arg_prob)}}`;
}

export function formatWireError(message: string): string {
  return `{"error": ${pythonString(message)}}`;
}

function pythonFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function pythonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
