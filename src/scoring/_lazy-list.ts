/**
 * An array whose items are built the first time they are read (issue 15: `score()`'s report is
 * the columns, materialised on access). It is a real array — `Array.isArray`, `length`, indexing,
 * iteration, `JSON.stringify`, `structuredClone`, `postMessage` and deep equality all see the
 * items — whose elements start as accessors: reading item `i` calls `build(i)` once, and the
 * element becomes a plain data property holding the result, so later reads return the same
 * object. Writing an element replaces it, as in any array. Until every item has been read, the
 * list keeps what `build` needs (the column store) alive; after that, only the items.
 */
export function lazyList<T>(n: number, build: (i: number) => T): T[] {
  const list: T[] = [];
  // Where an element could not be made a data property (the list was frozen): built once anyway.
  let kept: Map<number, T> | undefined;
  const settle = (i: number, value: T): void => {
    const done = Reflect.defineProperty(list, i, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    if (done) return;
    kept ??= new Map();
    kept.set(i, value);
  };
  for (let i = 0; i < n; i++) {
    Object.defineProperty(list, i, {
      configurable: true,
      enumerable: true,
      get(): T {
        const had = kept?.get(i);
        if (had !== undefined) return had;
        const value = build(i);
        settle(i, value);
        return value;
      },
      set(value: T) {
        settle(i, value);
      },
    });
  }
  return list;
}
