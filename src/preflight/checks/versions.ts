/** Version skew: the Kubernetes version asked for, the installed kubelet, an external etcd. */
import { DEFAULT_KUBERNETES_VERSION } from '../../config/constants.js';
import type { ExternalEtcd } from '../../config/types.js';
import { compareSemVer, formatSemVer, parseSemVer, type SemVer } from '../semver.js';
import { type Check, type PreflightPlan, always, fail, pass } from '../types.js';
import { MIN_EXTERNAL_ETCD_VERSION } from '../../config/constants.js';

/**
 * kubeadm's MinExternalEtcdVersion for the release this build targets (constants.go, release-1.32
 * line). It belongs next to the other version pins in src/config/constants.ts.
 */

/** The release this build of minikubeadm corresponds to (kubeadm compares against its own version). */
export const TOOL_VERSION = parseSemVer(DEFAULT_KUBERNETES_VERSION)!;

/** kubeadm supports kubelets down to three minors below itself (MinimumKubeletVersion). */
export const MIN_KUBELET_VERSION = parseSemVer(`v${TOOL_VERSION.major}.${TOOL_VERSION.minor - 3}.0`)!;

/**
 * The oldest kubelet for a Kubernetes version: three minors below it, as kubeadm of that release
 * allows (a v1.31 cluster takes a v1.28 kubelet); without a version, this build's own minimum.
 */
export function minKubeletVersion(kubernetesVersion: string | undefined): SemVer {
  const k8s = kubernetesVersion ? parseSemVer(kubernetesVersion) : undefined;
  return k8s ? parseSemVer(`v${k8s.major}.${Math.max(k8s.minor - 3, 0)}.0`)! : MIN_KUBELET_VERSION;
}

const COMMAND_TIMEOUT_MS = 10_000;

export const kubernetesVersionCheck: Check = {
  name: 'KubernetesVersion',
  severity: 'warning',
  appliesTo: always,
  async run(_host, plan) {
    const text = plan.kubernetesVersion ?? '';
    const k8s = parseSemVer(text);
    if (!k8s) return fail(`couldn't parse Kubernetes version "${text}"`, 'set kubernetesVersion to a release such as v1.32.4', { severity: 'error' });
    const firstUnsupported = parseSemVer(`${TOOL_VERSION.major}.${TOOL_VERSION.minor + 1}.0-0`)!;
    if (compareSemVer(k8s, firstUnsupported) < 0) return pass(`Kubernetes ${text} is supported by this build`);
    return fail(
      `Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes version: ${formatSemVer(k8s)}. Kubeadm version: ${TOOL_VERSION.major}.${TOOL_VERSION.minor}.x`,
      `use a minikubeadm built for ${TOOL_VERSION.major}.${k8s.minor}, or set kubernetesVersion to v${TOOL_VERSION.major}.${TOOL_VERSION.minor}.x or older`,
    );
  },
};

const KUBELET_OUTPUT = /^\s*Kubernetes v((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)([-0-9a-zA-Z_.+]*)?)\s*$/;

/** The version `kubelet --version` reports, or undefined when there is no kubelet or its answer does not parse. */
export async function installedKubeletVersion(host: Parameters<Check['run']>[0]): Promise<SemVer | undefined> {
  const r = await host.run('kubelet', ['--version'], { timeoutMs: COMMAND_TIMEOUT_MS });
  if (r === 'missing' || r.timedOut || r.exitCode !== 0) return undefined;
  const m = KUBELET_OUTPUT.exec(r.stdout.trim());
  return m ? parseSemVer(m[1]!) : undefined;
}

export const kubeletVersionCheck: Check = {
  name: 'KubeletVersion',
  severity: 'error',
  appliesTo: always,
  async run(host, plan) {
    const want = plan.kubernetesVersion ? `kubelet ${plan.kubernetesVersion}` : 'the kubelet';
    const install = `install ${want} from the Kubernetes package repository and make sure \`kubelet\` is on PATH`;
    const r = await host.run('kubelet', ['--version'], { timeoutMs: COMMAND_TIMEOUT_MS });
    if (r === 'missing') return fail("couldn't get kubelet version: cannot execute 'kubelet --version': executable file not found in $PATH", install);
    if (r.timedOut) return fail(`couldn't get kubelet version: 'kubelet --version' did not finish within ${COMMAND_TIMEOUT_MS / 1000}s`, install);
    if (r.exitCode !== 0) return fail(`couldn't get kubelet version: cannot execute 'kubelet --version': exit status ${r.exitCode}`, install);
    const out = r.stdout.trim();
    const m = KUBELET_OUTPUT.exec(out);
    const kubelet = m ? parseSemVer(m[1]!) : undefined;
    if (!kubelet) return fail(`couldn't get kubelet version: Unable to parse output from Kubelet: "${out}"`, install);
    const min = minKubeletVersion(plan.kubernetesVersion);
    if (compareSemVer(kubelet, min) < 0) {
      return fail(`Kubelet version "${formatSemVer(kubelet)}" is lower than kubeadm can support. Please upgrade kubelet`, `${install}; the oldest supported is v${formatSemVer(min)}`);
    }
    if (plan.kubernetesVersion) {
      const k8s = parseSemVer(plan.kubernetesVersion);
      if (!k8s) return fail(`couldn't parse Kubernetes version "${plan.kubernetesVersion}"`, 'set kubernetesVersion to a release such as v1.32.4');
      if (kubelet.major > k8s.major || kubelet.minor > k8s.minor) {
        return fail(
          `the kubelet version is higher than the control plane version. This is not a supported version skew and may lead to a malfunctional cluster. Kubelet version: "${formatSemVer(kubelet)}" Control plane version: "${formatSemVer(k8s)}"`,
          `install kubelet v${k8s.major}.${k8s.minor}.x, or raise kubernetesVersion to v${kubelet.major}.${kubelet.minor}.x`,
        );
      }
    }
    return pass(`kubelet v${formatSemVer(kubelet)}`);
  },
};

/** `https://host:2379` + `/version`, with doubled slashes in the path collapsed (kubeadm's normalizeURLString). */
export function etcdVersionUrl(endpoint: string): string {
  const u = new URL(`${endpoint}/version`);
  u.pathname = u.pathname.replaceAll('//', '/');
  return u.toString();
}

async function endpointProblem(host: Parameters<Check['run']>[0], external: ExternalEtcd, endpoint: string, min: SemVer): Promise<string | undefined> {
  let url: string;
  try {
    url = etcdVersionUrl(endpoint);
  } catch {
    return `failed to parse external etcd endpoint ${endpoint}`;
  }
  const r = await host.httpGet(url, { caFile: external.caFile || undefined, certFile: external.certFile || undefined, keyFile: external.keyFile || undefined }, COMMAND_TIMEOUT_MS);
  if ('error' in r) return `Get "${url}": ${r.error}`;
  if (r.status >= 500) return `${url}: server responded with non-successful status: ${r.status}`;
  let server = '';
  try {
    server = String((JSON.parse(r.body) as { etcdserver?: unknown }).etcdserver ?? '');
  } catch {
    return `${url}: the answer is not JSON: ${r.body.slice(0, 80)}`;
  }
  const v = parseSemVer(server);
  if (!v) return `couldn't parse external etcd version "${server}"`;
  if (compareSemVer(v, min) < 0) return `this version of minikubeadm only supports external etcd version >= ${MIN_EXTERNAL_ETCD_VERSION}. Current version: ${server}`;
  return undefined;
}

export function externalEtcdVersionCheck(appliesTo: (p: PreflightPlan) => boolean): Check {
  return {
    name: 'ExternalEtcdVersion',
    severity: 'error',
    appliesTo,
    async run(host, plan) {
      const external = plan.etcd.external;
      // /version is HTTP: httpEndpoints (v1.35+) when set, else the endpoints serving both.
      const endpoints = external ? (external.httpEndpoints?.length ? external.httpEndpoints : external.endpoints) : [];
      if (!external || endpoints.length === 0) return pass('no external etcd endpoints');
      const min = parseSemVer(MIN_EXTERNAL_ETCD_VERSION)!;
      const problems = (await Promise.all(endpoints.map((e) => endpointProblem(host, external, e, min)))).filter((p): p is string => p !== undefined);
      if (problems.length === 0) return pass(`external etcd ${endpoints.join(', ')} is ${MIN_EXTERNAL_ETCD_VERSION} or newer`);
      return fail(
        problems.join('; '),
        `make sure every etcd.external.endpoints (or httpEndpoints) entry is reachable with etcd.external.caFile/certFile/keyFile and runs etcd ${MIN_EXTERNAL_ETCD_VERSION.replace(/-0$/, '')} or newer`,
      );
    },
  };
}
