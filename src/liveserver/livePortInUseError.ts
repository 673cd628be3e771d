/** The live server's port is taken; front ends add how to change it (a setting, a flag). */
export class LivePortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use (another Landmark Lens server, or your backend?)`);
    this.name = 'LivePortInUseError';
  }
}
