import test from 'ava';
import type { ExternalEtcd } from '../../../src/config/types.js';
import { CA_CERTS_EXTRA_PATHS, VolumeSet, externalEtcdCertDirs, extraCAVolumeName } from '../../../src/manifests/volumes.js';

test('extra CA volume names drop the leading slash and turn / into -', (t) => {
  t.deepEqual(CA_CERTS_EXTRA_PATHS.map(extraCAVolumeName), ['etc-pki-ca-trust', 'etc-pki-tls-certs', 'etc-ca-certificates', 'usr-share-ca-certificates', 'usr-local-share-ca-certificates']);
});

test('a VolumeSet replaces by name and lists sorted', (t) => {
  const set = new VolumeSet().add('b', '/b', '/b', true, 'Directory').add('a', '/a', '/a', false, 'File');
  set.addExtra([{ name: 'b', hostPath: '/B', mountPath: '/mnt/b', readOnly: false, pathType: '' }]);
  t.deepEqual(set.volumes(), [
    { name: 'a', hostPath: '/a', type: 'File' },
    { name: 'b', hostPath: '/B', type: '' },
  ]);
  t.deepEqual(set.volumeMounts(), [
    { name: 'a', mountPath: '/a', readOnly: false },
    { name: 'b', mountPath: '/mnt/b', readOnly: false },
  ]);
});

const etcd = (caFile: string, certFile: string, keyFile: string): ExternalEtcd => ({ endpoints: ['https://e:2379'], caFile, certFile, keyFile });

const dirs = test.macro({
  exec(t, e: ExternalEtcd, expected: string[]) {
    t.deepEqual(externalEtcdCertDirs(e, '/etc/kubernetes/pki'), expected);
  },
  title: (title = '') => `external etcd cert dirs: ${title}`,
});
test('none set', dirs, etcd('', '', ''), []);
test('one directory', dirs, etcd('/etc/etcd/ca.crt', '/etc/etcd/c.crt', '/etc/etcd/c.key'), ['/etc/etcd']);
test('sorted, distinct', dirs, etcd('/z/ca.crt', '/a/c.crt', '/m/c.key'), ['/a', '/m', '/z']);
test('already mounted dirs are skipped', dirs, etcd('/etc/ssl/certs/ca.crt', '/etc/kubernetes/pki/etcd/c.crt', '/etc/pki/tls/certs/c.key'), []);
test('a parent absorbs its children', dirs, etcd('/opt/etcd/pki/ca.crt', '/opt/etcd/c.crt', '/opt/etcd/keys/c.key'), ['/opt/etcd']);
test('relative file names without a directory are ignored', dirs, etcd('ca.crt', '', ''), []);
