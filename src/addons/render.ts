/**
 * Rendering an addon: every template of it through the shared pipeline (render → parse →
 * schema-validate), all before anything is sent, so a broken template changes nothing in the
 * cluster. Text templates (the Corefile) are rendered as they are.
 */
import type { KubeObject } from '../kube/objects/types.js';
import { renderObjects } from '../render/pipeline.js';
import { type TemplateOptions, renderTemplate } from '../render/templates.js';

/** One template of an addon and the kinds it must render, in order. */
export interface AddonTemplate {
  name: string;
  kinds: string[];
}

export async function renderAddon(templates: readonly AddonTemplate[], data: unknown, options: TemplateOptions): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const t of templates) objects.push(...(await renderObjects(t.name, data, options, { kinds: t.kinds })).objects);
  return objects;
}

/** A text template (not YAML), e.g. the Corefile. */
export async function renderText(name: string, data: unknown, options: TemplateOptions): Promise<string> {
  return (await renderTemplate(name, data, options)).text;
}
