/**
 * Work estimates as people write them: `90m`, `2h`, `1h30m`, `1.5h`, `1d`, `2d 4h`, `1w`.
 *
 * Hand-written on purpose: duration libraries (`ms`, `parse-duration`) count a day as 24 hours,
 * while ticket estimates count working days (8 h by default, configurable) and working weeks (5 days).
 */

const UNIT_PATTERN = /(\d+(?:\.\d+)?)\s*(w|d|h|m)/gy;

/**
 * Parse an estimate into minutes.
 *
 * @param text e.g. `90m`, `2h`, `1h30m`, `1.5h`, `1d`, `2d 4h`, `1w`; a bare number means hours.
 * @param minutesPerDay working minutes in a day (default 480 = 8 h); a week is 5 days.
 * @returns whole minutes (rounded), or `undefined` when the text is not an estimate or is zero.
 */
export function parseEstimate(text: string | number, minutesPerDay = 480): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text > 0 ? Math.round(text * 60) : undefined;
  const source = text.trim().toLowerCase();
  if (source === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(source)) return parseEstimate(Number(source), minutesPerDay);
  const perUnit: Record<string, number> = { w: 5 * minutesPerDay, d: minutesPerDay, h: 60, m: 1 };
  let total = 0;
  let position = 0;
  UNIT_PATTERN.lastIndex = 0;
  while (position < source.length) {
    while (source[position] === ' ') position += 1;
    if (position >= source.length) break;
    UNIT_PATTERN.lastIndex = position;
    const match = UNIT_PATTERN.exec(source);
    if (!match) return undefined;
    total += Number(match[1]) * (perUnit[match[2] as string] as number);
    position = UNIT_PATTERN.lastIndex;
  }
  const minutes = Math.round(total);
  return minutes > 0 ? minutes : undefined;
}
