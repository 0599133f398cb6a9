/** Columns assumed when a terminal reports none (0 or undefined), as most terminal tools do. */
export const FALLBACK_COLUMNS = 80;
/** Rows assumed when a terminal reports none. */
export const FALLBACK_ROWS = 24;

/**
 * `stream` as seen by a redrawing renderer (`log-update`): writes go to `stream`, and its size is
 * read at each draw, with {@link FALLBACK_COLUMNS} × {@link FALLBACK_ROWS} when the terminal
 * reports 0 or nothing (some CI pseudo-terminals do; a width of 0 would draw nothing at all).
 */
export function withTerminalSize(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(stream, {
    get(target, property, receiver) {
      if (property === 'columns') return target.columns || FALLBACK_COLUMNS;
      if (property === 'rows') return target.rows || FALLBACK_ROWS;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
