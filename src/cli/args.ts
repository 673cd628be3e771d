import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node's parseArgs, with its errors turned into one-line usage errors. */
export function parseCommandArgs<T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UserError(`unknown option ${option}; usage: ${usage}`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (e.message.includes('ambiguous')) {
        throw new UserError(`${option} seems to miss its value; write ${option}=<value> for a value that starts with '-'`);
      }
      throw new UserError(`${option} needs a value; usage: ${usage}`);
    }
    // Other messages run on several lines; the first says what is wrong.
    throw new UserError(`${e.message.split('\n')[0]}; usage: ${usage}`);
  }
}

export interface NumberRule {
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  integer?: boolean;
}

/** A numeric option's value, or undefined when it was not given; `expected` says what is allowed. */
export function numberOption(flag: string, raw: string | undefined, rule: NumberRule, expected: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok =
    raw.trim() !== '' &&
    Number.isFinite(n) &&
    (!rule.integer || Number.isInteger(n)) &&
    (rule.min === undefined || n >= rule.min) &&
    (rule.above === undefined || n > rule.above) &&
    (rule.max === undefined || n <= rule.max);
  if (!ok) throw new UserError(`--${flag}: expected ${expected}, found '${raw}'`);
  return n;
}

/** A choice among fixed words (case-insensitive), or undefined when it was not given. */
export function choiceOption<C extends string>(flag: string, raw: string | undefined, choices: readonly C[]): C | undefined {
  if (raw === undefined) return undefined;
  const found = choices.find((c) => c.toLowerCase() === raw.toLowerCase());
  if (!found) {
    const list = choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`;
    throw new UserError(`--${flag}: expected ${list}, found '${raw}'`);
  }
  return found;
}

/** The options of a command that writes a new session file: --out (required) and --force, with --hand left|right of the signer. */
export const SESSION_OUT_OPTIONS = {
  out: { type: 'string', short: 'o' },
  hand: { type: 'string' },
  force: { type: 'boolean', short: 'f' },
} as const;

/** The file --out names; a usage error when it is missing. */
export function requiredOut(out: string | undefined, usage: string): string {
  if (!out) throw new UserError(`--out: expected the file to write; usage: ${usage}`);
  return out;
}

/** --hand: 'left' or 'right', or undefined when it was not given. */
export function handOption(raw: string | undefined): 'left' | 'right' | undefined {
  return choiceOption('hand', raw, ['left', 'right'] as const);
}
