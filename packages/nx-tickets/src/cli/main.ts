/** Entry of the `nx-tickets` bin: the real process wired to {@link runCli}. */
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
