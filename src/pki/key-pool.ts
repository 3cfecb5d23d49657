/**
 * Keys started ahead of need: a phase that knows it will write N keys asks for them up front, so
 * they are generated concurrently (on libuv's thread pool, both cores busy) while certificates are
 * built and signed one by one. The key code is loaded with the first key.
 */
import { type KeySpec, specId } from './algorithms.js';
import type { KeyPair } from './keys.js';

const generateKey = (spec: KeySpec): Promise<KeyPair> => import('./keys.js').then((m) => m.generateKey(spec));

export class KeyPool {
  private readonly ready = new Map<string, Promise<KeyPair>[]>();

  /** `generate` makes one key pair; tests pass a fixed source. */
  constructor(private readonly generate: (spec: KeySpec) => Promise<KeyPair> = generateKey) {}

  prefetch(spec: KeySpec, count: number): void {
    const list = this.list(spec);
    for (let i = 0; i < count; i++) {
      const p = this.generate(spec);
      p.catch(() => undefined); // a failure is reported to whoever takes it
      list.push(p);
    }
  }

  take(spec: KeySpec): Promise<KeyPair> {
    return this.list(spec).shift() ?? this.generate(spec);
  }

  /** Keys started but not taken yet. */
  pending(spec: KeySpec): number {
    return this.list(spec).length;
  }

  private list(spec: KeySpec): Promise<KeyPair>[] {
    const id = specId(spec);
    let list = this.ready.get(id);
    if (!list) this.ready.set(id, (list = []));
    return list;
  }
}

