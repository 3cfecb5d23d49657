/**
 * PEM as Go's encoding/pem writes it: base64 in 64-character lines, `\n` line ends, one block after
 * another. Reading accepts `\r\n` and text around the blocks.
 */
export interface PemBlock {
  type: string;
  der: Buffer;
}

export const PEM_CERTIFICATE = 'CERTIFICATE';
export const PEM_RSA_PRIVATE_KEY = 'RSA PRIVATE KEY';
export const PEM_EC_PRIVATE_KEY = 'EC PRIVATE KEY';
export const PEM_PUBLIC_KEY = 'PUBLIC KEY';

export function encodePem(type: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Every PEM block in `text`, in order. Malformed base64 gives an empty `der`. */
export function decodePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const lines = m[2]!.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.includes(':'));
    blocks.push({ type: m[1]!, der: Buffer.from(lines.join(''), 'base64') });
  }
  return blocks;
}
