/**
 * A small number per object, for the keys views compare to tell whether what they drew changed: the same
 * object keeps its number, another object gets a new one, and the map holds no object alive.
 */
export class ObjectIds {
  private readonly ids = new WeakMap<object, number>();
  private next = 1;

  /** The object's number; 0 for none (null, undefined or a value that is not an object). */
  of(o: unknown): number {
    if (typeof o !== 'object' || o === null) return 0;
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.next++));
    return id;
  }
}
