/**
 * Detached JWS over cluster-info, as the controller-manager's bootstrapsigner writes it into
 * `jws-kubeconfig-<token-id>` and as a joining node checks it: HS256 keyed with the token secret,
 * protected header exactly `{"alg":"HS256","kid":"<token-id>"}`, payload segment left empty.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Prefix of the cluster-info keys that hold one signature per signing token. */
export const JWS_SIGNATURE_KEY_PREFIX = 'jws-kubeconfig-';

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** `<b64url(header)>..<b64url(HMAC-SHA256(secret, header.payload))>` */
export function computeDetachedSignature(content: string, tokenId: string, tokenSecret: string): string {
  // The header is built by hand: the key order and the absence of spaces are part of the signature.
  const header = b64url(`{"alg":"HS256","kid":${JSON.stringify(tokenId)}}`);
  const signingInput = `${header}.${b64url(content)}`;
  const sig = createHmac('sha256', Buffer.from(tokenSecret, 'utf8')).update(signingInput, 'utf8').digest();
  return `${header}..${b64url(sig)}`;
}

/** True when `detached` is the signature of `content` with this token (constant-time comparison). */
export function detachedSignatureIsValid(detached: string, content: string, tokenId: string, tokenSecret: string): boolean {
  const expected = Buffer.from(computeDetachedSignature(content, tokenId, tokenSecret), 'utf8');
  const actual = Buffer.from(detached, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
