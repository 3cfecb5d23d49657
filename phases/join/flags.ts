/** The flags join phases share: every phase discovers the cluster first, so each takes the discovery flags. */
import type { FlagKey } from '../../src/config/flags/table.js';

export const DISCOVERY_FLAGS: readonly FlagKey[] = [
  'token',
  'discoveryToken',
  'discoveryTokenCaCertHash',
  'discoveryTokenUnsafeSkipCaVerification',
  'discoveryFile',
  'tlsBootstrapToken',
];

/** This node as a control plane: the flag, its key and its API endpoint. */
export const CONTROL_PLANE_FLAGS: readonly FlagKey[] = ['controlPlane', 'certificateKey', 'apiserverAdvertiseAddress', 'apiserverBindPort'];
