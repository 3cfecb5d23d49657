// The shapes of the Kubernetes objects the init test reads, and small predicates over them.

export interface Pod {
  metadata: { name: string; namespace: string; annotations?: Record<string, string>; ownerReferences?: { kind: string }[] };
  spec: { nodeName?: string; containers: { name: string; command?: string[] }[] };
  status: {
    phase: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number; image: string; state: Record<string, { reason?: string }> }[];
  };
}
export interface NodeObj {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string>; managedFields?: { manager: string; operation: string }[] };
  spec: { podCIDR?: string; taints?: { key: string; effect: string }[] };
  status: { conditions: { type: string; status: string; reason?: string; message?: string }[]; nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string } };
}

export const ready = (o: { status: { conditions?: { type: string; status: string }[] } }): boolean => (o.status.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True');

/** Is the IPv4 address `ip` inside `cidr`? */
export function inCidr(ip: string, cidr: string): boolean {
  const toInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const [base, bits] = cidr.split('/');
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  return (toInt(ip) & mask) >>> 0 === (toInt(base!) & mask) >>> 0;
}
