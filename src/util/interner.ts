/** Numbers strings in order of first appearance: the first string met is 0, the next new one 1, and so on. */
export class Interner {
  /** The strings by number. */
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  /** The number of `s`, given now if it is new. */
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) this.ids.set(s, (id = this.list.push(s) - 1));
    return id;
  }
}
