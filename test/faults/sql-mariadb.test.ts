import { runConnectionFaults } from '../../plugins/store-sql/test/support/fault-scenarios';

// MariaDB unreachable (through a proxy that is stopped) and KILL <id> on the pool's connections.
runConnectionFaults('mysql', 'MariaDB');
