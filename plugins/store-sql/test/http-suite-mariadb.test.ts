import { runHttpSuiteOn } from './support/http-suite';

// `npm test` runs the whole HTTP suite on MariaDB too (ZAQAR_TEST_STORE=mariadb, one database per server).
runHttpSuiteOn('mariadb', 'mysql', 'HTTP suite on MariaDB');
