// End-to-end tests: real binaries, network namespaces, minutes per test. Run as root after
// test/e2e/provision/provision.sh (npm run test:e2e builds first).
export default {
  files: ['dist/test/e2e/**/*.e2e.test.js'],
  timeout: '15m',
  concurrency: 1,
  workerThreads: false,
};
