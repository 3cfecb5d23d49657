/** featureGates against the gates of the configured Kubernetes version. */
import test from 'ava';
import { checkFeatureGates } from '../../../../src/config/validate/feature-gates.js';
import { Reporter } from '../../../../src/config/report.js';

function check(gates: Record<string, boolean>, version: string): { issues: string[]; warnings: string[] } {
  const r = new Reporter(undefined);
  checkFeatureGates(gates, version, r);
  return { issues: r.issues.map((i) => `${i.path}: ${i.message}`), warnings: [...r.warnings] };
}

test('a beta gate can be set either way', (t) => {
  t.deepEqual(check({ ControlPlaneKubeletLocalMode: false, WaitForAllControlPlaneComponents: false }, 'v1.33.2'), { issues: [], warnings: [] });
});

test('a GA gate is locked to its value', (t) => {
  t.deepEqual(check({ WaitForAllControlPlaneComponents: true }, 'v1.34.0').issues, []);
  t.deepEqual(check({ WaitForAllControlPlaneComponents: false }, 'v1.34.0').issues, [
    'ClusterConfiguration.featureGates.WaitForAllControlPlaneComponents: feature gate WaitForAllControlPlaneComponents is GA and locked to true in Kubernetes v1.34.0: delete it from featureGates',
  ]);
});

test('a removed gate is refused, naming the minor that removed it', (t) => {
  t.deepEqual(check({ ControlPlaneKubeletLocalMode: true }, 'v1.37.0').issues, [
    'ClusterConfiguration.featureGates.ControlPlaneKubeletLocalMode: feature gate ControlPlaneKubeletLocalMode was removed in v1.36 and its behaviour is always on: delete it from featureGates',
  ]);
  t.regex(check({ EtcdLearnerMode: true }, 'v1.33.0').issues[0]!, /EtcdLearnerMode was removed in v1\.33/);
});

test('an unknown gate lists the gates of that version; a gate from a later minor is unknown before it', (t) => {
  t.deepEqual(check({ NoSuchGate: true }, 'v1.37.0').issues, [
    'ClusterConfiguration.featureGates.NoSuchGate: NoSuchGate is not a valid kubeadm feature gate for Kubernetes v1.37.0: known gates are RootlessControlPlane',
  ]);
  t.regex(check({ NodeLocalCRISocket: true }, 'v1.31.5').issues[0]!, /NodeLocalCRISocket is not a valid kubeadm feature gate for Kubernetes v1\.31\.5/);
});

test('a deprecated gate turned on is a warning', (t) => {
  t.deepEqual(check({ RootlessControlPlane: true }, 'v1.37.0'), { issues: [], warnings: ['feature gate RootlessControlPlane is deprecated and will be removed in a future release'] });
});
