import { createSystemLoadSampler } from '../adapters/system/index.js';
import type { ResolvedConfig } from '../config/index.js';
import { DashboardReporter } from '../reporting/dashboard-reporter.js';
import { JsonReporter } from '../reporting/json-reporter.js';
import { PlainReporter } from '../reporting/plain-reporter.js';
import type { Reporter } from '../reporting/reporter.js';
import type { CliIo } from './cli-io.js';

/**
 * The reporter for this terminal: `--json` → one event per line; a TTY outside CI → the live
 * dashboard; otherwise plain lines with a status line every `progress_updates` seconds.
 */
export function createReporter(io: CliIo, options: { json: boolean; color: boolean; config: ResolvedConfig }): Reporter {
  const write = (text: string) => void io.stdout.write(text);
  if (options.json) return new JsonReporter(write);
  const ci = (io.env['CI'] ?? '') !== '' && io.env['CI'] !== 'false';
  if (io.stdout.isTTY === true && !ci && isWriteStream(io.stdout)) {
    const sampler = createSystemLoadSampler();
    let line = 'cpu … · memory …';
    const refresh = setInterval(() => {
      void sampler.sample().then((load) => {
        line = `cpu ${Math.round(load.cpuPercent)}% · memory ${(load.freeMemoryMb / 1024).toFixed(1)} GiB free`;
      });
    }, 2_000);
    refresh.unref();
    const dashboard = new DashboardReporter(io.stdout, () => line, options.color);
    return { onEvent: (event, state) => dashboard.onEvent(event, state), close: () => (clearInterval(refresh), dashboard.close()) };
  }
  return new PlainReporter(write, options.config.parallel_execution.progress_updates * 1_000);
}

function isWriteStream(stream: CliIo['stdout']): stream is NodeJS.WriteStream {
  return typeof (stream as NodeJS.WriteStream).columns === 'number' || (stream as NodeJS.WriteStream).isTTY === true;
}
