import { MinikubeadmError } from '../errors.js';
import type { LoadConfigOptions } from './index.js';
import type { Config } from './types.js';

export async function loadConfigImpl(_options: LoadConfigOptions): Promise<Config> {
  throw new MinikubeadmError('NOT_IMPLEMENTED', 'config loading is not implemented yet');
}
