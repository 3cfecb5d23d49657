// Unit and integration tests run from the compiled output (npm test builds first).
export default {
  files: ['dist/test/unit/**/*.test.js', 'dist/test/integration/**/*.test.js'],
  timeout: '2m',
  concurrency: 2,
  workerThreads: false,
};
