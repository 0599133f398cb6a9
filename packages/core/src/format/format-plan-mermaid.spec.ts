import { describe, expect, test } from 'vitest';
import { buildPlan } from '../planning/build-plan.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { formatPlanMermaid } from './format-plan-mermaid.js';

describe('formatPlanMermaid', () => {
  test('draws conflicts thick and red, links as arrows, parallel overlaps dotted, with escaped labels', () => {
    const plan = buildPlan({
      tickets: [
        ticket('#42', { title: 'Fix "login" <b>now</b> | a & b', files: ['libs/auth/src/login.ts'], estimateMinutes: 60 }),
        ticket('A-2', { title: 'Also login\nnext line', files: ['libs/auth/src/login.ts'], estimateMinutes: 30 }),
        ticket('A-3', { files: ['libs/auth/src/redirect.ts'], dependsOn: ['#42'], estimateMinutes: 30 }),
      ],
      workspace: workspace(),
      options: options(),
    });
    expect(formatPlanMermaid(plan)).toMatchInlineSnapshot(`
      "graph LR
        %% nx-tickets plan: 3 tickets onto main
        t0__42["#35;42: Fix #quot;login#quot; #lt;b#gt;now#lt;/b#gt; #124; a #amp; b<br/>est 1h"]
        t1_A_2["A-2: Also login next line<br/>est 30m"]
        t2_A_3["A-3: Ticket A-3<br/>est 30m"]
        t0__42 ==>|"file libs/auth/src/login.ts"| t1_A_2
        t0__42 -->|"project auth · depends on"| t2_A_3
        t1_A_2 -.->|"project auth"| t2_A_3
        classDef conflict stroke:#c62828,stroke-width:2px
        class t0__42,t1_A_2 conflict
        linkStyle 0 stroke:#c62828,stroke-width:3px
      "
    `);
  });

  test('cuts a long emoji title without splitting a character', () => {
    const plan = buildPlan({ tickets: [ticket('E-1', { title: '🚀'.repeat(40), files: ['libs/auth/src/login.ts'], estimateMinutes: 60 })], workspace: workspace(), options: options() });
    const text = formatPlanMermaid(plan);
    expect(text).toContain(`t0_E_1["E-1: ${'🚀'.repeat(29)}…<br/>est 1h"]`);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  test('prints only the nodes for tickets without overlaps', () => {
    const plan = buildPlan({ tickets: [ticket('A-1', { files: ['libs/ui/README.md'] })], workspace: workspace(), options: options() });
    expect(formatPlanMermaid(plan).split('\n').filter((l) => l.includes('-->') || l.includes('linkStyle'))).toEqual([]);
  });
});
