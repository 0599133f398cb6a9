/** Entry of the `nx-tickets` bin: the real process wired to {@link runCli}. */
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// First Ctrl-C: stop starting work, kill children, save the state (exit 130). Second: leave now.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
process.on('SIGTERM', () => interrupt.abort());
process.exitCode = await runCli(process.argv.slice(2), { ...processIo(), signal: interrupt.signal });
