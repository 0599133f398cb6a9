import { formatPlanMermaid, formatPlanText, type Plan } from '@nx-tickets/core';
import type { PlanFormat } from './plan-request.js';

/** The plan as printed on stdout: the text view, only the plan document for `json`, or a Mermaid `graph`. */
export function formatPlanOutput(plan: Plan, format: PlanFormat, color: boolean): string {
  const text = format === 'json' ? JSON.stringify(plan, null, 2) : format === 'mermaid' ? formatPlanMermaid(plan) : formatPlanText(plan, { color });
  return text.endsWith('\n') ? text : `${text}\n`;
}
