/**
 * The X.509 library, loaded in this one place: @peculiar/x509 needs the Reflect metadata API, so
 * reflect-metadata is evaluated before it. It signs and hashes with Node's WebCrypto (globalThis.crypto).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export { x509 };
