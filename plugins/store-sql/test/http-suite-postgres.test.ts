import { runHttpSuiteOn } from './support/http-suite';

// `npm test` runs the whole HTTP suite on PostgreSQL too (ZAQAR_TEST_STORE=postgres, one schema per server).
runHttpSuiteOn('postgres', 'postgresql', 'HTTP suite on PostgreSQL');
