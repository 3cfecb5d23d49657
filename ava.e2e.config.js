// End-to-end tests: real nodes (kubelet, containerd, runc), namespaces, minutes per file. Run as root
// after test/e2e/provision/provision.sh, through test/e2e/run.ts (`npm run test:e2e` builds first),
// which sweeps dead runs first and runs after-suite.e2e.test.js last, on its own.
export default {
  files: ['dist/test/e2e/**/*.e2e.test.js'],
  timeout: '15m',
  concurrency: 1,
  workerThreads: false,
};
