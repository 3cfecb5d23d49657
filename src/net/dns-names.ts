/** Kubernetes' DNS-1123 name rules (apimachinery validation): labels, subdomains, wildcard subdomains. */
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const LABEL_RE = new RegExp(`^${LABEL}$`);

/** IsDNS1123Subdomain: lower-case labels joined by dots, at most 253 characters. */
export function isDNS1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && SUBDOMAIN.test(s);
}

/** IsDNS1123Label: one lower-case label, at most 63 characters. */
export function isDNS1123Label(s: string): boolean {
  return s.length > 0 && s.length <= 63 && LABEL_RE.test(s);
}

/** IsWildcardDNS1123Subdomain: `*.` followed by a subdomain (`*.example.com`). */
export function isWildcardDNS1123Subdomain(s: string): boolean {
  return s.startsWith('*.') && s.length <= 253 && isDNS1123Subdomain(s.slice(2));
}
