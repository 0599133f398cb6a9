/** Entry of the `nx-tickets` bin: the real process wired to {@link runCli}. */
import { processIo } from './cli-io.js';
import { interruptOnSignals } from './interrupt-on-signals.js';
import { runCli } from './run-cli.js';

// First Ctrl-C (or SIGTERM, or SIGHUP when the terminal closes): stop starting work, kill children,
// save the state (exit 130). A second Ctrl-C: leave now.
const interrupt = interruptOnSignals(() => process.exit(130));
process.exitCode = await runCli(process.argv.slice(2), { ...processIo(), signal: interrupt.signal });
