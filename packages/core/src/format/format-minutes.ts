/**
 * Format minutes the way estimates are written: `45m`, `2h`, `4h30m`, `1d 2h` (working days).
 *
 * @param minutes a non-negative number of minutes (rounded).
 * @param minutesPerDay working minutes in a day; `0` disables days (default 0: hours only, like
 *   the plan's "est 10h" — days are opt-in because a wall-clock total is not a working-day count).
 */
export function formatMinutes(minutes: number, minutesPerDay = 0): string {
  let rest = Math.max(0, Math.round(minutes));
  if (rest === 0) return '0m';
  const parts: string[] = [];
  if (minutesPerDay > 0 && rest >= minutesPerDay) {
    parts.push(`${Math.floor(rest / minutesPerDay)}d`);
    rest %= minutesPerDay;
  }
  if (rest >= 60) {
    parts.push(`${Math.floor(rest / 60)}h`);
    rest %= 60;
  }
  if (rest > 0) parts.push(`${rest}m`);
  return parts.join(minutesPerDay > 0 ? ' ' : '');
}
