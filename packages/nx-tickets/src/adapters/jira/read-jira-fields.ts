import type { Problem } from '@nx-tickets/core';
import type { Version3Client } from 'jira.js';
import { callJira, type JiraRetryOptions } from './call-jira.js';

/** Ids of the custom fields nx-tickets reads (`customfield_10016`, …); absent when the site lacks one. */
export interface JiraFieldIds {
  storyPoints?: string;
  /** Company-managed projects' `Epic Link`. */
  epicLink?: string;
  sprint?: string;
}

interface FieldBean {
  id?: string;
  name?: string;
  schema?: { custom?: string };
}

const STORY_POINT_NAMES = ['story point estimate', 'story points', 'story point'];

/**
 * Find the custom fields by name from `GET /rest/api/3/field`: story points (`storyPointsField`
 * from the config, an id or a name, wins; else "Story point estimate" / "Story Points"), `Epic Link`
 * and `Sprint` (by their Jira Software type, else by name). A configured field that does not exist
 * is a warning, and points are then not read.
 *
 * @throws JiraError when Jira cannot be asked (401, unreachable, …).
 */
export async function readJiraFields(
  v3: Version3Client,
  host: string,
  storyPointsField: string | undefined,
  options: JiraRetryOptions & { signal?: AbortSignal } = {},
): Promise<{ ids: JiraFieldIds; warnings: Problem[] }> {
  const fields = (await callJira(host, 'read the field list', () => v3.issueFields.getFields(), options)) as FieldBean[];
  const byName = (names: string[]) => fields.find((f) => typeof f.name === 'string' && names.includes(f.name.toLowerCase()))?.id;
  const byType = (suffix: string) => fields.find((f) => f.schema?.custom?.endsWith(suffix))?.id;
  const warnings: Problem[] = [];
  let storyPoints: string | undefined;
  if (storyPointsField !== undefined) {
    const wanted = storyPointsField.toLowerCase();
    storyPoints = fields.find((f) => f.id === storyPointsField || f.name?.toLowerCase() === wanted)?.id;
    if (!storyPoints) warnings.push({ where: 'options.source.storyPointsField', message: `Jira has no field "${storyPointsField}"; story points are not read (use a field name or an id like customfield_10016)` });
  } else {
    storyPoints = byName(STORY_POINT_NAMES) ?? byType(':jsw-story-points');
  }
  const epicLink = byType(':gh-epic-link') ?? byName(['epic link']);
  const sprint = byType(':gh-sprint') ?? byName(['sprint']);
  return { ids: { ...(storyPoints ? { storyPoints } : {}), ...(epicLink ? { epicLink } : {}), ...(sprint ? { sprint } : {}) }, warnings };
}
