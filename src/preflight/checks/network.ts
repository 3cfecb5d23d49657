/** Ports, proxies and the node name: what the network must look like before components start. */
import { joinHostPort } from '../../net/host-port.js';
import { indexedIP, parseCidr } from '../../net/ip.js';
import { proxyFor } from '../proxy.js';
import { type Check, type PreflightPlan, always, fail, pass } from '../types.js';

export function portCheck(port: number, hint: string, appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: `Port-${port}`,
    severity: 'error',
    appliesTo,
    async run(host) {
      if (await host.isPortFree(port)) return pass(`port ${port} is free`);
      return fail(`Port ${port} is in use`, `see what listens there with \`ss -ltnp 'sport = :${port}'\` and stop it (a control plane from an earlier run? \`kubeadm reset\`); ${hint}`);
    },
  };
}

const PROXY_HINT = (host: string): string => `add ${host} to NO_PROXY/no_proxy, or unset HTTPS_PROXY/https_proxy for minikubeadm`;

/** Warns when HTTPS to `host` (the advertise address, or the discovery endpoint's host) would go through a proxy. */
export function httpProxyCheck(hostOf: (p: PreflightPlan) => string, appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: 'HTTPProxy',
    severity: 'warning',
    appliesTo,
    async run(host, plan) {
      const target = hostOf(plan);
      if (target === '') return pass('no address to check yet');
      const url = target.includes(':') ? `https://${joinHostPort(target, 1234)}` : `https://${target}`;
      let proxy: string | undefined;
      try {
        proxy = proxyFor(host.env, url);
      } catch (e) {
        return fail(`cannot build a URL for host "${target}": ${(e as Error).message}`, 'set a valid advertise address or API server endpoint', { severity: 'error' });
      }
      if (!proxy) return pass(`connections to ${url} are direct`);
      return fail(`Connection to "${url}" uses proxy "${proxy}". If that is not intended, adjust your proxy settings`, PROXY_HINT(target));
    },
  };
}

/** Warns when the first address of the service or pod subnet would be reached through a proxy. */
export function httpProxyCidrCheck(appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: 'HTTPProxyCIDR',
    severity: 'warning',
    appliesTo,
    async run(host, plan) {
      const cidrs = [...plan.serviceSubnet.split(','), ...plan.podSubnet.split(',')].map((c) => c.trim()).filter((c) => c !== '');
      const problems: string[] = [];
      for (const cidr of cidrs) {
        const ip = parseCidr(cidr) ? indexedIP(cidr, 1) : undefined;
        if (!ip) return fail(`error parsing CIDR "${cidr}"`, 'fix networking.serviceSubnet / networking.podSubnet', { severity: 'error' });
        const proxy = proxyFor(host.env, `https://${joinHostPort(ip, 1234)}/`);
        if (proxy) problems.push(`connection to "${cidr}" uses proxy "${proxy}"`);
      }
      if (problems.length === 0) return pass(`no proxy for ${cidrs.join(', ') || 'the cluster subnets'}`);
      return fail(
        `${problems.join('; ')}. This may lead to malfunctional cluster setup. Make sure that Pod and Services IP ranges specified correctly as exceptions in proxy configuration`,
        `add ${cidrs.join(',')} to NO_PROXY/no_proxy`,
      );
    },
  };
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problems with `name` as a Kubernetes qualified name (apimachinery IsQualifiedName). */
export function qualifiedNameProblems(name: string): string[] {
  const parts = name.split('/');
  if (parts.length > 2) return ["a qualified name is a name with an optional DNS subdomain prefix and one '/' (e.g. 'example.com/MyName')"];
  const [prefix, local] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
  const problems: string[] = [];
  if (prefix !== undefined) {
    if (prefix === '') problems.push('prefix part must be non-empty');
    else if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) problems.push('prefix part must be a lower-case DNS subdomain (RFC 1123)');
  }
  if (local === '') problems.push('name part must be non-empty');
  else if (local.length > 63) problems.push('name part must be no more than 63 characters');
  else if (!NAME_PART.test(local)) problems.push("name part must use only alphanumerics, '-', '_' and '.', and start and end with an alphanumeric");
  return problems;
}

export const hostnameCheck: Check = {
  name: 'Hostname',
  severity: 'warning',
  appliesTo: always,
  async run(host, plan) {
    const name = plan.nodeName;
    const invalid = qualifiedNameProblems(name).map((m) => ({
      message: `invalid node name format "${name}": ${m}`,
      hint: 'set nodeRegistration.name (or --node-name) to a lower-case DNS name such as the machine hostname',
    }));
    const lookup = await host.lookupHost(name, 5000);
    if (lookup.addresses.length > 0 && invalid.length === 0) return pass(`"${name}" resolves to ${lookup.addresses.join(', ')}`);
    if (lookup.addresses.length > 0) return fail(invalid[0]!.message, invalid[0]!.hint, { warnings: invalid.slice(1) });
    return fail(
      `hostname "${name}" could not be reached${lookup.error ? ` (${lookup.error})` : ''}`,
      `add "${name}" to /etc/hosts with this node's address${plan.advertiseAddress ? ` (e.g. \`${plan.advertiseAddress} ${name}\`)` : ''} or to DNS, or set nodeRegistration.name / --node-name to a resolvable name`,
      { warnings: invalid },
    );
  },
};
