/** A model or profile that cannot be used; the message is one line naming the file and the reason. */
export class ModelProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelProfileError';
  }
}
