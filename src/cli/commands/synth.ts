import type { CliCommand } from '../command';
import { UserError } from '../command';

// Placeholder until this command is built; it says so rather than pretending.
export const synthCommand: CliCommand = {
  name: 'synth',
  usage: 'synth',
  summary: 'not available yet',
  async run() {
    throw new UserError('this command is not available yet');
  },
};
