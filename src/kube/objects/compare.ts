/**
 * Does an object on the server already say everything we would send? The server adds defaults,
 * status and bookkeeping, so the check is "desired is contained in actual": every field we set has
 * the same value there (false and 0 may come back absent, as Go omits them); arrays match element
 * by element. Maps named in `exactMaps` (a ConfigMap's
 * or Secret's data) must match key for key, so a key we dropped is noticed.
 */
export interface CompareOptions {
  /** Dotted paths whose maps must have exactly the desired keys, e.g. `data`. */
  exactMaps?: readonly string[];
  /** Keys of exact maps that the server side may have in addition (e.g. cluster-info signatures). */
  ignoreExtraKey?: (path: string, key: string) => boolean;
}

/** Metadata the server owns; never part of the comparison. */
const SERVER_METADATA = new Set(['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink']);

export function isContainedIn(desired: unknown, actual: unknown, options: CompareOptions = {}, path = ''): boolean {
  if (isEmpty(desired)) {
    // An empty map may come back filled with server defaults; anything else empty must stay empty.
    return isEmpty(actual) || (isObject(desired) && isObject(actual) && !options.exactMaps?.includes(path));
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) return false;
    return desired.every((d, i) => isContainedIn(d, actual[i], options, `${path}[]`));
  }
  if (isObject(desired)) {
    if (!isObject(actual)) return false;
    if (options.exactMaps?.includes(path)) {
      const extra = Object.keys(actual).filter((k) => !(k in desired) && !options.ignoreExtraKey?.(path, k));
      if (extra.length > 0) return false;
    }
    return Object.entries(desired).every(([k, v]) => {
      if (path === 'metadata' && SERVER_METADATA.has(k)) return true;
      if (v === undefined) return true;
      return isContainedIn(v, actual[k], options, path ? `${path}.${k}` : k);
    });
  }
  // Go's omitempty drops false and 0 from the answer: absent there means that zero value.
  if (actual === undefined && (desired === false || desired === 0)) return true;
  return desired === actual;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** null, empty string, empty array and empty map: the server drops these, so they equal "absent". */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.keys(v).length === 0;
}
