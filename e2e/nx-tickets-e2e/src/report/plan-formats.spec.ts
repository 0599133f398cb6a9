import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from '../run/run-workspace.js';
import { hasChromium, launchChromium, type HeadlessChromium } from './chromium.js';

const require = createRequire(import.meta.url);
const EVIL_TITLE = '<img src=x onerror=alert(1)> "quoted" | #1 `code` --> B';
const A = 'libs/alpha/src/a.ts';

let ws: RunWorkspace;
let browser: HeadlessChromium | undefined;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    tickets: [
      { key: 'MM-1', title: EVIL_TITLE, files: [A] },
      { key: 'MM-2', title: 'Also a', files: [A] },
      { key: 'MM-3', title: 'After MM-1', files: ['libs/beta/src/index.ts'], dependsOn: ['MM-1'] },
      { key: 'MM-4', title: 'Alone', files: ['libs/beta/README.md'] },
    ],
    changes: {},
  });
  if (hasChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ws?.cleanup();
});

describe('nx-tickets plan --format mermaid', () => {
  test('prints a graph with sanitised ids, escaped labels and conflicts highlighted', async () => {
    const result = await ws.nxTickets(['plan', 'MM-1', 'MM-2', 'MM-3', 'MM-4', '--format', 'mermaid']);
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('graph LR');
    expect(result.stdout).not.toContain('<img');
    expect(result.stdout).toContain('t0_MM_1["MM-1: #lt;img src=x onerror=alert(1)#gt; #quot;quoted#quot; #124; #35;1 #96;code#96; --#gt; B<br/>est 1h"]');
    expect(lines.slice(6)).toEqual([
      '  t0_MM_1 ==>|"file libs/alpha/src/a.ts"| t1_MM_2',
      '  t0_MM_1 -->|"depends on"| t2_MM_3',
      '  t2_MM_3 -.->|"project beta"| t3_MM_4',
      '  classDef conflict stroke:#c62828,stroke-width:2px',
      '  class t0_MM_1,t1_MM_2 conflict',
      '  linkStyle 0 stroke:#c62828,stroke-width:3px',
    ]);
  });

  test.skipIf(!hasChromium)('is parsed and rendered by Mermaid itself (its browser bundle, in headless Chromium)', async () => {
    const text = (await ws.nxTickets(['plan', 'MM-1', 'MM-2', 'MM-3', 'MM-4', '--format', 'mermaid'])).stdout;
    const page = await browser!.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const rendered = await page.evaluate(async (source) => {
      const mermaid = (globalThis as unknown as { mermaid: { initialize(o: object): void; parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const parsed = await mermaid.parse(source);
      const { svg } = await mermaid.render('plan', source);
      // Runs in the page; the e2e project is compiled without the DOM types.
      type Box = { innerHTML: string; textContent: string | null; querySelectorAll(selector: string): { length: number } };
      const box = (globalThis as unknown as { document: { getElementById(id: string): Box } }).document.getElementById('out');
      box.innerHTML = svg;
      return { parsed: parsed !== false, svg, text: box.textContent ?? '', images: box.querySelectorAll('img').length, nodes: box.querySelectorAll('g.node').length };
    }, text);
    expect(errors).toEqual([]);
    expect(rendered.parsed).toBe(true);
    expect(rendered.nodes).toBe(4);
    expect(rendered.images).toBe(0);
    expect(rendered.text).toContain('<img src=x onerror=alert(1)>');
    for (const key of ['MM-1', 'MM-2', 'MM-3', 'MM-4']) expect(rendered.text).toContain(key);
  });
});

describe('nx-tickets plan --format github-matrix', () => {
  test('prints one line of matrix JSON: conflicting and dependent tickets in one shard, the rest balanced', async () => {
    const result = await ws.nxTickets(['plan', 'MM-1', 'MM-2', 'MM-3', 'MM-4', '--format', 'github-matrix']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const matrix = JSON.parse(result.stdout) as { include: Array<{ shard: number; total: number; tickets: string; keys: string[]; estimateMinutes: number }> };
    expect(matrix.include).toEqual([
      { shard: 1, total: 2, tickets: 'MM-1 MM-2 MM-3', keys: ['MM-1', 'MM-2', 'MM-3'], estimateMinutes: 180 },
      { shard: 2, total: 2, tickets: 'MM-4', keys: ['MM-4'], estimateMinutes: 60 },
    ]);
    const one = JSON.parse((await ws.nxTickets(['plan', 'MM-1', 'MM-4', '--format', 'github-matrix', '--shards', '1'])).stdout) as { include: unknown[] };
    expect(one.include).toHaveLength(1);
  });

  test('refuses --shards without the matrix format, with exit 2', async () => {
    const result = await ws.nxTickets(['plan', 'MM-1', '--shards', '2']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--shards only applies to --format github-matrix.');
  });
});
