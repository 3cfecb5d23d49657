/**
 * Built-in templates precompiled at build time, by relative name (`static-pod.yaml.hbs`): the
 * source they were compiled from and Handlebars' precompiled template spec. The
 * bundled build replaces this module with the real table; unbundled, it is empty and every template
 * is compiled when first used. A template from --templates-dir, or a built-in file whose content
 * differs from what was precompiled, is always compiled at run time.
 */
export interface PrecompiledTemplate {
  source: string;
  spec: unknown;
}

export const PRECOMPILED: Readonly<Record<string, PrecompiledTemplate>> = {};
