import test from 'ava';
import { verbosityOf } from '../../../src/cli/report-error.js';

test('the -v level for error reports is read as verbosityFrom accepts it', (t) => {
  t.is(verbosityOf(['init', '-v', '5']), 5);
  t.is(verbosityOf(['init', '--v=7']), 7);
  t.is(verbosityOf(['init']), 0);
});

test('a -v value that was refused does not turn stack traces on', (t) => {
  t.is(verbosityOf(['init', '-v', '99999999999999999999']), 0);
  t.is(verbosityOf(['init', '--v=1e9']), 0);
  t.is(verbosityOf(['init', '-v', 'abc']), 0);
});
