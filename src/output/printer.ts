/**
 * kubeadm's `-o json|yaml` printers (kubectl's): kind and apiVersion of the output API group first,
 * JSON indented by four spaces with one document per object, YAML as sigs.k8s.io/yaml writes it
 * (keys sorted, sequences not indented, strings YAML 1.1 would read as something else quoted, such
 * as times) with `---` between objects.
 */
import { toYaml } from '../yaml.js';

export const OUTPUT_API_VERSION = 'output.kubeadm.k8s.io/v1alpha3';

export type StructuredFormat = 'json' | 'yaml';

/** An object of kubeadm's output API: `kind`, `apiVersion`, then its fields in Go's order. */
export function outputObject(kind: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { kind, apiVersion: OUTPUT_API_VERSION, ...fields };
}

/** Each object printed on its own, as kubectl's printers do when called once per object. */
export function printObjects(objects: readonly unknown[], format: StructuredFormat): string {
  if (format === 'json') return objects.map((o) => `${JSON.stringify(o, null, 4)}\n`).join('');
  return objects.map((o) => toYaml(o, 'manifest')).join('---\n');
}

/** `Jan 02, 2006 15:04 MST` in UTC, the date format of kubeadm's expiration tables. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function kubeadmTableDate(d: Date): string {
  const month = MONTHS[d.getUTCMonth()]!;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${month} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** Go's time.RFC3339 for a UTC time (metav1.Time's JSON form): no fractional seconds. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
