/**
 * An argv as a human reads it in a log header: `node -e 'console.log("hi")'`. Words made only of
 * safe characters stay bare; others are single-quoted (POSIX style, `'` written as `'\''`) and line
 * breaks shown as `\n`, so the header stays one line. For display only: nothing ever runs it
 * through a shell.
 */
export function formatArgv(argv: readonly string[]): string {
  return argv
    .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`).replace(/\r?\n/g, '\\n')}'`))
    .join(' ');
}
