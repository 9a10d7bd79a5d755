import { sqlServerBackend } from './postgres';

/** MariaDB (ZAQAR_TEST_MYSQL_URI, default root@127.0.0.1:3306), one database per server. */
export const mariadbBackend = sqlServerBackend('mysql');
