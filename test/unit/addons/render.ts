/** Renders addon templates through the real pipeline (Handlebars + schema validation). */
import { renderObjects } from '../../../src/render/pipeline.js';
import { testContext } from '../../helpers/config.js';

export type Obj = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };

export async function render(templates: readonly { name: string; kinds: string[] }[], data: unknown): Promise<Obj[]> {
  const { ctx } = await testContext();
  const out: Obj[] = [];
  for (const t of templates) {
    const r = await renderObjects(t.name, data, { builtinTemplatesDir: ctx.paths.builtinTemplatesDir, reader: ctx.fs }, { kinds: t.kinds });
    out.push(...(r.objects as unknown as Obj[]));
  }
  return out;
}
